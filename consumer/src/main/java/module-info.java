/** An application module that names only the dsl: core comes with it ({@code requires transitive}). */
module org.simdnn.consumer {
    requires org.simdnn.dsl;
}
