package org.simdnn.bench.report;

import org.jspecify.annotations.Nullable;
import org.simdnn.bench.CeilingBench;

/**
 * The two hardware ceilings of one result file: copy bandwidth ({@code System.arraycopy} of 256 MiB, read + write
 * counted: 512 MiB of logical traffic per call) and FMA throughput ({@code CeilingBench.fmaPeak} reports ns per
 * vector FMA; one vector FMA = {@code 2 * lanes} flops).
 *
 * @param copyGBs copy bandwidth in GB/s (10^9 B/s), or null when the file has no copy measurement
 * @param fmaGflops FMA throughput in GFLOP/s, or null when the file has no FMA measurement
 * @param lanes float lanes the FMA loop ran on
 * @param lanesRecorded false when the lanes were not recorded with the run and were assumed
 */
public record Ceilings(@Nullable Estimate copyGBs, @Nullable Estimate fmaGflops, int lanes, boolean lanesRecorded) {

    /** Logical bytes of one copy call. */
    public static final double COPY_BYTES = 2.0 * CeilingBench.COPY_FLOATS * Float.BYTES;

    /** The ceilings measured in the rows of one source file. */
    static Ceilings of(Iterable<JmhRow> rows, String source, int lanes, boolean lanesRecorded) {
        Estimate copy = null;
        Estimate fma = null;
        for (JmhRow r : rows) {
            if (!r.source().equals(source) || !r.family().equals("CeilingBench")) {
                continue;
            }
            if (r.method().equals("copy256MiB")) {
                copy = r.nsPerOp().reciprocalTimes(COPY_BYTES);
            } else if (r.method().equals("fmaPeak")) {
                fma = r.nsPerOp().reciprocalTimes(2.0 * lanes);
            }
        }
        return new Ceilings(copy, fma, lanes, lanesRecorded);
    }
}
