package org.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnn.cli.CliRunner.Run;
import org.simdnn.dsl.Network;

/** The command line as a user runs it, on the embedded digits with a tiny budget. */
class CliEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void trainWritesModelCheckpointAndRunRecordAndTheModelReproducesTheTestAccuracy() throws Exception {
        Path out = dir.resolve("run");
        Run train = CliRunner.run(
                "train",
                "--epochs",
                "2",
                "--batch",
                "64",
                "--seed",
                "7",
                "--threads",
                "1",
                "--out",
                out.toString(),
                "--no-progress");
        assertEquals(0, train.status(), train.out() + train.err());
        assertTrue(train.out().startsWith("simdnn backend: ") || train.out().startsWith("!!!"), train.out());
        assertTrue(train.out().contains(EpochProgress.header()), train.out());
        assertTrue(train.out().contains("\n   1/2 ") && train.out().contains("\n   2/2 "), train.out());
        Path model = out.resolve("model.simdnn");
        assertTrue(Files.size(model) > 0);
        assertTrue(Files.size(out.resolve("checkpoint.simdnn")) > 0);

        JsonNode record = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertEquals("train", record.get("command").asText());
        assertEquals(7, record.get("seed").asLong());
        assertEquals("mlp-bn", record.get("config").get("preset").asText());
        assertEquals(64, record.get("config").get("batch").asInt());
        assertEquals(1, record.get("threads").asInt());
        assertEquals("digits", record.get("dataset").get("name").asText());
        assertEquals(1438, record.get("dataset").get("train").asInt());
        assertEquals(359, record.get("dataset").get("test").asInt());
        assertEquals(64, record.get("dataset").get("features").asInt());
        assertEquals(10, record.get("dataset").get("classes").asInt());
        assertEquals(2, record.get("epochs").size());
        for (JsonNode epoch : record.get("epochs")) {
            for (String field :
                    new String[] {"epoch", "trainLoss", "trainAccuracy", "testAccuracy", "samplesPerSecond", "seconds"
                    }) {
                assertTrue(epoch.get(field).isNumber(), field + " in " + epoch);
            }
        }
        assertTrue(record.get("versions")
                .get("java")
                .asText()
                .startsWith(Integer.toString(Runtime.version().feature())));
        assertTrue(record.get("backend").has("vectorized"));
        assertTrue(record.get("machine").get("cores").asInt() >= 1);
        assertTrue(record.get("trainSeconds").asDouble() > 0);
        double reported = record.get("testAccuracy").asDouble();
        assertTrue(reported > 0.5, "two epochs on digits learn something: " + reported);

        // the saved model, reloaded, gives exactly the accuracy the run reported
        Network reloaded = Network.load(model);
        assertEquals(reported, reloaded.evaluate(DataSources.digits().test()).accuracy());
        Run evaluate = CliRunner.run("evaluate", model.toString(), "digits");
        assertEquals(0, evaluate.status(), evaluate.out() + evaluate.err());
        long correct = Math.round(reported * 359);
        assertTrue(evaluate.out().contains("(" + correct + " of 359)"), evaluate.out());
        assertTrue(evaluate.out().contains("confusion matrix"), evaluate.out());

        Run predict = CliRunner.run("predict", model.toString(), "digits", "--limit", "5");
        assertEquals(0, predict.status(), predict.err());
        String[] lines = predict.out().strip().split("\n");
        assertEquals("index,predicted,probability,label", lines[0]);
        assertEquals(6, lines.length, predict.out());
    }

    @Test
    void resumingFromACheckpointEndsWhereAnUninterruptedRunEnds() throws Exception {
        String[] common = {"--epochs", "2", "--batch", "100", "--seed", "11", "--no-progress"};
        Path straight = dir.resolve("straight");
        Run full = CliRunner.run(concat(new String[] {"train", "--out", straight.toString()}, common));
        assertEquals(0, full.status(), full.err());
        // a one-epoch run leaves the checkpoint an interrupted two-epoch run would have left after epoch 1
        Path first = dir.resolve("first");
        Run one = CliRunner.run(
                "train", "--epochs", "1", "--batch", "100", "--seed", "11", "--no-progress", "--out", first.toString());
        assertEquals(0, one.status(), one.err());
        Path resumed = dir.resolve("resumed");
        Run rest = CliRunner.run(concat(
                new String[] {
                    "train",
                    "--out",
                    resumed.toString(),
                    "--resume",
                    first.resolve("checkpoint.simdnn").toString()
                },
                common));
        assertEquals(0, rest.status(), rest.out() + rest.err());
        assertTrue(rest.out().contains("\n   2/2 ") && !rest.out().contains("\n   1/2 "), rest.out());

        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(straight.resolve("run.json").toFile());
        JsonNode b = json.readTree(resumed.resolve("run.json").toFile());
        assertEquals(2, b.get("epochs").size(), "the record holds the checkpoint's epoch too");
        assertEquals(a.get("testAccuracy").asDouble(), b.get("testAccuracy").asDouble());
        float[] x = DataSources.digits().test().features();
        int rows = DataSources.digits().test().size();
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                Network.load(straight.resolve("model.simdnn")).predict(x, rows),
                Network.load(resumed.resolve("model.simdnn")).predict(x, rows),
                "bit-identical predictions");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void badInputGivesOneLineAndExitCodeOne() throws Exception {
        Path notAModel = Files.writeString(dir.resolve("model.simdnn"), "not a model");
        Run evaluate = CliRunner.run("evaluate", notAModel.toString(), "digits");
        assertEquals(SimdnnCli.EXIT_BAD_INPUT, evaluate.status());
        assertTrue(evaluate.err().startsWith("simdnn evaluate: "), evaluate.err());
        Run data = CliRunner.run("train", "--data", dir.resolve("missing.csv").toString(), "--out", dir.toString());
        assertEquals(SimdnnCli.EXIT_BAD_INPUT, data.status());
        assertTrue(data.err().contains("no dataset"), data.err());
        Run preset = CliRunner.run("train", "--preset", "resnet", "--out", dir.toString());
        assertEquals(SimdnnCli.EXIT_BAD_INPUT, preset.status());
        assertTrue(preset.err().contains("no preset 'resnet'; choose one of [mlp-bn, mlp"), preset.err());
        Run usage = CliRunner.run("train", "--epochs", "many");
        assertEquals(2, usage.status());
        Run none = CliRunner.run();
        assertEquals(2, none.status());
        assertTrue(none.err().contains("give a command"), none.err());
    }
}
