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
        switch (outcome) {
            case SUCCESS:
                return SUCCESS;
            case USAGE:
                return USAGE;
            case REFUSED:
                return REFUSED;
            case BUSY:
                return BUSY;
            case UNHEALTHY:
                return UNHEALTHY;
            case FAILED:
                return FAILED;
            default:
                throw new IllegalStateException("unmapped outcome " + outcome);
        }
    }

    @Override
    public int getExitCode(Throwable exception) {
        if (exception instanceof UpdateException) {
            return of(((UpdateException) exception).outcome());
        }
        return FAILED;
    }
}
