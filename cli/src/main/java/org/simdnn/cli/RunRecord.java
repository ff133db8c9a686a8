package org.simdnn.cli;

import java.util.List;
import java.util.Map;
import org.simdnn.core.Backend;

/**
 * The JSON record of a {@code train} run ({@code OUT/run.json}), in the layout of the command-line contract:
 * command, config (every flag as resolved), seed, versions, backend, machine, threads, dataset, per-epoch rows,
 * final test accuracy and training time.
 *
 * @param config       flag name to resolved value (String, Number or Boolean), in the order to write
 * @param testAccuracy accuracy of the saved model on the held-out set (what {@code evaluate} reproduces)
 * @param trainSeconds wall-clock seconds of training (epochs and their per-epoch test evaluation)
 */
record RunRecord(
        String command,
        Map<String, Object> config,
        long seed,
        Backend backend,
        int threads,
        DataSources.Loaded data,
        List<EpochProgress.Row> epochs,
        double testAccuracy,
        double testLoss,
        double trainSeconds) {

    String toJson() {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("command").value(command);
        w.name("config").beginObject();
        for (Map.Entry<String, Object> e : config.entrySet()) {
            w.name(e.getKey());
            Object v = e.getValue();
            if (v instanceof Boolean b) {
                w.value(b);
            } else if (v instanceof Float f) {
                w.value((float) f);
            } else if (v instanceof Integer || v instanceof Long) {
                w.value(((Number) v).longValue());
            } else if (v instanceof Number n) {
                w.value(n.doubleValue());
            } else {
                w.value(String.valueOf(v));
            }
        }
        w.endObject();
        w.name("seed").value(seed);
        w.name("versions")
                .beginObject()
                .name("simdnn")
                .value(SimdnnCli.simdnnVersion())
                .name("java")
                .value(Runtime.version() + " (" + System.getProperty("java.vendor") + ")")
                .name("os")
                .value(Machine.os())
                .endObject();
        w.name("backend")
                .beginObject()
                .name("name")
                .value(backend.name())
                .name("vectorized")
                .value(backend.vectorized())
                .name("vectorBits")
                .value(backend.vectorBits())
                .name("floatLanes")
                .value(backend.floatLanes())
                .name("vectorRegisters")
                .value(backend.vectorRegisters())
                .name("fma")
                .value(backend.fma())
                .name("reason")
                .value(backend.reason())
                .endObject();
        w.name("machine")
                .beginObject()
                .name("cpu")
                .value(Machine.cpu())
                .name("cores")
                .value(Machine.cores())
                .endObject();
        w.name("threads").value(threads);
        w.name("dataset")
                .beginObject()
                .name("name")
                .value(data.name())
                .name("description")
                .value(data.description())
                .name("train")
                .value(data.train().size())
                .name("test")
                .value(data.test().size())
                .name("features")
                .value(data.train().featureCount())
                .name("classes")
                .value(data.train().classCount())
                .name("scale")
                .value(data.scale())
                .endObject();
        w.name("epochs").beginArray();
        for (EpochProgress.Row r : epochs) {
            w.beginObject()
                    .name("epoch")
                    .value(r.epoch() + 1)
                    .name("trainLoss")
                    .value(r.trainLoss())
                    .name("trainAccuracy")
                    .value(r.trainAccuracy())
                    .name("testAccuracy")
                    .value(r.testAccuracy())
                    .name("samplesPerSecond")
                    .value(r.samplesPerSecond())
                    .name("seconds")
                    .value(r.seconds())
                    .endObject();
        }
        w.endArray();
        w.name("testAccuracy").value(testAccuracy);
        w.name("testLoss").value(testLoss);
        w.name("trainSeconds").value(trainSeconds);
        return w.endObject().toJson();
    }
}
