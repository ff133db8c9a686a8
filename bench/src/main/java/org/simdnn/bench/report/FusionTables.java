package org.simdnn.bench.report;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Fused vs unfused: a method {@code xUnfused} is the same computation as {@code x} run as separate passes of the
 * same SIMD kernels (no allocation). One row per pair on the vector backend: both times per element, the speed-up
 * of fusion with its error, the fused kernel's GB/s (or GFLOP/s for GEMM-like rows) and its fraction of the
 * ceiling.
 */
final class FusionTables {
    private final ReportData data;

    FusionTables(ReportData data) {
        this.data = data;
    }

    /** A fused row and its unfused counterpart (same variant and parameters). */
    record FusedPair(JmhRow fused, JmhRow unfused) {
        Estimate speedup() {
            return unfused.nsPerOp().divide(fused.nsPerOp());
        }
    }

    /** Vector-backend (or variant-less) fused/unfused pairs of a family. */
    static List<FusedPair> pairs(ReportData data, String family) {
        List<FusedPair> out = new ArrayList<>();
        for (JmhRow u : data.family(family)) {
            if (!u.method().endsWith("Unfused") || !isVectorOrPlain(u)) {
                continue;
            }
            String base = u.method().substring(0, u.method().length() - "Unfused".length());
            JmhRow f = data.find(family, u.variant(), base, u.params());
            if (f != null) {
                out.add(new FusedPair(f, u));
            }
        }
        return out;
    }

    private static boolean isVectorOrPlain(JmhRow r) {
        return r.variant() == null || r.variant().equals("Vector");
    }

    /** Markdown table for a family, or "" when it has no pairs. */
    String table(String family) {
        List<FusedPair> pairs = pairs(data, family);
        if (pairs.isEmpty()) {
            return "";
        }
        boolean gemmLike = KernelCatalog.gemmFlops(pairs.get(0).fused()) != null;
        Fmt.Table t = gemmLike
                ? new Fmt.Table(
                        "llrrrrrr",
                        "kernel",
                        "shape",
                        "fused time",
                        "unfused time",
                        "fusion speed-up",
                        "fused GFLOP/s",
                        "% of FMA peak",
                        "fused B/op")
                : new Fmt.Table(
                        "llrrrrrr",
                        "kernel",
                        "shape",
                        "fused ns/element",
                        "unfused ns/element",
                        "fusion speed-up",
                        "fused GB/s",
                        "% of copy",
                        "fused B/op");
        for (FusedPair p : pairs) {
            JmhRow f = p.fused();
            if (gemmLike) {
                Estimate g = KernelTables.gflops(f);
                Estimate fma = data.fmaFor(f);
                t.row(
                        f.method(),
                        Fmt.params(f),
                        Fmt.time(f.nsPerOp()),
                        Fmt.time(p.unfused().nsPerOp()),
                        Fmt.ratio(p.speedup()),
                        g == null ? "" : Fmt.est(g),
                        g == null || fma == null ? "" : Fmt.pct(g.value() / fma.value()),
                        Fmt.bytes(f.allocBytesPerOp()));
            } else {
                Long n = KernelCatalog.elements(f);
                Estimate bw = KernelTables.bandwidth(f);
                Estimate copy = data.copyFor(f);
                t.row(
                        f.method(),
                        Fmt.params(f),
                        perElement(f, n),
                        perElement(p.unfused(), n),
                        Fmt.ratio(p.speedup()),
                        bw == null ? "" : Fmt.num(bw.value()),
                        bw == null || copy == null ? "" : Fmt.pct(bw.value() / copy.value()),
                        Fmt.bytes(f.allocBytesPerOp()));
            }
        }
        return t.toString();
    }

    private static String perElement(JmhRow r, @Nullable Long n) {
        return n == null ? "" : Fmt.est(r.nsPerOp().times(1.0 / n));
    }
}
