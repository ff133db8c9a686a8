package org.simdnn.dsl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Standardizer;
import org.simdnn.dsl.internal.io.ModelFileReader;
import org.simdnn.dsl.internal.io.ModelFileWriter;
import org.simdnn.dsl.internal.plan.LayerSpec;
import org.simdnn.dsl.internal.plan.ModelState;
import org.simdnn.dsl.internal.plan.Plan;
import org.simdnn.dsl.internal.plan.Seeds;
import org.simdnn.dsl.internal.plan.Workspace;

/**
 * A feed-forward network compiled into fused simdnn kernel calls. Build one with {@link #builder(int)}, train it
 * with {@link #fit}, use it with {@link #predict}, {@link #predictClasses} and {@link #evaluate}:
 * <pre>{@code
 * Network net = Network.builder(784).standardize()
 *     .dense(256).batchNorm().relu()
 *     .dense(10).softmax()
 *     .seed(42).build();
 * System.out.println(net.summary());
 * TrainingHistory history = net.fit(train, new FitOptions().epochs(5).batchSize(128)
 *     .optimizer(Optimizer.sgd(0.1f).momentum(0.9f)).validationSplit(0.1));
 * Evaluation test = net.evaluate(testData);
 * net.save(Path.of("mnist.simdnn"));
 * }</pre>
 *
 * <h2>Modes</h2>
 * Training and inference are not a switch on the network but separate entry points: {@link #fit} runs in training
 * mode (batch statistics, running statistics updated, dropout active); {@link #predict}, {@link #predictClasses},
 * {@link #evaluate} always run in inference mode (running statistics, no dropout).
 *
 * <h2>Threads</h2>
 * Inference methods may be called from many threads at once: each thread gets its own workspace. {@code fit} may
 * run on one thread at a time; a second concurrent {@code fit} is refused with an {@link IllegalStateException}.
 * Inference from a training listener (same thread, between steps) sees consistent weights; inference from another
 * thread while {@code fit} runs sees weights in the middle of an update.
 */
public final class Network {

    /** Rows per inference pass when no {@code maxBatch} is declared. */
    public static final int DEFAULT_INFERENCE_CHUNK = 1024;

    private final ModelState state;
    private final Plan plan;
    private final long seed;
    private final boolean standardize;
    private final int maxBatch;
    private volatile @Nullable Standardizer standardizer;
    private final AtomicReference<@Nullable Thread> trainer = new AtomicReference<>();
    private @Nullable Workspace trainingWorkspace;
    private final ThreadLocal<@Nullable Workspace> inferenceWorkspace = new ThreadLocal<>();
    private volatile @Nullable Plan unfused;

    Network(int inputs, List<LayerSpec> layers, Init[] inits, long seed, boolean standardize, boolean fused,
            int maxBatch) {
        this(new ModelState(inputs, layers), seed, standardize, fused, maxBatch);
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof LayerSpec.Dense d) {
                float[] w = state.weight(i).value();
                inits[i].initialize(w, state.inputWidth(i), d.units(), new SplittableRandom(Seeds.mix(seed, i)));
                for (int j = 0; j < w.length; j++) {
                    if (!Float.isFinite(w[j])) {
                        throw new IllegalArgumentException("the initializer " + inits[i] + " of layer " + i + " ("
                            + d.name() + ") wrote " + w[j] + " at weight " + j + ": weights must start finite");
                    }
                }
            }
        }
    }

    Network(ModelState state, long seed, boolean standardize, boolean fused, int maxBatch) {
        this.state = state;
        this.plan = Plan.compile(state, fused);
        this.seed = seed;
        this.standardize = standardize;
        this.maxBatch = maxBatch;
    }

    /**
     * Starts a network description.
     *
     * @param inputs the number of features per sample
     * @return a new builder
     */
    public static NetworkBuilder builder(int inputs) {
        return new NetworkBuilder(inputs);
    }

    /** @return the number of input features */
    public int inputCount() {
        return state.inputCount();
    }

    /** @return the number of outputs (classes, or regression targets) */
    public int outputCount() {
        return state.outputCount();
    }

    /** @return the seed given to the builder */
    public long seed() {
        return seed;
    }

    /** @return whether the output is a softmax over classes (otherwise a linear regression output) */
    public boolean isClassifier() {
        return plan.head().classification();
    }

    /**
     * Trains the network on {@code train}.
     *
     * <p>Batches: each epoch visits every row once, in a random order if shuffling (a function of the seed and the
     * epoch). The last batch of an epoch holds the remaining rows and may be smaller; when it has a single row and
     * the network has a batch norm (whose batch statistics need two rows), that row is skipped for this epoch
     * (with shuffling, a different row each epoch). Each fit starts a fresh optimizer state.
     *
     * @param train   the training data: classification with {@code outputCount()} classes for a softmax network,
     *                regression with {@code outputCount()} targets for an mse network
     * @param options epochs, batch size, optimizer, ...
     * <p>Interrupting the training thread ({@code Future.cancel(true)}, a cancelled coroutine) stops fit before its
     * next step: it returns the completed epochs with stop reason {@code INTERRUPTED}, keeps the weights of the last
     * completed step and the last checkpoint file written at an epoch's end, and leaves the interrupt flag set.
     *
     * @return the per-epoch statistics and why training stopped
     * @throws IllegalArgumentException when the data does not fit the network
     * @throws IllegalStateException    when another fit is running on this network
     * @throws ArithmeticException      when the loss becomes NaN or infinite (the network keeps the weights of the
     *                                  last step with a finite loss)
     * @throws UncheckedIOException     when a checkpoint cannot be written or the one to resume from cannot be read
     *                                  (the message names the file and the reason)
     */
    public TrainingHistory fit(Dataset train, FitOptions options) {
        return exclusively(() -> {
            checkData(train, "training");
            Dataset validation = options.validation();
            if (validation != null) {
                checkData(validation, "validation");
            }
            Trainer trainer = new Trainer(this, train, options);
            Path resume = options.resumeFrom();
            if (resume != null) {
                resumeFrom(resume, trainer);
            }
            if (standardize && standardizer == null) {
                Dataset rows = trainer.trainingData();
                standardizer = Standardizer.fit(rows.features(), 0, rows.size(), rows.featureCount(),
                    rows.featureCount());
            }
            return trainer.run();
        });
    }

    /**
     * Loss (and, for classification, accuracy and confusion matrix) over a dataset, in inference mode.
     *
     * @param data the samples, shaped like the training data
     * @return the evaluation
     */
    public Evaluation evaluate(Dataset data) {
        checkData(data, "evaluation");
        Workspace ws = inferenceWorkspace(data.size());
        int n = data.size();
        int k = outputCount();
        int f = inputCount();
        boolean classes = isClassifier();
        int[][] confusion = classes ? new int[k][k] : null;
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < n; start += ws.capacity()) {
            int rows = Math.min(ws.capacity(), n - start);
            System.arraycopy(data.features(), start * f, ws.input(), 0, rows * f);
            if (classes) {
                System.arraycopy(data.labels(), start, ws.labels(), 0, rows);
            } else {
                System.arraycopy(data.targets(), start * k, ws.targets(), 0, rows * k);
            }
            standardizeInput(ws, rows);
            float[] out = plan.forward(ws, rows, 0L);
            lossSum += (double) plan.inferenceLoss(ws, rows) * rows;
            if (confusion != null) {
                for (int r = 0; r < rows; r++) {
                    int predicted = Plan.argmax(out, r * k, k);
                    int actual = ws.labels()[r];
                    confusion[actual][predicted]++;
                    if (predicted == actual) {
                        correct++;
                    }
                }
            }
        }
        return new Evaluation(lossSum / n, classes ? (double) correct / n : Double.NaN, confusion);
    }

    /**
     * Outputs for a batch, in inference mode: class probabilities for a softmax network, the linear outputs for an
     * mse network. Batches larger than the workspace are processed in chunks.
     *
     * @param x    {@code rows x inputCount()} features, row-major
     * @param rows number of samples, at least 1
     * @return {@code rows x outputCount()} values, row-major
     */
    public float[] predict(float[] x, int rows) {
        checkInput(x, rows);
        int f = inputCount();
        int k = outputCount();
        float[] result = new float[Math.multiplyExact(rows, k)];
        Workspace ws = inferenceWorkspace(rows);
        for (int start = 0; start < rows; start += ws.capacity()) {
            int n = Math.min(ws.capacity(), rows - start);
            System.arraycopy(x, start * f, ws.input(), 0, n * f);
            standardizeInput(ws, n);
            plan.forward(ws, n, 0L);
            plan.predictions(ws, n, result, start * k);
        }
        return result;
    }

    /**
     * The most probable class of each sample (the first one on ties), in inference mode.
     *
     * @param x    {@code rows x inputCount()} features, row-major
     * @param rows number of samples, at least 1
     * @return {@code rows} class indices
     * @throws IllegalStateException for a regression (mse) network
     */
    public int[] predictClasses(float[] x, int rows) {
        if (!isClassifier()) {
            throw new IllegalStateException("predictClasses needs a softmax output; this network ends with mse():"
                + " use predict");
        }
        float[] p = predict(x, rows);
        int k = outputCount();
        int[] classes = new int[rows];
        for (int r = 0; r < rows; r++) {
            classes[r] = Plan.argmax(p, r * k, k);
        }
        return classes;
    }

    /**
     * Inference-mode values inside the network for a batch, for diagnostics (see {@link Probe} for which value a
     * layer name and kind select). Computed with an unfused plan over the same weights, so values that a fused pass
     * never materializes (a batch norm's output before its activation) are available; values after a fused
     * activation may differ from the fused pass in the last bit. The output layer's post-activation value is
     * {@link #predict} itself.
     *
     * @param layerName a layer name from {@link #summary()}, e.g. {@code "dense_2"} or {@code "sigmoid_1"}
     * @param which     before or after the activation
     * @param x         {@code rows x inputCount()} features, row-major
     * @param rows      number of samples, at least 1
     * @return {@code rows x width} values, row-major, where width is the probed layer's width
     * @throws IllegalArgumentException for an unknown layer name (the message lists the names) or bad input shape
     */
    public float[] probe(String layerName, Probe which, float[] x, int rows) {
        checkInput(x, rows);
        List<LayerSpec> layers = state.layers();
        int named = -1;
        for (int i = 0; i < layers.size() && named < 0; i++) {
            if (layers.get(i).name().equals(layerName)) {
                named = i;
            }
        }
        if (named < 0) {
            throw new IllegalArgumentException("no layer named \"" + layerName + "\"; the layers are "
                + layers.stream().map(LayerSpec::name).toList());
        }
        int last = layers.size() - 1;
        int activation = -1;
        int blockEnd = named;
        for (int i = named; i <= last; i++) {
            LayerSpec l = layers.get(i);
            if (i > named && l instanceof LayerSpec.Dense) {
                break;
            }
            blockEnd = i;
            if (l instanceof LayerSpec.Act || l instanceof LayerSpec.Output) {
                activation = i;
                break;
            }
        }
        // value index v in an unfused plan: 0 = input, i + 1 = output of layer i
        int value;
        if (activation < 0) {
            value = blockEnd + 1;
        } else {
            value = which == Probe.PRE_ACTIVATION ? activation : activation + 1;
        }
        if (value == last + 1) {
            return predict(x, rows); // the network's own output, bit for bit
        }
        Plan probePlan = unfusedPlan();
        int width = value == 0 ? inputCount() : state.width(value - 1);
        float[] result = new float[Math.multiplyExact(rows, width)];
        int chunk = Math.min(rows, maxBatch > 0 ? maxBatch : DEFAULT_INFERENCE_CHUNK);
        Workspace ws = probePlan.newWorkspace(chunk, false, false);
        int f = inputCount();
        for (int start = 0; start < rows; start += chunk) {
            int n = Math.min(chunk, rows - start);
            System.arraycopy(x, start * f, ws.input(), 0, n * f);
            standardizeInput(ws, n);
            probePlan.forward(ws, n, 0L);
            System.arraycopy(ws.values(value), 0, result, start * width, n * width);
        }
        return result;
    }

    /**
     * Saves the network (layers, weights, batch-norm running statistics, input standardizer) to a versioned,
     * checksummed binary file, atomically: a crash leaves the old file or the new one. The layout is in
     * {@code docs/MODEL-FORMAT.md}. A loaded network predicts bit-identically. Do not save while another thread is
     * fitting this network (a listener on the training thread may save).
     *
     * @param file the destination; replaced if it exists
     * @throws IOException if it cannot be written (the message names the file)
     */
    public void save(Path file) throws IOException {
        ModelFileWriter w = new ModelFileWriter(ModelCodec.MODEL);
        ModelCodec.putModel(w, this);
        w.write(file);
    }

    /**
     * Loads a network saved by {@link #save}. Every field is checked before anything sized by it is allocated, and
     * a network is returned only when complete.
     *
     * @param file the model file
     * @return the network
     * @throws IOException for a missing, truncated, corrupt, foreign or inconsistent file, with the reason and the
     *                     file name
     */
    public static Network load(Path file) throws IOException {
        return ModelCodec.readModel(ModelFileReader.read(file, ModelCodec.MODEL)).toNetwork();
    }

    /**
     * A Keras-like table (layer, type, output shape, parameters) followed by the compiled plan: which layers run as
     * one kernel pass.
     *
     * @return the multi-line summary
     */
    public String summary() {
        // Locale.ROOT and '\n' throughout: the same text on every machine (no localized digits, no mixed line ends)
        List<LayerSpec> layers = state.layers();
        StringBuilder s = new StringBuilder();
        String rule = "-".repeat(72) + "\n";
        s.append(String.format(Locale.ROOT, "%-24s %-14s %-18s %12s\n", "Layer", "Type", "Output shape", "Params"));
        s.append(rule);
        s.append(String.format(Locale.ROOT, "%-24s %-14s %-18s %12d\n", "input", "input",
            "(batch, " + inputCount() + ")", 0));
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            long params = state.parameterCount(i);
            total += params;
            s.append(String.format(Locale.ROOT, "%-24s %-14s %-18s %12d\n", l.name(), l.kind(),
                "(batch, " + state.width(i) + ")", params));
        }
        s.append(rule);
        s.append("Trainable parameters: ").append(total).append('\n');
        long running = 0;
        for (float[] stats : state.runningStatistics()) {
            running += stats.length;
        }
        if (running > 0) {
            s.append("Non-trainable values (batch-norm running mean and variance): ").append(running).append('\n');
        }
        if (standardize) {
            s.append("Input standardization: ").append(standardizer == null ? "fitted by the first fit()" : "fitted")
                .append('\n');
        }
        s.append(plan.fused() ? "Fused plan" : "Unfused plan").append(" (").append(plan.steps().length + 1)
            .append(" passes):\n");
        int n = 1;
        for (var step : plan.steps()) {
            StringBuilder names = new StringBuilder();
            for (int i = step.firstLayer(); i <= step.lastLayer(); i++) {
                names.append(i > step.firstLayer() ? " + " : "").append(layers.get(i).name());
            }
            s.append(String.format(Locale.ROOT, "  %2d. %-36s %s\n", n++, names, step.describe()));
        }
        LayerSpec out = layers.get(layers.size() - 1);
        s.append(String.format(Locale.ROOT, "  %2d. %-36s %s\n", n, out.name(), isClassifier()
            ? "softmax cross-entropy (loss + gradient in one pass)" : "mean squared error (loss + gradient in one pass)"));
        return s.toString();
    }

    // ------------------------------------------------------------------------------------------------ internals

    ModelState state() {
        return state;
    }

    Plan plan() {
        return plan;
    }

    /** Every layer as its own pass over the same state: for probes (and the fused(false) comparison). */
    Plan unfusedPlan() {
        Plan p = unfused;
        if (p == null) {
            p = plan.fused() ? Plan.compile(state, false) : plan;
            unfused = p;
        }
        return p;
    }

    boolean standardizes() {
        return standardize;
    }

    @Nullable Standardizer standardizer() {
        return standardizer;
    }

    void restoreStandardizer(@Nullable Standardizer s) {
        this.standardizer = s;
    }

    int declaredMaxBatch() {
        return maxBatch;
    }

    /** The training workspace, reused across fits while it is large enough. */
    Workspace trainingWorkspace(int batch) {
        Workspace ws = trainingWorkspace;
        if (ws == null || ws.capacity() < batch) {
            // Sized by the batch actually trained (fit refuses batches above a declared maxBatch): a declared
            // maxBatch read from a file never allocates by itself.
            ws = plan.newWorkspace(batch, true, false);
            trainingWorkspace = ws;
        }
        return ws;
    }

    /** This thread's inference workspace, grown (up to the chunk size) to hold {@code rows} rows. */
    Workspace inferenceWorkspace(int rows) {
        int chunk = maxBatch > 0 ? maxBatch : DEFAULT_INFERENCE_CHUNK;
        Workspace ws = inferenceWorkspace.get();
        int wanted = Math.min(rows, chunk);
        if (ws == null || ws.capacity() < wanted) {
            // Grown to what the caller's rows need, never beyond the chunk: the declared maxBatch (possibly read
            // from a hostile file) bounds the chunk but is not allocated up front.
            ws = plan.newWorkspace(wanted, false, false);
            inferenceWorkspace.set(ws);
        }
        return ws;
    }

    /** Applies the fitted input standardization to the first rows of the workspace input, if any. */
    void standardizeInput(Workspace ws, int rows) {
        if (!standardize) {
            return;
        }
        Standardizer s = standardizer;
        if (s == null) {
            throw new IllegalStateException("this network standardizes its inputs with statistics fitted by the"
                + " first fit(), which has not run yet: call fit before predict or evaluate");
        }
        s.transform(ws.input(), 0, rows, inputCount(), inputCount());
    }

    private void checkInput(float[] x, int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1, got " + rows);
        }
        if ((long) rows * inputCount() != x.length) {
            throw new IllegalArgumentException("x has " + x.length + " values but " + rows + " rows x "
                + inputCount() + " inputs need " + (long) rows * inputCount());
        }
    }

    private void resumeFrom(Path file, Trainer trainer) {
        try {
            ModelFileReader r = ModelFileReader.read(file, ModelCodec.CHECKPOINT);
            ModelCodec.Loaded loaded = ModelCodec.readModel(r);
            if (loaded.inputs() != inputCount() || !loaded.layers().equals(state.layers())) {
                throw r.error("the checkpoint holds another network (" + loaded.inputs() + " inputs, layers "
                    + loaded.layers().stream().map(LayerSpec::name).toList() + ") than this one (" + inputCount()
                    + " inputs, layers " + state.layers().stream().map(LayerSpec::name).toList()
                    + "): resume with the network that wrote it");
            }
            if (loaded.standardize() != standardize) {
                throw r.error("the checkpoint's network " + (loaded.standardize() ? "standardizes" : "does not"
                    + " standardize") + " its inputs, this one " + (standardize ? "does" : "does not"));
            }
            trainer.resume(r);
            loaded.copyInto(state);
            standardizer = loaded.standardizer();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs work that changes or uses training state, refusing a concurrent fit (or a fit nested in a listener). */
    <T> T exclusively(java.util.function.Supplier<T> work) {
        Thread current = Thread.currentThread();
        if (!trainer.compareAndSet(null, current)) {
            Thread other = trainer.get();
            throw new IllegalStateException(other == current
                ? "fit was called from inside a running fit on the same network (a training listener?): a network"
                  + " trains one fit at a time; evaluate or predict from the listener instead"
                : "this network is already being trained by thread \"" + (other == null ? "?" : other.getName())
                  + "\": concurrent fit calls on one network are refused; train a copy (save/load) instead");
        }
        try {
            return work.get();
        } finally {
            trainer.set(null);
        }
    }

    /** Standardizes the workspace input when a standardizer has been fitted; leaves it raw otherwise. */
    void standardizeInputIfFitted(Workspace ws, int rows) {
        if (standardizer != null) {
            standardizeInput(ws, rows);
        }
    }

    void checkData(Dataset data, String what) {
        if (data.featureCount() != inputCount()) {
            throw new IllegalArgumentException("the " + what + " data " + data + " has " + data.featureCount()
                + " features but the network takes " + inputCount() + " inputs");
        }
        if (isClassifier()) {
            if (!data.isClassification()) {
                throw new IllegalArgumentException("the network ends with softmax() but the " + what + " data "
                    + data + " is a regression dataset: use Dataset.classification, or end with mse()");
            }
            if (data.classCount() != outputCount()) {
                throw new IllegalArgumentException("the " + what + " data " + data + " has " + data.classCount()
                    + " classes but the softmax has " + outputCount() + " outputs: make the last dense layer dense("
                    + data.classCount() + ")");
            }
        } else {
            if (data.isClassification()) {
                throw new IllegalArgumentException("the network ends with mse() but the " + what + " data " + data
                    + " has class labels: use Dataset.regression, or end with softmax()");
            }
            if (data.targetCount() != outputCount()) {
                throw new IllegalArgumentException("the " + what + " data " + data + " has " + data.targetCount()
                    + " targets but the network has " + outputCount() + " outputs");
            }
        }
    }
}
