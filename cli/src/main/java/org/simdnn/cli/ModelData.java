package org.simdnn.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.simdnn.dsl.Dataset;
import org.simdnn.dsl.Network;

/** Picks the samples a saved model is run on and checks that they fit it. */
final class ModelData {

    private ModelData() {}

    static Dataset samples(Network net, DataSources.Loaded loaded, String part, Path model) {
        DataSources.Part which;
        try {
            which = DataSources.Part.valueOf(part.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--part must be test, train or all, got '" + part + "'");
        }
        Dataset d = loaded.part(which);
        if (d.featureCount() != net.inputCount()) {
            throw new IllegalArgumentException(model + " takes " + net.inputCount() + " features but " + loaded.name()
                    + " has " + d.featureCount() + ": was the model trained on other data?");
        }
        if (d.classCount() > net.outputCount()) {
            throw new IllegalArgumentException(model + " predicts " + net.outputCount() + " classes but "
                    + loaded.name() + " has " + d.classCount());
        }
        return d.classCount() == net.outputCount()
                ? d
                : Dataset.classification(d.features(), d.size(), d.featureCount(), d.labels(), net.outputCount());
    }
}
