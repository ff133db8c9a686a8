package org.simdnn.cli;

import java.util.Arrays;
import java.util.Locale;
import org.simdnn.dsl.Network;
import org.simdnn.dsl.NetworkBuilder;

/**
 * The network shapes {@code --preset} names. Inputs and outputs follow the data; every preset is a classifier
 * (softmax + cross-entropy). Weights start with the dsl's default for the activation that follows each dense
 * layer (He for ReLU, Glorot for sigmoid, LeCun for LeCun tanh).
 */
enum Presets {
    /** inputs-256-BN-ReLU-256-BN-ReLU-classes, standardized inputs (the main preset). */
    MLP_BN("mlp-bn", "standardize, 2 x (dense 256, batch norm, ReLU), dense, softmax"),
    /** inputs-256-ReLU-256-ReLU-classes, standardized inputs. */
    MLP("mlp", "standardize, 2 x (dense 256, ReLU), dense, softmax"),
    /** The batch-normalized arm of the bn-sigmoid experiment: 3 x (100, BN, sigmoid). */
    SIGMOID_BN("sigmoid-bn", "3 x (dense 100, batch norm, sigmoid), dense, softmax"),
    /** The plain arm of the bn-sigmoid experiment: 3 x (100, sigmoid). */
    SIGMOID("sigmoid", "3 x (dense 100, sigmoid), dense, softmax"),
    /** The LeCun arm of the bn-sigmoid experiment: standardized inputs, 3 x (100, LeCun tanh). */
    LECUN("lecun", "standardize, 3 x (dense 100, LeCun tanh), dense, softmax");

    /** The name of the last hidden activation layer of the sigmoid presets (the experiment probes its input). */
    static final String LAST_HIDDEN_ACTIVATION = "last_hidden_activation";

    private final String flag;
    private final String description;

    Presets(String flag, String description) {
        this.flag = flag;
        this.description = description;
    }

    String flag() {
        return flag;
    }

    String description() {
        return description;
    }

    /** @return whether the network has batch norm, whose training statistics need batches of two rows or more */
    boolean hasBatchNorm() {
        return this == MLP_BN || this == SIGMOID_BN;
    }

    static Presets of(String flag) {
        for (Presets p : values()) {
            if (p.flag.equals(flag.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("no preset '" + flag + "'; choose one of "
                + Arrays.stream(values()).map(Presets::flag).toList());
    }

    /**
     * The network for {@code inputs} features and {@code classes} classes.
     *
     * @param seed weight initialization seed
     */
    Network build(int inputs, int classes, long seed) {
        NetworkBuilder b = Network.builder(inputs).seed(seed);
        switch (this) {
            case MLP_BN ->
                b.standardize()
                        .dense(256)
                        .batchNorm()
                        .relu()
                        .dense(256)
                        .batchNorm()
                        .relu();
            case MLP -> b.standardize().dense(256).relu().dense(256).relu();
            case SIGMOID_BN -> {
                for (int i = 0; i < 3; i++) {
                    b.dense(100).batchNorm().sigmoid();
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < 3; i++) {
                    b.dense(100).sigmoid();
                }
            }
            case LECUN -> {
                b.standardize();
                for (int i = 0; i < 3; i++) {
                    b.dense(100).lecunTanh();
                }
            }
        }
        if (this == SIGMOID_BN || this == SIGMOID || this == LECUN) {
            b.name(LAST_HIDDEN_ACTIVATION);
        }
        return b.dense(classes).softmax().build();
    }
}
