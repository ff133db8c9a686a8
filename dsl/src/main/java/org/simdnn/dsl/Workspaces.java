package org.simdnn.dsl;

import org.jspecify.annotations.Nullable;
import org.simdnn.dsl.internal.plan.Plan;
import org.simdnn.dsl.internal.plan.Workspace;

/**
 * A network's workspaces: one training workspace, reused across fits while large enough, and one inference
 * workspace per thread, grown to what the caller's rows need but never beyond the chunk size. A declared maxBatch
 * (possibly read from a hostile file) bounds the chunk but is never allocated up front.
 */
final class Workspaces {

    private final Plan plan;
    private final int chunk;
    private @Nullable Workspace training;
    private final ThreadLocal<@Nullable Workspace> inference = new ThreadLocal<>();

    /**
     * @param plan  the fused plan
     * @param chunk the most rows one inference pass holds
     */
    Workspaces(Plan plan, int chunk) {
        this.plan = plan;
        this.chunk = chunk;
    }

    /** @return the most rows one inference pass holds */
    int chunk() {
        return chunk;
    }

    /** The training workspace, sized by the batch actually trained (fit refuses batches above maxBatch). */
    Workspace training(int batch) {
        Workspace ws = training;
        if (ws == null || ws.capacity() < batch) {
            ws = plan.newWorkspace(batch, true, false);
            training = ws;
        }
        return ws;
    }

    /** This thread's inference workspace, grown (up to the chunk size) to hold {@code rows} rows. */
    Workspace inference(int rows) {
        Workspace ws = inference.get();
        int wanted = Math.min(rows, chunk);
        if (ws == null || ws.capacity() < wanted) {
            ws = plan.newWorkspace(wanted, false, false);
            inference.set(ws);
        }
        return ws;
    }
}
