package org.simdnn.dsl

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class DatasetKotlinTest {
    @Test
    fun `Kotlin sees non-null types from the NullMarked package`() {
        val d = Dataset.classification(arrayOf(floatArrayOf(1f, 2f), floatArrayOf(3f, 4f)), intArrayOf(0, 1))
        // labels() is IntArray, not IntArray?: no !! or ?. needed
        val labels: IntArray = d.labels()
        assertEquals(2, labels.size)
        assertEquals("Dataset[2 x 2, 2 classes]", d.toString())
    }
}
