package org.simdnn.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything one report is generated from: the JMH rows of a results directory, the run environment recorded with
 * each result file, the ceilings of each file, and the side-by-side peer results when present.
 */
public final class ReportData {
    private final JmhResults results;
    private final Map<String, @Nullable RunEnvironment> environments;
    private final Map<String, Ceilings> ceilings;
    private final @Nullable PeerResults peers;
    private final String resultsDir;
    private String notes = "";

    /**
     * Assembles the data.
     *
     * @param results the JMH rows
     * @param environments run environment per source file name (null values for files recorded without one)
     * @param fallbackLanes lanes assumed for the FMA ceiling of a file without a recorded environment
     * @param peers side-by-side peer results, or null when none were taken
     * @param resultsDir the directory the rows were read from, as the report should name it
     */
    public ReportData(
            JmhResults results,
            Map<String, @Nullable RunEnvironment> environments,
            int fallbackLanes,
            @Nullable PeerResults peers,
            String resultsDir) {
        this.results = results;
        this.environments = new LinkedHashMap<>(environments);
        this.peers = peers;
        this.resultsDir = resultsDir;
        this.ceilings = new LinkedHashMap<>();
        for (String source : results.sources()) {
            RunEnvironment env = environments.get(source);
            int lanes = env != null ? env.preferredLanes() : fallbackLanes;
            ceilings.put(source, Ceilings.of(results.rows(), source, lanes, env != null));
        }
    }

    /** Reads a results directory: its JMH files, their environments and, if present, peers/side-by-side.json. */
    public static ReportData read(Path resultsDir, @Nullable Path peersJson, int fallbackLanes, String dirName) {
        JmhResults results = JmhResults.read(JmhResults.resultFiles(resultsDir));
        Map<String, @Nullable RunEnvironment> envs = new LinkedHashMap<>();
        for (Path f : JmhResults.resultFiles(resultsDir)) {
            envs.put(f.getFileName().toString(), RunEnvironment.read(RunEnvironment.fileFor(f)));
        }
        PeerResults peers = peersJson == null ? null : PeerResults.read(peersJson);
        ReportData data = new ReportData(results, envs, fallbackLanes, peers, dirName);
        Path notes = resultsDir.resolve("NOTES.md");
        if (Files.exists(notes)) {
            try {
                data.notes = Files.readString(notes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + notes, e);
            }
        }
        return data;
    }

    /** Hand-written notes kept with the results ({@code NOTES.md} in the results directory), or "". */
    public String notes() {
        return notes;
    }

    /** All rows. */
    public List<JmhRow> rows() {
        return results.rows();
    }

    /** Source files in reading order. */
    public List<String> sources() {
        return results.sources();
    }

    /** The directory name the report cites. */
    public String resultsDir() {
        return resultsDir;
    }

    /** Side-by-side peer results, or null. */
    public @Nullable PeerResults peers() {
        return peers;
    }

    /** The environment of a source file, or null when it was not recorded. */
    public @Nullable RunEnvironment environment(String source) {
        return environments.get(source);
    }

    /** The environment of the newest source that has one, or null. */
    public @Nullable RunEnvironment latestEnvironment() {
        RunEnvironment latest = null;
        for (String s : results.sources()) {
            if (environments.get(s) != null) {
                latest = environments.get(s);
            }
        }
        return latest;
    }

    /** Ceilings per source file. */
    public Map<String, Ceilings> ceilingsBySource() {
        return ceilings;
    }

    /** The copy bandwidth for a row: its own file's, else the newest measured one (null when none). */
    public @Nullable Estimate copyFor(JmhRow row) {
        Ceilings own = ceilings.get(row.source());
        if (own != null && own.copyGBs() != null) {
            return own.copyGBs();
        }
        Estimate last = null;
        for (Ceilings c : ceilings.values()) {
            if (c.copyGBs() != null) {
                last = c.copyGBs();
            }
        }
        return last;
    }

    /** The FMA ceiling for a row: its own file's, else the newest measured one (null when none). */
    public @Nullable Estimate fmaFor(JmhRow row) {
        Ceilings own = ceilings.get(row.source());
        if (own != null && own.fmaGflops() != null) {
            return own.fmaGflops();
        }
        Estimate last = null;
        for (Ceilings c : ceilings.values()) {
            if (c.fmaGflops() != null) {
                last = c.fmaGflops();
            }
        }
        return last;
    }

    /** Rows of a family, in order. */
    public List<JmhRow> family(String family) {
        List<JmhRow> out = new ArrayList<>();
        for (JmhRow r : results.rows()) {
            if (r.family().equals(family)) {
                out.add(r);
            }
        }
        return out;
    }

    /** The row of a family, variant (null for none), method and exact parameters, or null. */
    public @Nullable JmhRow find(String family, @Nullable String variant, String method, Map<String, String> params) {
        for (JmhRow r : results.rows()) {
            if (r.family().equals(family)
                    && Objects.equals(r.variant(), variant)
                    && r.method().equals(method)
                    && r.params().equals(params)) {
                return r;
            }
        }
        return null;
    }
}
