package io.kubesolo.update;

/**
 * How a command ended, as far as the caller of the program is concerned. Each outcome has one
 * documented exit status (docs/cli.md); {@code cli.ExitCodes} is the only place that maps them.
 */
public enum Outcome {
    /** The command did what it was asked. */
    SUCCESS,
    /** The command line was wrong: unknown flag, bad value, conflicting options. */
    USAGE,
    /** A gate or the trust policy said no: maintenance window, channel, signature, ... */
    REFUSED,
    /** Something went wrong: I/O, network, corrupt input, a device that is not as expected. */
    FAILED,
    /** Another update command holds the lock. */
    BUSY,
    /** The health checks did not pass. */
    UNHEALTHY
}
