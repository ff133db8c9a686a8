/**
 * simdnn dsl: a fluent, Kotlin-friendly builder that compiles dense, batch-norm and activation stacks into fused
 * simdnn kernel calls, trains them, and saves and loads models.
 *
 * <p>{@code requires transitive org.simdnn.core}: the dsl's API names core types ({@code Activation},
 * {@code Simdnn.backend()}), so a module that requires the dsl reads core too. kotlin-stdlib is needed only by the
 * Kotlin DSL ({@code org.simdnn.dsl.kotlin}); Java users do not pull it.
 */
module org.simdnn.dsl {
    requires transitive org.simdnn.core;
    requires static org.jspecify;
    requires static kotlin.stdlib;

    exports org.simdnn.dsl;
    exports org.simdnn.dsl.data;
    exports org.simdnn.dsl.kotlin;
}
