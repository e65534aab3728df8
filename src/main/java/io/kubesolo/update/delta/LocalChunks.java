package io.kubesolo.update.delta;

import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The chunks of a new file that files already on the device hold: each local file is cut with the
 * index's parameters, and every chunk whose digest the index names is remembered with where it is.
 * Reads each file once, in constant memory; remembers only the wanted chunks.
 */
public final class LocalChunks {

    /** Where a wanted chunk's bytes are on the device. */
    public record Location(Path file, long offset, int length) {}

    private final Map<Digest, Location> found;
    private final long scannedBytes;

    private LocalChunks(Map<Digest, Location> found, long scannedBytes) {
        this.found = found;
        this.scannedBytes = scannedBytes;
    }

    /** Nothing local: every chunk is fetched. */
    public static LocalChunks none() {
        return new LocalChunks(Map.of(), 0);
    }

    /**
     * Scans {@code files} (those that do not exist are skipped) for the chunks {@code index} names.
     *
     * @throws IOException when a file that exists cannot be read
     */
    public static LocalChunks scan(ChunkIndex index, List<Path> files) throws IOException {
        Set<Digest> wanted = new HashSet<>();
        index.chunks().forEach(chunk -> wanted.add(chunk.digest()));
        Map<Digest, Location> found = new HashMap<>();
        ChunkScanner scanner = new ChunkScanner(index.parameters());
        long scanned = 0;
        for (Path file : files) {
            if (!Files.isRegularFile(file) || found.size() == wanted.size()) {
                continue;
            }
            try (InputStream in = Files.newInputStream(file)) {
                scanned += scanner.scan(in, chunk -> {
                            if (wanted.contains(chunk.digest())) {
                                found.putIfAbsent(chunk.digest(), new Location(file, chunk.offset(), chunk.length()));
                            }
                        })
                        .size();
            }
        }
        return new LocalChunks(found, scanned);
    }

    public Optional<Location> find(Chunk chunk) {
        return Optional.ofNullable(found.get(chunk.digest()));
    }

    /** How many bytes of local files were read to find them. */
    public long scannedBytes() {
        return scannedBytes;
    }
}
