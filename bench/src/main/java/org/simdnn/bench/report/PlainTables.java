package org.simdnn.bench.report;

import java.util.List;

/**
 * A table for a family the report has no special layout for (e.g. {@code TrainingBench}): every row with its time,
 * its throughput in samples/s when the row has a {@code batch} parameter ({@code batch / time}), and its
 * allocation per call.
 */
final class PlainTables {
    private final ReportData data;

    PlainTables(ReportData data) {
        this.data = data;
    }

    /** Markdown table of the family's rows, or "" when it has none. */
    String table(String family) {
        List<JmhRow> rows = data.family(family);
        if (rows.isEmpty()) {
            return "";
        }
        Fmt.Table t = new Fmt.Table("lllrrr", "benchmark", "variant", "params", "time", "samples/s", "B/op");
        for (JmhRow r : rows) {
            String batch = r.param("batch");
            String samples = batch == null ? "" : Fmt.est(r.nsPerOp().reciprocalTimes(1e9 * Integer.parseInt(batch)));
            t.row(
                    r.method(),
                    r.variant() == null ? "" : r.variant(),
                    Fmt.params(r),
                    Fmt.time(r.nsPerOp()),
                    samples,
                    Fmt.bytes(r.allocBytesPerOp()));
        }
        return t.toString();
    }
}
