package org.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * A few benchmarks run for real (one short fork each, with the forks' own JVM arguments) so that a broken
 * benchmark or a broken harness fails {@code ./mvnw verify}. Not a performance test: figures are discarded.
 */
class JmhSmokeTest {

    @Test
    void benchmarksRunInForkedJvms() throws Exception {
        // a concurrent JMH run elsewhere on the machine must not fail the build
        System.setProperty("jmh.ignoreLock", "true");
        Options opt = new OptionsBuilder()
                .include(ReductionBench.class.getName().replace(".", "\\.") + "\\.(Vector|Scalar)\\.(sum|dot)$")
                .param("n", "1024")
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .forks(1)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(opt).run();
        assertFalse(results.isEmpty(), "JMH ran no benchmark: is the annotation processor configured?");
        // sum + dot, each for the Vector and the Scalar fork
        assertEquals(4, results.size(), () -> "unexpected benchmark set: " + results.size());
        for (RunResult r : results) {
            double score = r.getPrimaryResult().getScore();
            assertTrue(score > 0 && Double.isFinite(score), r.getParams().getBenchmark() + " scored " + score);
        }
    }
}
