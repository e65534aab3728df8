package io.kubesolo.update.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Lets the global flags come before the command, as kubectl and cobra users write them:
 * {@code kubesolo-update --root /x status} runs as {@code kubesolo-update status --root /x}. The
 * flags are moved behind the command (behind {@code simulate init}'s subcommand too), where the
 * command's own options parse them, so a command that has no such flag still says so. Only the
 * flags below move; an option that takes a value takes the next argument with it, so {@code --root
 * apply status} is {@code status} with the root {@code apply}. Anything else before the command
 * (another option, {@code --help}) leaves the arguments as they are.
 *
 * <p>Picocli's inherited options ({@code scope = INHERIT}) would do the same by adding the flags to
 * every command, the publishing commands included, where they mean nothing; and moving arguments
 * needs no model of any command, so {@link Main} still builds only the one being run.
 */
public final class LeadingFlags {

    /** Global flags that take a value, as {@code --root DIR} or {@code --root=DIR}: {@link DeviceOptions}'. */
    static final Set<String> WITH_VALUE = Set.of("--root", "--conf", "--state");

    /** Global flags without a value. */
    static final Set<String> WITHOUT_VALUE = Set.of("--json", "-q", "--quiet");

    private LeadingFlags() {}

    /** {@code args} with the global flags in front of the command moved behind it. */
    public static String[] moveBehindCommand(String... args) {
        int index = 0;
        while (index < args.length && KubesoloUpdateCommand.named(args[index]).isEmpty()) {
            int width = flagWidth(args[index]);
            if (width == 0 || index + width > args.length) {
                return args;
            }
            index += width;
        }
        if (index == 0 || index == args.length) {
            return args;
        }
        int commandEnd = index + 1;
        if (commandEnd < args.length
                && KubesoloUpdateCommand.named(args[index]).orElseThrow().hasSubcommand(args[commandEnd])) {
            commandEnd++;
        }
        List<String> moved = new ArrayList<>(Arrays.asList(args).subList(index, commandEnd));
        moved.addAll(Arrays.asList(args).subList(0, index));
        moved.addAll(Arrays.asList(args).subList(commandEnd, args.length));
        return moved.toArray(new String[0]); // not String[]::new: its method handle is spun at every start
    }

    /** How many arguments the global flag at {@code arg} spans: 1 or 2; 0 when it is none. */
    private static int flagWidth(String arg) {
        if (WITHOUT_VALUE.contains(arg)) {
            return 1;
        }
        if (WITH_VALUE.contains(arg)) {
            return 2;
        }
        int equals = arg.indexOf('=');
        return equals > 0 && WITH_VALUE.contains(arg.substring(0, equals)) ? 1 : 0;
    }
}
