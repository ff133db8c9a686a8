package org.simdnn.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.simdnn.dsl.Dataset;
import org.simdnn.dsl.Network;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code MODEL DATA [--part]} arguments that {@code evaluate} and {@code predict} share. */
final class ModelAndData {

    @Parameters(index = "0", paramLabel = "MODEL", description = "a model file written by train (model.simdnn)")
    Path model;

    @Parameters(index = "1", paramLabel = "DATA", description = "digits, fashion-mnist, an IDX directory or a CSV file")
    String data;

    @Option(
            names = "--part",
            paramLabel = "test|train|all",
            defaultValue = "test",
            description = "which samples of DATA (default: ${DEFAULT-VALUE}, the held-out part train reports)")
    String part = "test";

    @Mixin
    DataOptions dataOptions = new DataOptions();

    /** The saved model, loaded and validated. */
    Network network() throws IOException {
        return Network.load(model);
    }

    /** The chosen part of DATA, checked against the model's input width. */
    Dataset samples(Network net) throws IOException {
        return ModelData.samples(net, dataOptions.load(data), part, model);
    }
}
