package org.simdnn.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Tables that pair each kernel's {@code Vector} row with its {@code Scalar} twin (same method, same parameters):
 * both times, the speed-up with its propagated error, ns/element, GB/s by the byte-counting rule, the fraction of
 * the copy bandwidth, and the vector row's allocation per call.
 */
final class KernelTables {
    private final ReportData data;
    private boolean crossRun;

    KernelTables(ReportData data) {
        this.data = data;
    }

    /** One vector/scalar pair (either may be missing). */
    record Pair(
            String family,
            String method,
            Map<String, String> params,
            @Nullable JmhRow vector,
            @Nullable JmhRow scalar) {

        /** Scalar time / vector time, or null when one side is missing. */
        @Nullable
        Estimate speedup() {
            return vector == null || scalar == null ? null : scalar.nsPerOp().divide(vector.nsPerOp());
        }
    }

    /** Vector/scalar pairs of a family in the order of the results. */
    static List<Pair> pairs(ReportData data, String family) {
        Map<String, JmhRow[]> byKey = new LinkedHashMap<>();
        for (JmhRow r : data.family(family)) {
            if (r.variant() == null
                    || !(r.variant().equals("Vector") || r.variant().equals("Scalar"))) {
                continue;
            }
            JmhRow[] p = byKey.computeIfAbsent(r.method() + " " + r.paramsText(), k -> new JmhRow[2]);
            p[r.variant().equals("Vector") ? 0 : 1] = r;
        }
        List<Pair> out = new ArrayList<>();
        for (JmhRow[] p : byKey.values()) {
            JmhRow any = p[0] != null ? p[0] : p[1];
            out.add(new Pair(family, any.method(), any.params(), p[0], p[1]));
        }
        // group by method, sizes in measured order
        List<Pair> sorted = new ArrayList<>();
        Set<String> methods = new LinkedHashSet<>();
        out.forEach(q -> methods.add(q.method()));
        for (String m : methods.stream().sorted().toList()) {
            out.stream()
                    .filter(q -> q.method().equals(m))
                    .sorted((a, b) -> Long.compare(size(a), size(b)))
                    .forEach(sorted::add);
        }
        return sorted;
    }

    private static long size(Pair p) {
        JmhRow r = p.vector() != null ? p.vector() : p.scalar();
        Long n = KernelCatalog.elements(r);
        return n == null ? 0 : n;
    }

    /** The markdown table of one family, or an empty string when it has no vector/scalar rows. */
    String table(String family) {
        List<Pair> pairs = pairs(data, family);
        if (pairs.isEmpty()) {
            return "";
        }
        crossRun = false;
        Fmt.Table t = new Fmt.Table(
                "llrrrrrrr",
                "kernel",
                "size",
                "vector time",
                "scalar time",
                "vector speed-up",
                "ns/element",
                "GB/s",
                "% of copy",
                "B/op");
        for (Pair p : pairs) {
            t.row(cells(p));
        }
        String note = crossRun
                ? "\n¹ vector and scalar rows come from different result files (a partial re-run replaced one of them).\n"
                : "";
        return t + note;
    }

    private String[] cells(Pair p) {
        JmhRow v = p.vector();
        JmhRow s = p.scalar();
        KernelCatalog.Kernel k = KernelCatalog.lookup(p.family(), p.method());
        String name = p.method() + (k != null && k.bound() == KernelCatalog.Bound.REFERENCE ? " (reference)" : "");
        Estimate speedup = p.speedup();
        String ratio = "";
        if (speedup != null) {
            ratio = Fmt.ratio(speedup);
            if (!v.source().equals(s.source())) {
                ratio += " ¹";
                crossRun = true;
            }
        }
        String perElement = "";
        String gbs = "";
        String pctCopy = "";
        String alloc = "";
        if (v != null) {
            Long n = KernelCatalog.elements(v);
            if (n != null) {
                perElement = Fmt.num(v.nsPerOp().value() / n);
            }
            Estimate bw = bandwidth(v);
            if (bw != null) {
                gbs = Fmt.num(bw.value());
                Estimate copy = data.copyFor(v);
                if (copy != null) {
                    pctCopy = Fmt.pct(bw.value() / copy.value());
                }
            }
            alloc = Fmt.bytes(v.allocBytesPerOp());
        }
        return new String[] {
            name,
            Fmt.params(v != null ? v : s),
            v == null ? "" : Fmt.time(v.nsPerOp()),
            s == null ? "" : Fmt.time(s.nsPerOp()),
            ratio,
            perElement,
            gbs,
            pctCopy,
            alloc
        };
    }

    /** Logical GB/s of a row (bytes per call / ns per call), or null when its bytes are not counted. */
    static @Nullable Estimate bandwidth(JmhRow r) {
        if (KernelCatalog.gemmFlops(r) != null) {
            return null; // GEMM-like rows are reported in GFLOP/s
        }
        Double bytes = KernelCatalog.bytes(r);
        return bytes == null ? null : r.nsPerOp().reciprocalTimes(bytes);
    }

    /** Nominal GFLOP/s of a row, or null when its flops are not counted. */
    static @Nullable Estimate gflops(JmhRow r) {
        Double flops = KernelCatalog.flops(r);
        return flops == null ? null : r.nsPerOp().reciprocalTimes(flops);
    }
}
