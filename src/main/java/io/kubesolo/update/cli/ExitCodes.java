package io.kubesolo.update.cli;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;
import picocli.CommandLine;

/**
 * The one place that turns outcomes into exit statuses. Documented in docs/cli.md; scripts and
 * systemd units rely on these numbers, so they never change meaning.
 */
public final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {

    public static final int SUCCESS = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int REFUSED = 3;
    public static final int BUSY = 4;
    public static final int UNHEALTHY = 5;

    public static int of(Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> SUCCESS;
            case USAGE -> USAGE;
            case REFUSED -> REFUSED;
            case BUSY -> BUSY;
            case UNHEALTHY -> UNHEALTHY;
            case FAILED -> FAILED;
        };
    }

    @Override
    public int getExitCode(Throwable exception) {
        if (exception instanceof UpdateException updateException) {
            return of(updateException.outcome());
        }
        return FAILED;
    }
}
