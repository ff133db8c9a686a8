package org.simdnn.cli;

import java.io.IOException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The {@code --data} family of options, shared by the commands that read a dataset. */
final class DataOptions {

    @Option(
            names = "--label",
            paramLabel = "NAME|INDEX",
            description = "CSV files: the label column, by header name or 0-based index (negative counts from the end;"
                    + " default: the last column)")
    @Nullable
    String label;

    @Option(names = "--no-header", description = "CSV files: the first line is data, not column names")
    boolean noHeader;

    DataSources.Loaded load(String spec) throws IOException {
        return DataSources.load(spec, label, !noHeader);
    }
}
