/**
 * A receiver-style Kotlin DSL over [NetworkBuilder] and [FitOptions]:
 * ```kotlin
 * val net = network(inputs = 784) {
 *     dense(256) { init = he() }
 *     batchNorm()
 *     relu()
 *     dense(10)
 *     softmax()
 *     seed = 42
 * }
 * net.fit(train, fitOptions { epochs(5); batchSize(128); optimizer(Optimizer.sgd(0.1f).momentum(0.9f)) })
 * ```
 *
 * Only this file needs kotlin-stdlib; Java users of the library do not pull it.
 */
package org.simdnn.dsl.kotlin

import org.simdnn.core.BatchNorm
import org.simdnn.dsl.EpochEvent
import org.simdnn.dsl.FitOptions
import org.simdnn.dsl.Init
import org.simdnn.dsl.Network
import org.simdnn.dsl.NetworkBuilder
import org.simdnn.dsl.Shape
import org.simdnn.dsl.StepEvent
import org.simdnn.dsl.TrainingListener

/** Marks the DSL's receivers so that an inner block cannot call the outer block's functions by accident. */
@DslMarker @Target(AnnotationTarget.CLASS) annotation class NetworkDslMarker

/** Builds a [Network]: each call adds a layer, in order; the properties set network-wide options. */
fun network(inputs: Int, block: NetworkScope.() -> Unit): Network {
    val scope = NetworkScope(Network.builder(inputs))
    scope.block()
    return scope.build()
}

/** Builds a [Network] over samples of the given [Shape] (`Shape.features(n)` for dense stacks). */
fun network(input: Shape, block: NetworkScope.() -> Unit): Network {
    val scope = NetworkScope(Network.builder(input))
    scope.block()
    return scope.build()
}

/** [FitOptions] configured with a receiver block: `fitOptions { epochs(5); batchSize(64) }`. */
fun fitOptions(block: FitOptions.() -> Unit): FitOptions = FitOptions().apply(block)

/**
 * Adds a listener called after every step: `fitOptions { onStep { if (it.loss() < 0.01f) it.stopTraining() } }`.
 * [TrainingListener] has two optional callbacks and so no single abstract method for a Kotlin lambda; this wraps
 * [TrainingListener.onStep]. The event object is reused from step to step: read it, do not keep it.
 */
fun FitOptions.onStep(callback: (StepEvent) -> Unit): FitOptions = listener(TrainingListener.onStep { callback(it) })

/** Adds a listener called after every epoch: `fitOptions { onEpoch { println(it.loss()) } }`. */
fun FitOptions.onEpoch(callback: (EpochEvent) -> Unit): FitOptions = listener(TrainingListener.onEpoch { callback(it) })

/** The receiver of [network]: the layers and options of one network. */
@NetworkDslMarker
class NetworkScope internal constructor(private val builder: NetworkBuilder) {

    /** Seed of the weight initialization and the default seed of shuffles and dropout. */
    var seed: Long = 0

    /** Largest batch (0 = not declared, negative = refused by [network]); see [NetworkBuilder.maxBatch]. */
    var maxBatch: Int = 0

    /** Whether activations are fused into the preceding pass (default true). */
    var fused: Boolean = true

    /** Standardizes the inputs with statistics fitted by the first fit. */
    fun standardize() {
        builder.standardize()
    }

    /** A dense layer of [units]; the block may set its `init`, `bias` and `name`. */
    fun dense(units: Int, block: DenseScope.() -> Unit = {}) {
        val d = DenseScope().apply(block)
        val init = d.init
        val bias = d.bias
        when {
            init != null && bias != null -> builder.dense(units, init, bias)
            init != null -> builder.dense(units, init)
            bias != null -> builder.dense(units, bias)
            else -> builder.dense(units)
        }
        d.name?.let { builder.name(it) }
    }

    /** Batch normalization (PyTorch's defaults and momentum convention). */
    fun batchNorm(
        eps: Float = BatchNorm.DEFAULT_EPS,
        momentum: Float = BatchNorm.DEFAULT_MOMENTUM,
        affine: Boolean = true,
    ) {
        builder.batchNorm(eps, momentum, affine)
    }

    /** ReLU. */
    fun relu() {
        builder.relu()
    }

    /** Leaky ReLU with the negative [slope]. */
    fun leakyRelu(slope: Float) {
        builder.leakyRelu(slope)
    }

    /** Hyperbolic tangent. */
    fun tanh() {
        builder.tanh()
    }

    /** Logistic sigmoid. */
    fun sigmoid() {
        builder.sigmoid()
    }

    /** LeCun's scaled tanh. */
    fun lecunTanh() {
        builder.lecunTanh()
    }

    /** Identity activation. */
    fun identity() {
        builder.identity()
    }

    /** Inverted dropout with drop probability [rate], training only. */
    fun dropout(rate: Float) {
        builder.dropout(rate)
    }

    /** Softmax output with cross-entropy loss (last layer). */
    fun softmax() {
        builder.softmax()
    }

    /** Linear output with mean squared error loss (last layer). */
    fun mse() {
        builder.mse()
    }

    /** Names the last added layer. */
    fun name(name: String) {
        builder.name(name)
    }

    internal fun build(): Network {
        builder.seed(seed).fused(fused)
        // 0 means "not declared"; a negative value goes to the builder, which refuses it with its message
        if (maxBatch != 0) {
            builder.maxBatch(maxBatch)
        }
        return builder.build()
    }
}

/** The receiver of a [NetworkScope.dense] block. */
@NetworkDslMarker
class DenseScope internal constructor() {
    /** The weight initialization; null = the default for the following activation. */
    var init: Init? = null

    /** Whether the layer has a bias; null = yes unless a batch norm follows. */
    var bias: Boolean? = null

    /** The layer's name; null = the default `dense_n`. */
    var name: String? = null

    /** He normal initialization. */
    fun he(): Init = Init.he()

    /** Glorot uniform initialization. */
    fun glorot(): Init = Init.glorot()

    /** LeCun normal initialization. */
    fun lecun(): Init = Init.lecun()
}
