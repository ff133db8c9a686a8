package org.simdnn.core.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The shared pool of daemon threads that multithreaded kernels run on, and the process-wide parallelism setting.
 * Not {@code ForkJoinPool.commonPool()}: its parallelism is {@code cores - 1} (1 on a 2-core machine). The calling
 * thread always runs one share itself, so parallelism {@code p} uses {@code p - 1} pool threads, created lazily on
 * first parallel call and then kept (they are daemons, so they never keep the JVM alive).
 */
public final class GemmPool {
  /** System property: number of threads a kernel call may use (default: available processors). */
  public static final String THREADS_PROPERTY = "simdnn.threads";

  private static volatile int parallelism = initialParallelism();
  private static volatile ThreadPoolExecutor pool;

  private GemmPool() {}

  private static int initialParallelism() {
    int cores = Runtime.getRuntime().availableProcessors();
    String v = System.getProperty(THREADS_PROPERTY);
    if (v == null || v.isBlank()) {
      return cores;
    }
    try {
      int p = Integer.parseInt(v.trim());
      if (p >= 1) {
        return p;
      }
    } catch (NumberFormatException e) {
      // fall through: a bad property must not make the library unusable
    }
    System.getLogger("org.simdnn").log(System.Logger.Level.WARNING, "ignored -D" + THREADS_PROPERTY + "=" + v
        + " (expected a positive integer); using " + cores);
    return cores;
  }

  /** Threads a kernel call may use, the caller included; at least 1. */
  public static int parallelism() {
    return parallelism;
  }

  /** Sets {@link #parallelism()}; {@code p >= 1} (checked by the facade). */
  public static synchronized void setParallelism(int p) {
    parallelism = p;
    ThreadPoolExecutor e = pool;
    if (e != null) {
      resize(e, Math.max(1, p - 1));
    }
  }

  private static void resize(ThreadPoolExecutor e, int workers) {
    if (workers >= e.getMaximumPoolSize()) {
      e.setMaximumPoolSize(workers);
      e.setCorePoolSize(workers);
    } else {
      e.setCorePoolSize(workers);
      e.setMaximumPoolSize(workers);
    }
  }

  private static synchronized ThreadPoolExecutor pool() {
    ThreadPoolExecutor e = pool;
    if (e == null) {
      int workers = Math.max(1, parallelism - 1);
      AtomicInteger n = new AtomicInteger();
      ThreadFactory f = r -> {
        Thread t = new Thread(r, "simdnn-worker-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
      e = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), f);
      pool = e;
    }
    return e;
  }

  /**
   * Runs {@code body.accept(t)} for every t in [0, tasks), task 0 on the calling thread and the others on the
   * pool, and returns when all are done. An exception of any task is rethrown (the first one).
   */
  public static void run(int tasks, IntConsumer body) {
    if (tasks <= 1) {
      body.accept(0);
      return;
    }
    ThreadPoolExecutor e = pool();
    CountDownLatch done = new CountDownLatch(tasks - 1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 1; t < tasks; t++) {
      int task = t;
      e.execute(() -> {
        try {
          body.accept(task);
        } catch (Throwable x) {
          failure.compareAndSet(null, x);
        } finally {
          done.countDown();
        }
      });
    }
    try {
      body.accept(0);
    } catch (Throwable x) {
      failure.compareAndSet(null, x);
    }
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException x) {
        // The tasks write into the caller's arrays: returning before they finish would be a data race.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable x = failure.get();
    if (x instanceof RuntimeException r) {
      throw r;
    }
    if (x instanceof Error r) {
      throw r;
    }
    if (x != null) {
      throw new IllegalStateException(x);
    }
  }
}
