import io.kubesolo.update.delta.ChunkIndex;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/** bench/delta: CPU seconds per GiB to cut and hash a file as a device does with its slot's files. */
public class ChunkRate {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        var threads = ManagementFactory.getThreadMXBean();
        ChunkIndex.ofFile(file); // warm-up: the JIT compiles the loop
        long cpu = threads.getCurrentThreadCpuTime();
        long bytes = 0;
        for (int i = 0; i < rounds; i++) {
            bytes += ChunkIndex.ofFile(file).size();
        }
        double seconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        System.out.printf("%.2f%n", seconds / (bytes / (double) (1L << 30)));
    }
}
