package org.simdnn.dsl;

import org.jspecify.annotations.Nullable;
import org.simdnn.dsl.internal.plan.Workspace;

/**
 * The one place rows enter a workspace: copy the batch's features (in the given order, or consecutive rows), its
 * labels or targets, then apply the network's input standardization. Training, evaluation, prediction, probes,
 * the gradient API and the gradient check all load batches through it.
 */
final class BatchLoader {

    private final Network network;
    private final boolean standardizeIfFitted;

    /** @param network the network whose input standardization applies (which must be fitted if it has one) */
    BatchLoader(Network network) {
        this(network, false);
    }

    /**
     * @param network             the network
     * @param standardizeIfFitted true to leave the input raw when the network's standardization is not fitted yet
     *                            (the gradient check of an untrained network), false to refuse then
     */
    BatchLoader(Network network, boolean standardizeIfFitted) {
        this.network = network;
        this.standardizeIfFitted = standardizeIfFitted;
    }

    /**
     * @param ws    the workspace
     * @param data  the dataset
     * @param order row indices to take ({@code order[from .. from + rows)}), or null for rows {@code from ..}
     * @param from  first position
     * @param rows  rows to load, at most the workspace capacity
     */
    void load(Workspace ws, Dataset data, int @Nullable [] order, int from, int rows) {
        int f = data.featureCount();
        float[] x = data.features();
        float[] input = ws.input();
        boolean classes = data.isClassification();
        int k = data.targetCount();
        int[] labels = classes ? data.labels() : null;
        float[] targets = classes ? null : data.targets();
        if (order == null) {
            System.arraycopy(x, from * f, input, 0, rows * f);
            if (labels != null) {
                System.arraycopy(labels, from, ws.labels(), 0, rows);
            } else if (targets != null) {
                System.arraycopy(targets, from * k, ws.targets(), 0, rows * k);
            }
        } else {
            for (int r = 0; r < rows; r++) {
                int row = order[from + r];
                System.arraycopy(x, row * f, input, r * f, f);
                if (labels != null) {
                    ws.labels()[r] = labels[row];
                } else if (targets != null) {
                    System.arraycopy(targets, row * k, ws.targets(), r * k, k);
                }
            }
        }
        standardize(ws, rows);
    }

    /**
     * @param ws   the workspace
     * @param x    row-major features
     * @param from first row
     * @param rows rows to load
     */
    void loadFeatures(Workspace ws, float[] x, int from, int rows) {
        int f = network.inputCount();
        System.arraycopy(x, from * f, ws.input(), 0, rows * f);
        standardize(ws, rows);
    }

    private void standardize(Workspace ws, int rows) {
        if (standardizeIfFitted) {
            network.standardizeInputIfFitted(ws, rows);
        } else {
            network.standardizeInput(ws, rows);
        }
    }
}
