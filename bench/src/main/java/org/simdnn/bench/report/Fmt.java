package org.simdnn.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Number formatting and markdown tables of the report (one place, so every table reads the same). */
final class Fmt {
    private Fmt() {}

    /** A time with its error in one unit chosen for the value: {@code 43.8 ± 8.5 ns}, {@code 5.49 ± 0.62 ms}. */
    static String time(Estimate ns) {
        double v = ns.value();
        String unit;
        double scale;
        if (v < 1e3) {
            unit = "ns";
            scale = 1;
        } else if (v < 1e6) {
            unit = "µs";
            scale = 1e3;
        } else if (v < 1e9) {
            unit = "ms";
            scale = 1e6;
        } else {
            unit = "s";
            scale = 1e9;
        }
        return est(new Estimate(v / scale, ns.error() / scale)) + " " + unit;
    }

    /** A ratio with its error: {@code 7.54 ± 3.57x}. */
    static String ratio(Estimate r) {
        return String.format(Locale.ROOT, "%.2f ± %.2fx", r.value(), r.error());
    }

    /** A value with its error, 3 significant digits: {@code 77.0 ± 17.7}. */
    static String est(Estimate e) {
        int d = decimals(e.value());
        return String.format(Locale.ROOT, "%,." + d + "f ± %,." + d + "f", e.value(), e.error());
    }

    /** Decimals that give a value 3 significant digits (none from 100 up). */
    private static int decimals(double v) {
        double a = Math.abs(v);
        return a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
    }

    /** 3 significant digits, no exponent for the magnitudes of this report. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%,." + decimals(v) + "f", v);
    }

    /** A percentage without decimals. */
    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
    }

    /** Powers of two as 1K, 64K, 16M; other numbers as they are. */
    static String count(long n) {
        if (n >= 1 << 20 && n % (1 << 20) == 0) {
            return (n >> 20) + "M";
        }
        if (n >= 1 << 10 && n % (1 << 10) == 0) {
            return (n >> 10) + "K";
        }
        return Long.toString(n);
    }

    /** Parameters for a table cell: {@code n} as a count, shapes as they are. */
    static String params(JmhRow r) {
        List<String> parts = new ArrayList<>();
        r.params().forEach((k, v) -> parts.add(k.equals("n") ? "n=" + count(Long.parseLong(v)) : k + "=" + v));
        return String.join(", ", parts);
    }

    /** Bytes per operation, whole bytes (small values with one decimal). */
    static String bytes(Double b) {
        if (b == null) {
            return "";
        }
        return b < 10 ? String.format(Locale.ROOT, "%.1f", b) : String.format(Locale.ROOT, "%,.0f", b);
    }

    /** A markdown table builder; alignment per column: 'l' or 'r'. */
    static final class Table {
        private final StringBuilder sb = new StringBuilder();
        private final int columns;

        Table(String alignments, String... headers) {
            if (alignments.length() != headers.length) {
                throw new IllegalArgumentException("one alignment per column");
            }
            columns = headers.length;
            sb.append("| ").append(String.join(" | ", headers)).append(" |\n|");
            for (char a : alignments.toCharArray()) {
                sb.append(a == 'r' ? "---:|" : "---|");
            }
            sb.append('\n');
        }

        Table row(String... cells) {
            if (cells.length != columns) {
                throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
            }
            sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
            return this;
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
