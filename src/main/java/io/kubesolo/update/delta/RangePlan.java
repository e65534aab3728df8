package io.kubesolo.update.delta;

import java.util.ArrayList;
import java.util.List;

/**
 * The order in which a new file is put together: runs of chunks in file order, each either found
 * locally or fetched with one {@code Range} request. Neighbouring chunks that must be fetched are
 * coalesced into one request of at most {@link #MAX_RANGE_BYTES}, so a changed region costs one
 * round trip, and a request that breaks off costs at most that much again.
 */
public final class RangePlan {

    /** Bounds what one broken request can cost, and is still few requests for a whole file (13 per 100 MiB). */
    static final long MAX_RANGE_BYTES = 8L * 1024 * 1024;

    /** Consecutive chunks, all local or all fetched in one request. */
    public record Step(List<Chunk> chunks, boolean local) {
        public Step {
            chunks = List.copyOf(chunks);
        }

        public long offset() {
            return chunks.get(0).offset();
        }

        public long length() {
            return chunks.get(chunks.size() - 1).end() - offset();
        }
    }

    private final List<Step> steps;

    private RangePlan(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** Plans the chunks of {@code index} from offset {@code from} on (a chunk boundary). */
    public static RangePlan of(ChunkIndex index, LocalChunks local, long from) {
        List<Step> steps = new ArrayList<>();
        List<Chunk> run = new ArrayList<>();
        boolean runLocal = false;
        long runBytes = 0;
        for (Chunk chunk : index.chunks()) {
            if (chunk.offset() < from) {
                continue;
            }
            boolean isLocal = local.find(chunk).isPresent();
            boolean full = !isLocal && runBytes + chunk.length() > MAX_RANGE_BYTES;
            if (!run.isEmpty() && (isLocal != runLocal || full)) {
                steps.add(new Step(run, runLocal));
                run = new ArrayList<>();
                runBytes = 0;
            }
            run.add(chunk);
            runLocal = isLocal;
            runBytes += chunk.length();
        }
        if (!run.isEmpty()) {
            steps.add(new Step(run, runLocal));
        }
        return new RangePlan(steps);
    }

    public List<Step> steps() {
        return steps;
    }

    /** The ranges to fetch, in order. */
    public List<Step> fetched() {
        return steps.stream().filter(step -> !step.local()).toList();
    }

    public long fetchedBytes() {
        return fetched().stream().mapToLong(Step::length).sum();
    }

    public long localBytes() {
        return steps.stream().filter(Step::local).mapToLong(Step::length).sum();
    }
}
