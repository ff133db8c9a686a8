package org.simdnn.dsl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Standardizer;
import org.simdnn.dsl.internal.io.ModelFileReader;
import org.simdnn.dsl.internal.io.ModelFileWriter;
import org.simdnn.dsl.internal.plan.Architecture;
import org.simdnn.dsl.internal.plan.DenseLayer;
import org.simdnn.dsl.internal.plan.Layer;
import org.simdnn.dsl.internal.plan.ModelState;
import org.simdnn.dsl.internal.plan.Plan;
import org.simdnn.dsl.internal.plan.Seeds;
import org.simdnn.dsl.internal.plan.Tensor;
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
    private final Workspaces workspaces;
    private volatile @Nullable Plan unfused;
    private boolean loaded;

    Network(Architecture architecture, Init[] inits, long seed, boolean standardize, boolean fused, int maxBatch) {
        this(new ModelState(architecture), seed, standardize, fused, maxBatch);
        for (int i = 0; i < architecture.layers().size(); i++) {
            if (architecture.layers().get(i) instanceof DenseLayer d) {
                d.initialize(
                        state.tensorsOf(i).get("weight"),
                        architecture.inputOf(i).size(),
                        inits[i],
                        new SplittableRandom(Seeds.mix(seed, i)));
            }
        }
    }

    Network(ModelState state, long seed, boolean standardize, boolean fused, int maxBatch) {
        this.state = state;
        this.plan = Plan.compile(state, fused);
        this.seed = seed;
        this.standardize = standardize;
        this.maxBatch = maxBatch;
        this.workspaces = new Workspaces(plan, maxBatch > 0 ? maxBatch : DEFAULT_INFERENCE_CHUNK);
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

    /**
     * Starts a network description over samples of the given shape (flat {@code Shape.features(n)} for dense
     * stacks).
     *
     * @param input the shape of one sample
     * @return a new builder
     */
    public static NetworkBuilder builder(Shape input) {
        return new NetworkBuilder(input);
    }

    /** @return the layer names, in order (as {@link #summary()} lists them) */
    public List<String> layerNames() {
        return state.layers().stream().map(Layer::name).toList();
    }

    /** @return the shape of one input sample */
    public Shape inputShape() {
        return state.inputShape();
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
                Dataset rows = trainer.trainingRows();
                standardizer =
                        Standardizer.fit(rows.features(), 0, rows.size(), rows.featureCount(), rows.featureCount());
            }
            return trainer.run();
        });
    }

    /**
     * Trains the network on mini-batches from a source, so the data need not sit in one array (a file read in
     * chunks, a database cursor, a Spark partition). Each epoch asks the source for a fresh iterator; every batch
     * is a {@link Dataset} shaped like the training data with at most {@code options.batchSize()} rows (at least 2
     * with batch norm). The source decides the order (the options' shuffle and validation split do not apply;
     * {@code validation(dataset)} does). A network with {@code standardize()} must have its statistics already
     * ({@link #fitStandardizer}). Otherwise as {@link #fit(Dataset, FitOptions)}.
     *
     * @param source  the mini-batches, epoch by epoch
     * @param options epochs, batch size (the largest batch the source returns), optimizer, ...
     * @return the per-epoch statistics and why training stopped
     */
    public TrainingHistory fit(BatchSource source, FitOptions options) {
        return exclusively(() -> {
            if (options.validationFraction() > 0) {
                throw new IllegalArgumentException("validationSplit needs the data in one Dataset; with a batch"
                        + " source pass validation(dataset)");
            }
            if (standardize && standardizer == null) {
                throw new IllegalStateException("this network standardizes its inputs, and a batch source does not"
                        + " hold the training data in one array to fit the statistics on: call fitStandardizer(sample)"
                        + " before fit");
            }
            Dataset validation = options.validation();
            if (validation != null) {
                checkData(validation, "validation");
            }
            Trainer trainer = new Trainer(this, new Trainer.Source.Batches(source, this), options);
            Path resume = options.resumeFrom();
            if (resume != null) {
                resumeFrom(resume, trainer);
            }
            return trainer.run();
        });
    }

    /**
     * Fits the input standardization (per-feature mean and standard deviation) on a sample of the training data,
     * replacing any fitted before; for {@link #fit(BatchSource, FitOptions)}, which cannot fit it itself.
     *
     * @param sample rows shaped like the training data
     * @throws IllegalStateException when the network was built without {@code standardize()}
     */
    public void fitStandardizer(Dataset sample) {
        if (!standardize) {
            throw new IllegalStateException(
                    "this network was built without standardize(): it has no input" + " statistics to fit");
        }
        checkData(sample, "standardizer");
        exclusively(() -> {
            standardizer =
                    Standardizer.fit(sample.features(), 0, sample.size(), sample.featureCount(), sample.featureCount());
            return null;
        });
    }

    /**
     * The gradient of the mean loss over one batch with respect to every trainable tensor, in training mode (batch
     * statistics, the batch's dropout mask), without changing the network: the first half of a training step, for
     * data-parallel training (each worker computes gradients on its share, the driver merges and applies them with
     * an {@link OptimizerState}). {@code fit} runs the same computation.
     *
     * @param batch     the rows, shaped like the training data (at least 2 with batch norm)
     * @param randomKey the batch's random key (dropout masks; {@code fit} derives it from seed, epoch and step)
     * @return the gradients by tensor name, the loss, and each batch norm's batch statistics
     * @throws ArithmeticException when the loss is not finite
     */
    public Gradients gradients(Dataset batch, long randomKey) {
        checkData(batch, "gradient");
        if (state.hasBatchNorm() && batch.size() < 2) {
            throw new IllegalArgumentException("the network has batch norm, whose training statistics need at least"
                    + " 2 rows; the batch has " + batch.size());
        }
        return exclusively(() -> {
            Workspace ws = plan.newWorkspace(batch.size(), true, false);
            new BatchLoader(this).load(ws, batch, null, 0, batch.size());
            float loss = org.simdnn.dsl.internal.plan.TrainingStep.gradients(plan, ws, batch.size(), randomKey);
            if (!Float.isFinite(loss)) {
                throw new ArithmeticException("the loss on this batch is " + loss + ": no gradient");
            }
            return Gradients.of(state, loss, batch.size(), plan.statistics(ws, batch.size()));
        });
    }

    /**
     * Applies batch statistics (from {@link Gradients#statistics()}, possibly merged over workers) to the running
     * statistics of the batch-norm layers they name, with each layer's momentum, as {@code fit} does after every
     * step. {@link OptimizerState#apply} calls it.
     *
     * @param statistics the statistics
     */
    void applyStatistics(List<BatchStatistics> statistics) {
        plan.apply(statistics);
    }

    /**
     * A trainer that runs {@code fit}'s step on one batch per call ({@link BatchTrainer#trainOnBatch}), with its
     * own optimizer state and a workspace for batches of up to {@code batchSize} rows.
     *
     * @param optimizer the optimizer
     * @param batchSize the largest batch it will be given, at least 1
     * @return the trainer
     */
    public BatchTrainer batchTrainer(Optimizer optimizer, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (maxBatch > 0 && batchSize > maxBatch) {
            throw new IllegalArgumentException("batchSize " + batchSize + " is larger than the network's declared"
                    + " maxBatch " + maxBatch + ": lower the batch size or raise maxBatch");
        }
        return exclusively(() -> new BatchTrainer(this, optimizer, batchSize));
    }

    /**
     * A fresh optimizer state over this network's trainable tensors, for applying gradients computed with
     * {@link #gradients} (possibly merged over workers).
     *
     * @param optimizer the optimizer and its hyper-parameters
     * @return the state, at step 0
     */
    public OptimizerState optimizerState(Optimizer optimizer) {
        return new OptimizerState(this, optimizer);
    }

    /** @return every tensor of the network (layer parameters, then running statistics, in layer order) */
    public List<TensorInfo> tensors() {
        List<TensorInfo> all = new ArrayList<>();
        for (Tensor t : state.tensors().values()) {
            List<Integer> dims = new ArrayList<>();
            for (int d : t.dims()) {
                dims.add(d);
            }
            all.add(new TensorInfo(t.name(), dims, t.trainable()));
        }
        return all;
    }

    /**
     * A copy of a tensor's values, row-major ({@code dense_1.weight} is {@code units x inputs}); also
     * {@code standardizer.mean} and {@code standardizer.std} once fitted.
     *
     * @param name a name from {@link #tensors()}
     * @return the values
     * @throws IllegalArgumentException for an unknown name (the message lists the names)
     */
    public float[] tensor(String name) {
        Standardizer s = standardizer;
        if (s != null && name.equals("standardizer.mean")) {
            return s.mean().clone();
        }
        if (s != null && name.equals("standardizer.std")) {
            return s.std().clone();
        }
        return find(name).value().clone();
    }

    /**
     * Overwrites a tensor's values (a copy is taken). Not while another thread fits this network.
     *
     * @param name   a name from {@link #tensors()}
     * @param values exactly as many finite values as the tensor has (running variances also {@code >= 0})
     * @throws IllegalArgumentException for an unknown name, a wrong length or a bad value
     */
    public void setTensor(String name, float[] values) {
        Tensor t = find(name);
        if (values.length != t.size()) {
            throw new IllegalArgumentException(name + " has shape " + java.util.Arrays.toString(t.dims()) + " = "
                    + t.size() + " values, got " + values.length);
        }
        boolean variance = name.endsWith(".running_var");
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i]) || (variance && values[i] < 0f)) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + values[i] + ": values must be finite"
                        + (variance ? " and >= 0" : ""));
            }
        }
        exclusively(() -> {
            System.arraycopy(values, 0, t.value(), 0, values.length);
            return null;
        });
    }

    private Tensor find(String name) {
        Tensor t = state.tensor(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named \"" + name + "\"; the tensors are "
                    + state.tensors().keySet());
        }
        return t;
    }

    /**
     * The inference computation as a list of operations with their attributes and tensor names (protobuf-free,
     * for exporters): the input standardization if any, then every layer in order; fused passes are listed as
     * their layers.
     *
     * @return the operations in order
     */
    public List<InferenceOp> inferenceOps() {
        List<InferenceOp> ops = new ArrayList<>();
        if (standardize) {
            ops.add(new InferenceOp(
                    "Standardize",
                    "standardizer",
                    Map.of("formula", "(x - mean) / std"),
                    List.of("standardizer.mean", "standardizer.std"),
                    inputShape(),
                    inputShape()));
        }
        Architecture a = state.architecture();
        for (int i = 0; i < a.layers().size(); i++) {
            ops.addAll(a.layers().get(i).inferenceOps(a.inputOf(i)));
        }
        return ops;
    }

    /**
     * Loss (and, for classification, accuracy and confusion matrix) over a dataset, in inference mode.
     *
     * @param data the samples, shaped like the training data
     * @return the evaluation
     */
    public Evaluation evaluate(Dataset data) {
        checkData(data, "evaluation");
        int n = data.size();
        int k = outputCount();
        boolean classes = isClassifier();
        int[][] confusion = classes ? new int[k][k] : null;
        double[] lossSum = {0};
        long[] correct = {0};
        inChunks(plan, data, n, (ws, start, rows) -> {
            float[] out = ws.values(plan.steps().length);
            lossSum[0] += (double) plan.inferenceLoss(ws, rows) * rows;
            if (confusion != null) {
                for (int r = 0; r < rows; r++) {
                    int predicted = Plan.argmax(out, r * k, k);
                    int actual = ws.labels()[r];
                    confusion[actual][predicted]++;
                    if (predicted == actual) {
                        correct[0]++;
                    }
                }
            }
        });
        return new Evaluation(lossSum[0] / n, classes ? (double) correct[0] / n : Double.NaN, confusion);
    }

    /** What to do with one chunk after its forward pass. */
    @FunctionalInterface
    private interface ChunkWork {
        void accept(Workspace ws, int start, int rows);
    }

    /**
     * The one "copy rows, standardize, forward" loop of inference: every chunk of {@code rows} rows of
     * {@code data} (a Dataset, with labels or targets, or a bare feature array) through {@code p} in inference mode.
     */
    private void inChunks(Plan p, Object data, int rows, ChunkWork work) {
        Workspace ws = p == plan
                ? workspaces.inference(rows)
                : p.newWorkspace(Math.min(rows, workspaces.chunk()), false, false);
        BatchLoader loader = new BatchLoader(this);
        for (int start = 0; start < rows; start += ws.capacity()) {
            int n = Math.min(ws.capacity(), rows - start);
            if (data instanceof Dataset d) {
                loader.load(ws, d, null, start, n);
            } else {
                loader.loadFeatures(ws, (float[]) data, start, n);
            }
            p.forward(ws, n, 0L);
            work.accept(ws, start, n);
        }
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
        int k = outputCount();
        float[] result = new float[Math.multiplyExact(rows, k)];
        inChunks(plan, x, rows, (ws, start, n) -> plan.predictions(ws, n, result, start * k));
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
            throw new IllegalStateException(
                    "predictClasses needs a softmax output; this network ends with mse():" + " use predict");
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
        int value = ProbePoint.valueIndex(state, layerName, which);
        if (value == state.layers().size()) {
            return predict(x, rows); // the network's own output, bit for bit
        }
        Plan probePlan = unfusedPlan();
        int width = value == 0
                ? inputCount()
                : state.architecture().outputs().get(value - 1).size();
        float[] result = new float[Math.multiplyExact(rows, width)];
        inChunks(
                probePlan,
                x,
                rows,
                (ws, start, n) -> System.arraycopy(ws.values(value), 0, result, start * width, n * width));
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
        return ModelCodec.readModel(ModelFileReader.read(file, ModelCodec.MODEL))
                .toNetwork();
    }

    /**
     * A Keras-like table (layer, type, output shape, parameters) followed by the compiled plan: which layers run as
     * one kernel pass.
     *
     * @return the multi-line summary
     */
    public String summary() {
        return Summary.of(this);
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

    @Nullable
    Standardizer standardizer() {
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
        return workspaces.training(batch);
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
            throw new IllegalArgumentException("x has " + x.length + " values but " + rows + " rows x " + inputCount()
                    + " inputs need " + (long) rows * inputCount());
        }
    }

    private void resumeFrom(Path file, Trainer trainer) {
        try {
            ModelFileReader r = ModelFileReader.read(file, ModelCodec.CHECKPOINT);
            ModelCodec.Loaded loaded = ModelCodec.readModel(r);
            String difference = state.architecture().firstDifference(loaded.architecture());
            if (difference != null) {
                throw r.error("the checkpoint holds another network than this one (first difference, checkpoint vs"
                        + " this: " + difference + "): resume with the network that wrote it");
            }
            if (loaded.standardize() != standardize) {
                throw r.error("the checkpoint's network "
                        + (loaded.standardize() ? "standardizes" : "does not" + " standardize")
                        + " its inputs, this one " + (standardize ? "does" : "does not"));
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
            throw new IllegalStateException(
                    other == current
                            ? "fit was called from inside a running fit on the same network (a training listener?): a network"
                                    + " trains one fit at a time; evaluate or predict from the listener instead"
                            : "this network is already being trained by thread \""
                                    + (other == null ? "?" : other.getName())
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
                throw new IllegalArgumentException("the network ends with softmax() but the " + what + " data " + data
                        + " is a regression dataset: use Dataset.classification, or end with mse()");
            }
            if (data.classCount() != outputCount()) {
                throw new IllegalArgumentException("the " + what + " data " + data + " has " + data.classCount()
                        + " classes but the " + (loaded ? "model" : "softmax") + " has " + outputCount() + " outputs: "
                        + outputFix(data.classCount(), "classes"));
            }
        } else {
            if (data.isClassification()) {
                throw new IllegalArgumentException("the network ends with mse() but the " + what + " data " + data
                        + " has class labels: use Dataset.regression, or end with softmax()");
            }
            if (data.targetCount() != outputCount()) {
                throw new IllegalArgumentException("the " + what + " data " + data + " has " + data.targetCount()
                        + " targets but the " + (loaded ? "model" : "network") + " has " + outputCount() + " outputs: "
                        + outputFix(data.targetCount(), "targets"));
            }
        }
    }

    /** How to make the outputs fit: a builder change for a network being built, the data for a loaded model. */
    private String outputFix(int wanted, String what) {
        if (loaded) {
            return "a loaded model's outputs are fixed; give it data with " + outputCount() + " " + what
                    + ", or build and train a network for " + wanted;
        }
        List<Layer> layers = state.layers();
        Layer beforeHead = layers.size() >= 2 ? layers.get(layers.size() - 2) : null;
        String head = layers.get(layers.size() - 1).kind() + "()";
        return beforeHead instanceof DenseLayer
                ? "make the last dense layer dense(" + wanted + ")"
                : "add dense(" + wanted + ") before " + head + " (the layer before it, "
                        + (beforeHead == null ? "none" : beforeHead.name()) + ", does not set the width)";
    }

    /** Marks a network read from a file: its architecture is fixed, so messages do not suggest builder changes. */
    void markLoaded() {
        loaded = true;
    }
}
