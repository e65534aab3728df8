package io.kubesolo.update.cli;

import io.kubesolo.update.OneLine;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Two aligned columns, "label:  value", the shape of every human report this program prints. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();

    Table row(String label, String value) {
        rows.add(new String[] {label, OneLine.of(value)});
        return this;
    }

    void print(PrintWriter out) {
        int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0) + 1;
        for (String[] row : rows) {
            out.printf("%-" + width + "s %s%n", row[0] + ":", row[1]);
        }
    }
}
