package org.simdnn.dsl

import java.nio.file.Path
import java.util.SplittableRandom
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.simdnn.dsl.kotlin.fitOptions
import org.simdnn.dsl.kotlin.network
import org.simdnn.dsl.kotlin.onEpoch
import org.simdnn.dsl.kotlin.onStep

class NetworkKotlinTest {

    @TempDir lateinit var dir: Path

    private val data: Dataset = blobs()

    private fun blobs(): Dataset {
        val r = SplittableRandom(3)
        val n = 600
        val f = 5
        val centres = Array(3) { DoubleArray(f) { r.nextGaussian() * 4 } }
        val labels = IntArray(n) { r.nextInt(3) }
        val x = FloatArray(n * f) { i -> (centres[labels[i / f]][i % f] + r.nextGaussian()).toFloat() }
        return Dataset.classification(x, n, f, labels, 3)
    }

    private fun trainSaveReload(net: Network, file: String): Network {
        val history =
            net.fit(
                data,
                fitOptions {
                    epochs(3)
                    batchSize(32)
                    optimizer(Optimizer.sgd(0.05f).momentum(0.9f))
                },
            )
        assertEquals(3, history.epochs().size)
        assertTrue(net.evaluate(data).accuracy() > 0.9, "accuracy ${net.evaluate(data).accuracy()}")
        val path = dir.resolve(file)
        net.save(path)
        val back = Network.load(path)
        assertArrayEquals(net.predict(data.features(), data.size()), back.predict(data.features(), data.size()))
        return back
    }

    @Test
    fun `Java builder reads naturally with apply`() {
        val net =
            Network.builder(5)
                .apply {
                    dense(16)
                    batchNorm()
                    relu()
                    dense(3)
                    softmax()
                    seed(42)
                }
                .build()
        trainSaveReload(net, "java-style.simdnn")
    }

    @Test
    fun `Kotlin DSL with receivers builds the same network as the Java builder`() {
        val dsl =
            network(inputs = 5) {
                dense(16) { init = he() }
                batchNorm()
                relu()
                dense(3) { name = "logits" }
                softmax()
                seed = 42
            }
        val java =
            Network.builder(5)
                .dense(16, Init.he())
                .batchNorm()
                .relu()
                .dense(3)
                .name("logits")
                .softmax()
                .seed(42)
                .build()
        assertEquals(java.summary(), dsl.summary())
        val first = data.features().copyOf(50)
        assertArrayEquals(java.predict(first, 10), dsl.predict(first, 10))
        val back = trainSaveReload(dsl, "dsl-style.simdnn")
        assertTrue(back.summary().contains("logits"))
    }

    @Test
    fun `a data-parallel step reads naturally from Kotlin`() {
        val net =
            network(input = Shape.features(5)) {
                dense(8)
                batchNorm()
                relu()
                dense(3)
                softmax()
                seed = 4
            }
        val optimizer = net.optimizerState(Optimizer.sgd(0.05f))
        val parts = listOf(data.subset(0, 32), data.subset(32, 64)).map { net.gradients(it, 0L) }
        optimizer.apply(Gradients.merge(parts))
        assertEquals(1L, optimizer.steps())
        assertEquals(listOf(5), net.inputShape().dims().toList())
        assertTrue(net.tensors().any { it.name() == "batch_norm_1.running_var" && !it.trainable() })
    }

    @Test
    fun `listeners are lambdas`() {
        val net =
            network(inputs = 5) {
                dense(8)
                tanh()
                dense(3)
                softmax()
            }
        var steps = 0
        net.fit(
            data,
            fitOptions {
                epochs(2)
                listener(TrainingListener.onStep { steps++ })
                listener(TrainingListener.onEpoch { it.stopTraining() })
            },
        )
        assertEquals(600 / 32 + 1, steps)
    }

    @Test
    fun `DSL misuse gives the builder messages`() {
        val negative =
            assertThrows(IllegalArgumentException::class.java) {
                network(inputs = 5) {
                    dense(3)
                    softmax()
                    maxBatch = -1
                }
            }
        assertTrue(negative.message!!.contains("maxBatch must be at least 1"), negative.message)
        val notLast =
            assertThrows(IllegalArgumentException::class.java) {
                network(inputs = 5) {
                    dense(3)
                    softmax()
                    dense(2)
                }
            }
        assertTrue(notLast.message!!.contains("must be the last layer"), notLast.message)
    }

    @Test
    fun `listener extensions take plain Kotlin lambdas and can stop training`() {
        val net =
            network(inputs = 5) {
                dense(8)
                tanh()
                dense(3)
                softmax()
            }
        val losses = mutableListOf<Float>()
        var epochs = 0
        val history =
            net.fit(
                data,
                fitOptions {
                    epochs(3)
                    batchSize(100)
                    onStep { losses += it.loss() }
                    onEpoch {
                        epochs++
                        if (it.epoch() == 1) it.stopTraining()
                    }
                },
            )
        assertEquals(2, epochs)
        assertEquals(2 * 6, losses.size)
        assertEquals(TrainingHistory.StopReason.LISTENER, history.stopReason())
    }
}
