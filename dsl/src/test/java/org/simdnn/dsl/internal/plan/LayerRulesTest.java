package org.simdnn.dsl.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.simdnn.core.Activation;
import org.simdnn.core.Reductions;

/**
 * The layer records' own rules, which guard the model-file reader (the builder checks names before it makes a
 * record, so only a direct construction reaches these checks), and the plan's argmax rule (the core's).
 */
class LayerRulesTest {

    @Test
    void everyLayerKindRefusesABlankOrOverlongName() {
        String longName = "n".repeat(Layers.MAX_NAME_LENGTH + 1);
        for (String bad : List.of("", "   ", longName)) {
            List<Supplier<Layer>> makers = List.of(
                    () -> new DenseLayer(bad, 4, true),
                    () -> new ActivationLayer(bad, Activation.RELU, 0f),
                    () -> new DropoutLayer(bad, 0.5f),
                    () -> new OutputLayer(bad, OutputLayer.Loss.values()[0]),
                    () -> new BatchNormLayer(bad, 1e-5f, 0.9f, true));
            for (Supplier<Layer> make : makers) {
                var e = assertThrows(IllegalArgumentException.class, make::get, "name length " + bad.length());
                assertTrue(e.getMessage().contains("layer name"), e.getMessage());
            }
        }
    }

    @Test
    void theSmallestValidValuesAreAccepted() {
        assertEquals(1, new DenseLayer("d", 1, false).units());
        assertEquals(0f, new DropoutLayer("p", 0f).rate());
        assertThrows(IllegalArgumentException.class, () -> new DenseLayer("d", 0, false));
        assertThrows(IllegalArgumentException.class, () -> new DropoutLayer("p", 1f));
        assertThrows(IllegalArgumentException.class, () -> new DropoutLayer("p", -0.01f));
    }

    @Test
    void argmaxIsTheCoreRuleFirstOfEqualMaximaAndTheFirstNaNWins() {
        // One rule in the library (and NumPy's and PyTorch's): Reductions.argmax.
        assertEquals(1, Plan.argmax(new float[] {1f, 3f, 3f}, 0, 3));
        assertEquals(2, Plan.argmax(new float[] {9f, 0f, 2f, 5f, 5f}, 1, 4));
        assertEquals(0, Plan.argmax(new float[] {Float.NaN, 2f, Float.NaN}, 0, 3));
        assertEquals(2, Plan.argmax(new float[] {1f, 2f, Float.NaN, 7f}, 0, 4));
        for (float[] row : new float[][] {{0f, -0f}, {-0f, 0f}, {-1f, Float.NaN}, {3f, 3f, Float.NEGATIVE_INFINITY}}) {
            assertEquals(Reductions.argmax(row, 0, row.length), Plan.argmax(row, 0, row.length));
        }
    }
}
