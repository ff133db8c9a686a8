package org.simdnn.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.simdnn.dsl.EpochEvent;
import org.simdnn.dsl.StepEvent;
import org.simdnn.dsl.TrainingListener;

/**
 * Turns Ctrl-C (SIGINT) and kill (SIGTERM) during training into a clean stop. The JVM answers both by running
 * shutdown hooks and then exiting with 128 + the signal number (130, 143); the hook here asks the training thread
 * to stop and waits until it has. The training thread interrupts itself at the next step boundary, so {@code fit}
 * abandons the step in progress without ever being interrupted inside a checkpoint write, and returns with stop
 * reason {@code INTERRUPTED}; the command then prints how to resume and calls {@link #close()}, which lets the JVM
 * exit.
 */
final class StopOnSignal implements TrainingListener, AutoCloseable {

    /** How long the hook waits for the training thread: a step and a checkpoint write take far less. */
    private static final long WAIT_SECONDS = 30;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::stopAndWait, "simdnn-stop-on-signal");
    private volatile boolean requested;

    /** Installs the hook; from now until {@link #close()}, a signal waits for the command to finish cleanly. */
    StopOnSignal() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void stopAndWait() {
        requested = true;
        try {
            finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onStep(StepEvent event) {
        if (requested) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onEpoch(EpochEvent event) {
        if (requested) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the JVM exit if a signal came; otherwise removes the hook. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the signal's shutdown is under way: the hook has just been released and the JVM exits
        }
    }
}
