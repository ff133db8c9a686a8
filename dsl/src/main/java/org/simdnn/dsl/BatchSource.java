package org.simdnn.dsl;

import java.util.Iterator;

/**
 * Mini-batches for {@link Network#fit(BatchSource, FitOptions)}: data that does not sit in one array (read in
 * chunks, streamed, one worker's partition). Each epoch gets a fresh iterator; the source decides the order.
 */
@FunctionalInterface
public interface BatchSource {

    /**
     * @param epoch the epoch, from 0
     * @return that epoch's batches, each a {@link Dataset} shaped like the training data
     */
    Iterator<Dataset> batches(int epoch);

    /**
     * A source over a fixed list of batches, the same every epoch.
     *
     * @param batches the batches
     * @return the source
     */
    static BatchSource of(Iterable<Dataset> batches) {
        return epoch -> batches.iterator();
    }
}
