package io.kubesolo.update.cli;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Picocli models written in code instead of annotations, for the commands a device runs
 * ({@code status}, {@code healthcheck}, {@code metrics}, {@code activate}, {@code rollback},
 * {@code check}, {@code apply}), the top command, and their options, among them those they share
 * with the annotated commands ({@link DeviceOptions}, {@link RegistryAccessOptions}; see {@link
 * TakesCodedOptions}).
 *
 * <p>Why: reading an annotation makes the JDK generate a proxy class, in a module of its own, and a
 * JDK 17 CDS archive cannot hold those. The annotated model of {@code status} generated seven, and
 * the first costs most: together about a quarter of the command's 0.18 s (docs/performance.md).
 */
final class CodedModel {

    private CodedModel() {}

    /**
     * The model of {@code command}, named {@code name}, with {@code -h, --help} and {@code -V,
     * --version} as {@code mixinStandardHelpOptions} adds them (which itself reads annotations).
     */
    static CommandSpec command(Object command, String name, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.usageMessage().description(description);
        spec.addOption(OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .description("Show this help message and exit.")
                .build());
        spec.addOption(OptionSpec.builder("-V", "--version")
                .versionHelp(true)
                .description("Print version information and exit.")
                .build());
        return spec;
    }

    /** An option of {@code type} that reads its value with {@code get} and stores the parsed one with {@code set}. */
    static <T> OptionSpec.Builder option(Class<T> type, Supplier<T> get, Consumer<T> set, String... names) {
        Binding<T> binding = new Binding<>(get, set);
        // The initial value is what picocli puts back before it parses (it would put null into a boolean).
        return OptionSpec.builder(names)
                .type(type)
                .getter(binding)
                .setter(binding)
                .initialValue(get.get());
    }

    /** A repeatable option whose values, each of type {@code element}, picocli collects in a new list it stores with {@code set}. */
    @SuppressWarnings({"unchecked", "rawtypes"}) // List.class is a Class<List>, and List<E> has no class of its own
    static <E> OptionSpec.Builder list(
            Class<E> element, Supplier<List<E>> get, Consumer<List<E>> set, String... names) {
        return option((Class<List<E>>) (Class) List.class, get, set, names).auxiliaryTypes(element);
    }

    /** A field of ours as picocli sees it: the value it starts from, and where the parsed one goes. */
    private static final class Binding<T> implements IGetter, ISetter {

        private final Supplier<T> get;
        private final Consumer<T> set;

        Binding(Supplier<T> get, Consumer<T> set) {
            this.get = get;
            this.set = set;
        }

        // Picocli's accessors are generic in what the caller expects (its IGetter declares them so);
        // it converts to the option's type first.
        @Override
        @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
        public <V> V get() {
            return (V) get.get();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V set(V value) {
            V previous = get();
            set.accept((T) value);
            return previous;
        }
    }
}
