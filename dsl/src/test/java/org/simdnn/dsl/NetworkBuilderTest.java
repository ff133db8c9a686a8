package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkBuilderTest {

    private static void assertMessage(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message \"" + e.getMessage() + "\" lacks \"" + part + "\"");
        }
    }

    @Test
    void softmaxNotLastNamesTheLayerAndTheFix() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Network.builder(4).dense(3).softmax().dense(2).build());
        assertMessage(e, "layer 1", "softmax()", "dense at layer 2", "must be the last layer");
    }

    @Test
    void missingOutputNamesTheLastLayer() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Network.builder(4).dense(3).relu().build());
        assertMessage(e, "layer 1 (relu)", "end the network with softmax()", "mse()");
    }

    @Test
    void unknownOrBadInputWidth() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Network.builder(0).dense(2).softmax().build());
        assertMessage(e, "input width is 0", "Network.builder(inputs)");
    }

    @Test
    void emptyAndDenseLessNetworks() {
        assertMessage(
                assertThrows(
                        IllegalArgumentException.class, () -> Network.builder(3).build()),
                "no layers");
        assertMessage(
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Network.builder(3).relu().softmax().build()),
                "no dense layer",
                "layer 1");
    }

    @Test
    void softmaxOverOneOutput() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Network.builder(3).dense(1).softmax().build());
        assertMessage(e, "layer 1 (softmax)", "dense(2)", "mse()");
    }

    @Test
    void argumentChecksNameTheLayerIndex() {
        assertMessage(
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Network.builder(3).dense(4).dense(0)),
                "dense(0) at layer 1",
                "[1, ");
        assertMessage(
                assertThrows(
                        IllegalArgumentException.class, () -> Network.builder(3).dropout(1f)),
                "dropout(1.0) at layer 0",
                "[0, 1)");
        assertMessage(
                assertThrows(
                        IllegalArgumentException.class, () -> Network.builder(3).leakyRelu(-0.1f)),
                "leakyRelu(-0.1) at layer 0");
        assertMessage(
                assertThrows(
                        IllegalArgumentException.class, () -> Network.builder(3).batchNorm(0f, 0.1f, true)),
                "batchNorm at layer 0",
                "eps");
        assertMessage(
                assertThrows(
                        IllegalArgumentException.class, () -> Network.builder(3).batchNorm(1e-5f, 1.5f, true)),
                "momentum",
                "PyTorch");
        assertMessage(
                assertThrows(
                        IllegalStateException.class, () -> Network.builder(3).name("x")),
                "no layer has been added yet");
    }

    @Test
    void duplicateNamesAreRefused() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Network.builder(3)
                        .dense(4)
                        .name("a")
                        .relu()
                        .name("a")
                        .dense(2)
                        .softmax()
                        .build());
        assertMessage(e, "layers 0 and 1", "\"a\"", "unique");
    }

    @Test
    void defaultNamesAreKerasLikeAndCountedPerKind() {
        Network net = Network.builder(5)
                .dense(8)
                .batchNorm()
                .relu()
                .dense(8)
                .sigmoid()
                .dense(8)
                .sigmoid()
                .dropout(0.1f)
                .dense(3)
                .name("logits")
                .softmax()
                .build();
        List<String> names = net.layerNames();
        assertEquals(
                List.of(
                        "dense_1",
                        "batch_norm_1",
                        "relu_1",
                        "dense_2",
                        "sigmoid_1",
                        "dense_3",
                        "sigmoid_2",
                        "dropout_1",
                        "logits",
                        "softmax_1"),
                names);
    }

    @Test
    void biasIsDroppedOnlyDirectlyBeforeBatchNormUnlessExplicit() {
        Network net = Network.builder(784)
                .dense(256)
                .batchNorm()
                .relu()
                .dense(256, Init.he(), true)
                .batchNorm()
                .relu()
                .dense(10)
                .softmax()
                .build();
        assertEquals(784 * 256, net.state().parameterCount(0));
        assertEquals(2 * 256, net.state().parameterCount(1));
        assertEquals(256 * 256 + 256, net.state().parameterCount(3));
        assertEquals(256 * 10 + 10, net.state().parameterCount(6));
    }

    @Test
    void summaryShowsTableAndFusedPlan() {
        Network net = Network.builder(784)
                .dense(256)
                .batchNorm()
                .relu()
                .dense(256)
                .batchNorm()
                .relu()
                .dense(10)
                .softmax()
                .build();
        String s = net.summary();
        assertTrue(s.contains("dense_1") && s.contains("(batch, 256)") && s.contains("200704"), s);
        assertTrue(s.contains("Trainable parameters: " + (784 * 256 + 512 + 256 * 256 + 512 + 2570)), s);
        assertTrue(s.contains("Non-trainable values (batch-norm running mean and variance): " + 4 * 256), s);
        assertTrue(s.contains("Fused plan (6 passes)"), s);
        assertTrue(s.contains("batch_norm_1 + relu_1") && s.contains("normalize + affine + relu"), s);
        String unfused = Network.builder(784)
                .dense(256)
                .batchNorm()
                .relu()
                .dense(10)
                .softmax()
                .fused(false)
                .build()
                .summary();
        assertTrue(unfused.contains("Unfused plan (5 passes)") && unfused.contains("relu pass"), unfused);
    }

    @Test
    void denseFollowedByActivationBecomesOneGemmWithEpilogue() {
        String s = Network.builder(4).dense(8).tanh().dense(2).softmax().build().summary();
        assertTrue(s.contains("dense_1 + tanh_1") && s.contains("GEMM + bias + tanh epilogue"), s);
    }

    @Test
    void summaryDescribesEachEpilogueAndTheHead() {
        String plain = Network.builder(4).dense(8, false).dense(2).mse().build().summary();
        assertTrue(plain.contains("GEMM\n") && plain.contains("GEMM + bias epilogue"), plain);
        assertTrue(plain.contains("mean squared error (loss + gradient in one pass)"), plain);
        String noBias = Network.builder(4)
                .dense(8, false)
                .relu()
                .dense(2)
                .softmax()
                .build()
                .summary();
        assertTrue(noBias.contains("GEMM + relu epilogue"), noBias);
        assertTrue(noBias.contains("softmax cross-entropy (loss + gradient in one pass)"), noBias);
    }

    @Test
    void fitRefusesMismatchedData() {
        Network net = Network.builder(4).dense(3).softmax().build();
        Dataset wrongWidth = Synthetic.blobs(10, 5, 3, 3, 1);
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> net.fit(wrongWidth, new FitOptions())),
                "5 features",
                "4 inputs");
        Dataset wrongClasses = Synthetic.blobs(10, 4, 2, 3, 1);
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> net.fit(wrongClasses, new FitOptions())),
                "2 classes",
                "3 outputs",
                "dense(2)");
        Dataset regression = Synthetic.regression(10, 4, 1);
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> net.evaluate(regression)),
                "softmax()",
                "regression dataset");
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> net.predict(new float[7], 2)),
                "7 values",
                "2 rows x 4 inputs");
    }

    @Test
    void classCountHintsFitWhatCanBeChanged(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        Dataset three = Synthetic.blobs(30, 4, 3, 3, 1);
        Network hidden =
                Network.builder(4).dense(64).batchNorm().relu().softmax().build();
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> hidden.fit(three, new FitOptions())),
                "3 classes",
                "64 outputs",
                "add dense(3) before softmax()");
        Network last = Network.builder(4).dense(5).relu().dense(2).softmax().build();
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> last.evaluate(three)),
                "make the last dense layer dense(3)");
        java.nio.file.Path file = dir.resolve("two.simdnn");
        last.save(file);
        var loaded = assertThrows(
                IllegalArgumentException.class, () -> Network.load(file).evaluate(three));
        assertMessage(loaded, "3 classes but the model has 2 outputs", "give it data with 2 classes");
        assertTrue(!loaded.getMessage().contains("dense("), loaded.getMessage());
    }

    @Test
    void fitRefusesABatchLargerThanTheDeclaredMaxBatch() {
        Network net = Network.builder(4).dense(3).softmax().maxBatch(8).build();
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> net.fit(Synthetic.blobs(20, 4, 3, 3, 1), new FitOptions().batchSize(16)));
        assertMessage(e, "batchSize 16", "maxBatch 8", "lower the batch size or raise maxBatch");
        assertMessage(
                assertThrows(
                        IllegalArgumentException.class, () -> Network.builder(4).maxBatch(0)),
                "maxBatch must be at least 1");
    }

    @Test
    void batchNormNeedsTwoRowsPerBatch() {
        Network net = Network.builder(4)
                .dense(3)
                .batchNorm()
                .relu()
                .dense(3)
                .softmax()
                .build();
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> net.fit(Synthetic.blobs(10, 4, 3, 3, 1), new FitOptions().batchSize(1)));
        assertMessage(e, "batch norm", "at least 2");
    }

    @Test
    void summaryIsTheSameTextInEveryLocale() {
        Network net = Network.builder(784)
                .dense(256)
                .batchNorm()
                .relu()
                .dense(10)
                .softmax()
                .build();
        String expected = net.summary();
        assertTrue(!expected.contains("\r"), "one line separator, \\n, on every platform");
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            // Egyptian Arabic formats numbers with Arabic-Indic digits by default
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("ar-EG"));
            assertEquals(expected, net.summary());
        } finally {
            java.util.Locale.setDefault(before);
        }
        assertTrue(expected.contains("200704"), expected);
    }
}
