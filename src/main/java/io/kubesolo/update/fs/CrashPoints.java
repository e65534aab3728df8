package io.kubesolo.update.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Test-only crash points: the places between two writes where a power cut leaves the disk in a
 * state of its own. Every write that matters passes one ({@link AtomicFiles} for each file it
 * replaces, the stager for each slot file it streams or removes), named
 * {@code <file name>.<step>}, e.g. {@code state.json.renamed}.
 *
 * <p>The crash-point test names one occurrence in the environment,
 * {@value #CRASH_AT}{@code =state.json.renamed#2} (the second time that point is reached), and the
 * program halts there with {@link Runtime#halt} and status {@value #HALT_STATUS}, as a
 * {@code SIGKILL} would: no finally block, no shutdown hook, no buffered write runs afterwards.
 * {@value #TRACE}{@code =FILE} appends the name of every point reached to FILE, so the test can
 * enumerate them. The page cache survives a halted process, so this simulates a cut between two
 * system calls, not the loss of unsynced data; the fsync order is what protects against that.
 *
 * <p>Read once from the environment into a constant: with neither variable set, {@link #reached}
 * is one comparison with null. (A constant rather than an object passed down because the points
 * sit in static helpers all over the write path; it carries no state a production run uses.)
 */
public final class CrashPoints {

    /** Names the occurrence to die at: {@code <point>#<n>}, n counting from 1 ({@code #1} may be left out). */
    public static final String CRASH_AT = "KUBESOLO_UPDATE_CRASH_AT";
    /** Names a file to which the name of every point reached is appended, one a line. */
    public static final String TRACE = "KUBESOLO_UPDATE_CRASH_TRACE";
    /** The status a halted run exits with: 128 + SIGKILL, what a shell reports for {@code kill -9}. */
    public static final int HALT_STATUS = 137;

    private static final Plan PLAN = Plan.from(System.getenv(CRASH_AT), System.getenv(TRACE));

    private CrashPoints() {}

    /** Passes the point {@code name}; halts the JVM here when the environment asks for it. */
    public static void reached(String name) {
        if (PLAN != null) {
            PLAN.reached(name);
        }
    }

    /** Passes the point named after {@code file} and {@code step}: {@code <file name>.<step>}. */
    public static void reached(Path file, String step) {
        if (PLAN != null) {
            PLAN.reached(file.getFileName() + "." + step);
        }
    }

    /** What the environment asked for: where to die, where to trace, and how often each point was passed. */
    private static final class Plan {

        private final String target;
        private final int occurrence;
        private final Path trace;
        private final Map<String, Integer> passed = new HashMap<>();

        private Plan(String target, int occurrence, Path trace) {
            this.target = target;
            this.occurrence = occurrence;
            this.trace = trace;
        }

        static Plan from(String crashAt, String trace) {
            if ((crashAt == null || crashAt.isEmpty()) && (trace == null || trace.isEmpty())) {
                return null;
            }
            String target = null;
            int occurrence = 1;
            if (crashAt != null && !crashAt.isEmpty()) {
                int hash = crashAt.lastIndexOf('#');
                target = hash < 0 ? crashAt : crashAt.substring(0, hash);
                occurrence = hash < 0 ? 1 : Integer.parseInt(crashAt.substring(hash + 1));
            }
            return new Plan(target, occurrence, trace == null || trace.isEmpty() ? null : Path.of(trace));
        }

        synchronized void reached(String name) {
            int count = passed.merge(name, 1, Integer::sum);
            if (trace != null) {
                try {
                    Files.writeString(
                            trace,
                            name + "\n",
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot append to the crash point trace " + trace, e);
                }
            }
            if (name.equals(target) && count == occurrence) {
                Runtime.getRuntime().halt(HALT_STATUS);
            }
        }
    }
}
