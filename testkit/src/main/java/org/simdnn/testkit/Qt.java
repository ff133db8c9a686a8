package org.simdnn.testkit;

import java.util.SplittableRandom;
import org.quicktheories.QuickTheory;

/**
 * The one way tests start a QuickTheories property: a fixed example budget ({@code QT_EXAMPLES}, default
 * {@value #DEFAULT_EXAMPLES}) that keeps CI fast, and a seed that is always known: {@code QT_SEED} when set
 * (environment variable or system property), otherwise drawn once per JVM and printed, so any failure can be
 * replayed with {@code QT_SEED=<seed> ./mvnw verify}. QuickTheories also prints the seed in its failure message.
 */
public final class Qt {
    /** Examples per property when QT_EXAMPLES is not set. */
    public static final int DEFAULT_EXAMPLES = 100;
    /** Examples per property in this run. */
    public static final int EXAMPLES = intSetting("QT_EXAMPLES", DEFAULT_EXAMPLES);
    /** Seed of every property in this run. */
    public static final long SEED = seed();

    private Qt() {}

    /** A QuickTheory with this run's budget and seed. */
    public static QuickTheory qt() {
        return QuickTheory.qt().withExamples(EXAMPLES).withFixedSeed(SEED);
    }

    /** A plain random source derived from this run's seed, for deterministic sweeps that want data. */
    public static SplittableRandom random(long salt) {
        return new SplittableRandom(SEED ^ (salt * 0x9E3779B97F4A7C15L));
    }

    private static String setting(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            v = System.getenv(name);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static int intSetting(String name, int dflt) {
        String v = setting(name);
        return v == null ? dflt : Integer.parseInt(v);
    }

    private static long seed() {
        String v = setting("QT_SEED");
        long s = v == null ? new SplittableRandom().nextLong() : Long.parseLong(v);
        System.out.println(
                "[simdnn property tests] QT_SEED=" + s + " QT_EXAMPLES=" + intSetting("QT_EXAMPLES", DEFAULT_EXAMPLES)
                        + (v == null ? " (random; replay with QT_SEED=" + s + ")" : " (from QT_SEED)"));
        return s;
    }
}
