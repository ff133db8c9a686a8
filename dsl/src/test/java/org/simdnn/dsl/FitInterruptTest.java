package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fit honours Thread.interrupt() between steps, so Future.cancel(true) and coroutine cancellation stop it. */
class FitInterruptTest {

    private static final Dataset BLOBS = Synthetic.blobs(1000, 8, 3, 6, 21);

    private static Network small() {
        return Network.builder(8)
                .dense(16)
                .batchNorm()
                .relu()
                .dense(3)
                .softmax()
                .seed(3)
                .build();
    }

    private static List<float[]> weights(Network net) {
        return new ArrayList<>(Tensors.parameters(net).values());
    }

    @Test
    void anInterruptedFitStopsAfterTheCurrentStepWithItsWeightsAndKeepsTheFlag() {
        Network net = small();
        AtomicReference<List<float[]>> afterLastStep = new AtomicReference<>();
        int[] steps = {0};
        TrainingHistory h =
                net.fit(BLOBS, new FitOptions().epochs(50).batchSize(100).listener(TrainingListener.onStep(e -> {
                            steps[0]++;
                            afterLastStep.set(weights(e.network()));
                            if (e.epoch() == 1 && e.step() == 3) {
                                Thread.currentThread().interrupt();
                            }
                        })));
        boolean flag = Thread.interrupted();
        assertTrue(flag, "the interrupt flag is still set when fit returns");
        assertEquals(TrainingHistory.StopReason.INTERRUPTED, h.stopReason());
        assertEquals(1, h.epochs().size(), "only the completed epoch is in the history");
        assertEquals(10 + 4, steps[0], "no step after the interrupt");
        List<float[]> now = weights(net);
        for (int i = 0; i < now.size(); i++) {
            assertArrayEquals(afterLastStep.get().get(i), now.get(i), "weights of the last completed step");
        }
    }

    @Test
    void anInterruptAtTheLastStepOfAnEpochWritesNoCheckpointAndLeavesNoTemporaryFile(@TempDir Path dir)
            throws Exception {
        Network net = small();
        Path checkpoint = dir.resolve("checkpoint.simdnn");
        TrainingHistory h = net.fit(
                BLOBS,
                new FitOptions().epochs(3).batchSize(100).checkpoint(checkpoint).listener(TrainingListener.onStep(e -> {
                    if (e.epoch() == 1 && e.step() == 9) {
                        Thread.currentThread().interrupt();
                    }
                })));
        assertTrue(Thread.interrupted());
        assertEquals(TrainingHistory.StopReason.INTERRUPTED, h.stopReason());
        assertEquals(1, h.epochs().size(), "epoch 1 was not completed: its end (validation, checkpoint) did not run");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(checkpoint), files.toList(), "the checkpoint of epoch 0 and nothing else");
        }
        Network resumed = small();
        assertEquals(
                1,
                resumed.fit(BLOBS, new FitOptions().epochs(1).batchSize(100).resumeFrom(checkpoint))
                        .epochs()
                        .size(),
                "the checkpoint left is complete");
    }

    @Test
    void futureCancelStopsAFitRunningOnAnotherThread() throws Exception {
        Network net = small();
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<TrainingHistory> result = new AtomicReference<>();
        AtomicBoolean flagAfterFit = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> task = pool.submit(() -> {
                try {
                    result.set(net.fit(
                            BLOBS,
                            new FitOptions()
                                    .epochs(100_000)
                                    .batchSize(50)
                                    .listener(TrainingListener.onStep(e -> running.countDown()))));
                    flagAfterFit.set(Thread.currentThread().isInterrupted());
                } finally {
                    finished.countDown();
                }
            });
            assertTrue(running.await(30, TimeUnit.SECONDS));
            task.cancel(true);
            assertTrue(finished.await(30, TimeUnit.SECONDS), "fit returned soon after the cancel");
            assertEquals(TrainingHistory.StopReason.INTERRUPTED, result.get().stopReason());
            assertTrue(flagAfterFit.get(), "the interrupt flag is restored for the caller");
            assertTrue(result.get().epochs().size() < 100_000);
        } finally {
            pool.shutdownNow();
        }
    }
}
