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

    /** Padded by hand: printf parses its format with regular expressions, 4 % of a status's CPU (JFR). */
    void print(PrintWriter out) {
        int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0) + 1;
        for (String[] row : rows) {
            String label = row[0] + ":";
            out.println(label + " ".repeat(width - label.length() + 1) + row[1]);
        }
    }
}
