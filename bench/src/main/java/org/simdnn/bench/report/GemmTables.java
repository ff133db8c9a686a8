package org.simdnn.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * SGEMM tables: simdnn's vector GEMM, its scalar twin and EJML side by side in GFLOP/s ({@code 2 m n k / time})
 * per shape, op and thread count, with the ratios (errors propagated) and the fraction of the FMA loop of the same
 * result file; and the thread-scaling table (two threads over one, vector backend).
 */
final class GemmTables {
    private final ReportData data;

    GemmTables(ReportData data) {
        this.data = data;
    }

    /** The vector, scalar and EJML rows of one (shape, op, threads). */
    record Cell(
            String shape,
            String op,
            String threads,
            @Nullable JmhRow vector,
            @Nullable JmhRow scalar,
            @Nullable JmhRow ejml) {}

    /** Cells in result order. */
    static List<Cell> cells(ReportData data) {
        Map<String, JmhRow[]> byKey = new LinkedHashMap<>();
        for (JmhRow r : data.family("GemmBench")) {
            if (r.variant() == null || !r.method().equals("gemm")) {
                continue;
            }
            int slot = switch (r.variant()) {
                case "Vector" -> 0;
                case "Scalar" -> 1;
                case "Ejml" -> 2;
                default -> -1;
            };
            if (slot < 0) {
                continue;
            }
            String threads = r.param("threads") == null ? "1" : r.param("threads");
            byKey.computeIfAbsent(r.param("shape") + "|" + r.param("op") + "|" + threads, k -> new JmhRow[3])[slot] = r;
        }
        List<Cell> out = new ArrayList<>();
        byKey.forEach((k, v) -> {
            String[] p = k.split("\\|");
            out.add(new Cell(p[0], p[1], p[2], v[0], v[1], v[2]));
        });
        return out;
    }

    /** GFLOP/s of a GEMM row. */
    static Estimate gflops(JmhRow r) {
        return r.nsPerOp().reciprocalTimes(KernelCatalog.gemmFlops(r));
    }

    /** Single-thread table with the twin and EJML ("" when there is no GEMM row). */
    String table() {
        List<Cell> cells =
                cells(data).stream().filter(c -> c.threads().equals("1")).toList();
        if (cells.isEmpty()) {
            return "";
        }
        boolean crossRun = false;
        Fmt.Table t = new Fmt.Table(
                "lllrrrrrrr",
                "shape",
                "op",
                "m x n x k",
                "simdnn vector GFLOP/s",
                "scalar twin",
                "EJML",
                "vector / EJML",
                "vector / scalar",
                "% of FMA peak",
                "vector B/op");
        for (Cell c : cells) {
            JmhRow any = c.vector() != null ? c.vector() : c.scalar() != null ? c.scalar() : c.ejml();
            int[] d = KernelCatalog.gemmDims(any);
            Estimate v = c.vector() == null ? null : gflops(c.vector());
            Estimate s = c.scalar() == null ? null : gflops(c.scalar());
            Estimate e = c.ejml() == null ? null : gflops(c.ejml());
            Estimate fma = c.vector() == null ? null : data.fmaFor(c.vector());
            String mark = "";
            if (c.vector() != null
                    && (c.scalar() != null
                                    && !c.scalar().source().equals(c.vector().source())
                            || c.ejml() != null
                                    && !c.ejml().source().equals(c.vector().source()))) {
                mark = " ¹";
                crossRun = true;
            }
            t.row(
                    c.shape(),
                    c.op(),
                    d[0] + " x " + d[1] + " x " + d[2],
                    v == null ? "" : Fmt.est(v) + mark,
                    s == null ? "" : Fmt.est(s),
                    e == null ? "" : Fmt.est(e),
                    v == null || e == null ? "" : Fmt.ratio(v.divide(e)),
                    v == null || s == null ? "" : Fmt.ratio(v.divide(s)),
                    v == null || fma == null ? "" : Fmt.pct(v.value() / fma.value()),
                    c.vector() == null ? "" : Fmt.bytes(c.vector().allocBytesPerOp()));
        }
        return t
                + (crossRun
                        ? "\n¹ the vector row comes from a later result file than the scalar and EJML rows of"
                                + " its line (a re-run replaced it); the ratios mix the two runs.\n"
                        : "");
    }

    /** Thread scaling of the vector GEMM: every shape/op measured at more than one thread count ("" when none). */
    String threadsTable() {
        Map<String, Map<String, JmhRow>> byShape = new LinkedHashMap<>();
        for (Cell c : cells(data)) {
            if (c.vector() != null) {
                byShape.computeIfAbsent(c.shape() + "|" + c.op(), k -> new LinkedHashMap<>())
                        .put(c.threads(), c.vector());
            }
        }
        Fmt.Table t = new Fmt.Table(
                "llrrrrr",
                "shape",
                "op",
                "threads",
                "GFLOP/s",
                "speed-up vs 1 thread",
                "% of 1-thread FMA peak",
                "B/op");
        boolean any = false;
        for (Map.Entry<String, Map<String, JmhRow>> e : byShape.entrySet()) {
            if (e.getValue().size() < 2 || !e.getValue().containsKey("1")) {
                continue;
            }
            any = true;
            String[] so = e.getKey().split("\\|");
            Estimate one = gflops(e.getValue().get("1"));
            for (Map.Entry<String, JmhRow> tr : e.getValue().entrySet()) {
                Estimate g = gflops(tr.getValue());
                Estimate fma = data.fmaFor(tr.getValue());
                t.row(
                        so[0],
                        so[1],
                        tr.getKey(),
                        Fmt.est(g),
                        tr.getKey().equals("1") ? "" : Fmt.ratio(g.divide(one)),
                        fma == null ? "" : Fmt.pct(g.value() / fma.value()),
                        Fmt.bytes(tr.getValue().allocBytesPerOp()));
            }
        }
        return any ? t.toString() : "";
    }
}
