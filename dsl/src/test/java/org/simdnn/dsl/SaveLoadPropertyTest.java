package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnn.testkit.Qt;

/**
 * Anything the library can build (and train), it can save and load: every network the random-architecture
 * generator of {@link GradientCheckTest} makes, with extreme but valid hyper-parameters (eps = 2, momentum 0 and
 * 1, leaky slopes up to 100, dropout 0.95, long and non-ASCII layer names, standardize, maxBatch), untrained or
 * after a short fit, saves and loads back with bit-identical tensors, summary, inference description and
 * predictions.
 */
class SaveLoadPropertyTest {

    @TempDir
    Path dir;

    @Test
    void everyGeneratedNetworkSavesAndLoadsBitIdentically() {
        Qt.qt().forAll(longs().all()).checkAssert(seed -> {
            GradientCheckTest.Case c = GradientCheckTest.randomCase(seed, true);
            Network net = c.network();
            Dataset batch = c.batch();
            if (Math.floorMod(seed, 2) == 0) {
                // trained: moved weights, running statistics, a fitted standardizer, and a checkpoint
                try {
                    net.fit(batch, new FitOptions().epochs(2).batchSize(4));
                } catch (ArithmeticException diverged) {
                    // extreme settings may diverge: the network keeps its last good weights, which must save too
                }
            }
            try {
                Path file = Files.createTempFile(dir, "net", ".simdnn");
                net.save(file);
                Network loaded = Network.load(file);
                Tensors.assertSame(net, loaded);
                assertEquals(net.summary(), loaded.summary(), c.description());
                assertEquals(net.inferenceOps(), loaded.inferenceOps(), c.description());
                if (!net.summary().contains("fitted by the first fit()")) {
                    assertArrayEquals(
                            net.predict(batch.features(), batch.size()),
                            loaded.predict(batch.features(), batch.size()),
                            c.description());
                }
                Path again = Files.createTempFile(dir, "again", ".simdnn");
                loaded.save(again);
                assertArrayEquals(
                        Files.readAllBytes(file),
                        Files.readAllBytes(again),
                        c.description() + ": save -> load -> save is the same bytes");
            } catch (IOException e) {
                throw new UncheckedIOException(c.description(), e);
            }
        });
    }
}
