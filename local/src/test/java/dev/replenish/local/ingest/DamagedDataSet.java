package dev.replenish.local.ingest;

import dev.replenish.core.contract.InstacartTable;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The six files of a small generated data set with some data lines damaged, written line by line so
 * the test knows, independently of the reader, how many physical lines each file has and which ones
 * were damaged.
 */
final class DamagedDataSet {

    /** What can go wrong with one line of a raw file. */
    enum Mutation {
        UNCLOSED_QUOTE, STRAY_QUOTE, WRONG_DELIMITER, EXTRA_COLUMN, MISSING_COLUMN, NUL_BYTE, BOM_MID_FILE,
        OVERSIZED_FIELD, NON_NUMERIC_ID, ID_OVER_64_BITS, CRLF_LINE_END, BLANK_LINE_AFTER
    }

    /**
     * One damage to one line of a table's file.
     *
     * @param lineSelector picks the data line (modulo the number of data lines)
     * @param position     picks where in the line, which field, or which variant (modulo what there is)
     */
    record Damage(InstacartTable table, Mutation mutation, int lineSelector, int position) {
    }

    /** One physical line: its text, its line end, and whether a damage touched it. */
    private record Line(String text, String end, boolean damaged) {
    }

    private final Map<InstacartTable, List<Line>> files = new EnumMap<>(InstacartTable.class);
    private final List<Damage> damages;

    DamagedDataSet(Map<InstacartTable, List<String>> cleanLines, List<Damage> damages, int maxFieldChars) {
        this.damages = List.copyOf(damages);
        for (Map.Entry<InstacartTable, List<String>> file : cleanLines.entrySet()) {
            List<Line> lines = new ArrayList<>();
            file.getValue().forEach(text -> lines.add(new Line(text, "\n", false)));
            files.put(file.getKey(), lines);
        }
        for (Damage damage : damages) {
            apply(damage, maxFieldChars);
        }
    }

    /** The file's physical lines, as the test wrote them. */
    long physicalLines(InstacartTable table) {
        return files.get(table).size();
    }

    /** The blank lines the damage inserted (the generated files have none). */
    long blankLines(InstacartTable table) {
        return files.get(table).stream().filter(line -> line.text().isEmpty()).count();
    }

    boolean isDamaged(InstacartTable table, long lineNumber) {
        return files.get(table).get((int) lineNumber - 1).damaged();
    }

    Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<InstacartTable, List<Line>> file : files.entrySet()) {
            StringBuilder text = new StringBuilder();
            file.getValue().forEach(line -> text.append(line.text()).append(line.end()));
            Files.writeString(dir.resolve(file.getKey().fileName()), text, StandardCharsets.UTF_8);
        }
        return dir;
    }

    @Override
    public String toString() {
        return damages.toString();
    }

    private void apply(Damage damage, int maxFieldChars) {
        List<Line> lines = files.get(damage.table());
        // Data lines only: a damaged header stops the run by design, which another test covers.
        int index = 1 + Math.floorMod(damage.lineSelector(), lines.size() - 1);
        Line line = lines.get(index);
        String text = line.text();
        int at = Math.floorMod(damage.position(), text.length() + 1);
        switch (damage.mutation()) {
            case UNCLOSED_QUOTE -> {
                List<Integer> starts = fieldStarts(text);
                text = insert(text, starts.get(Math.floorMod(damage.position(), starts.size())), "\"");
            }
            case STRAY_QUOTE -> text = insert(text, at, "\"");
            case WRONG_DELIMITER -> text = text.replace(',', ";\t|".charAt(Math.floorMod(damage.position(), 3)));
            case EXTRA_COLUMN -> text = text + "," + Math.floorMod(damage.position(), 100);
            case MISSING_COLUMN -> text = text.lastIndexOf(',') < 0 ? "" : text.substring(0, text.lastIndexOf(','));
            case NUL_BYTE -> text = insert(text, at, "\0");
            case BOM_MID_FILE -> text = "\uFEFF" + text;
            case OVERSIZED_FIELD -> text = insert(text, at, "7".repeat(maxFieldChars + 1));
            case NON_NUMERIC_ID -> text = replaceIdField(damage, text, "id" + Math.floorMod(damage.position(), 1000) + "x");
            case ID_OVER_64_BITS -> text = replaceIdField(damage, text,
                    BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(1 + Math.floorMod(damage.position(), 1000))).toString());
            case CRLF_LINE_END -> {
                lines.set(index, new Line(text, "\r\n", true));
                return;
            }
            case BLANK_LINE_AFTER -> {
                lines.add(index + 1, new Line("", "\n", true));
                return;
            }
        }
        lines.set(index, new Line(text, line.end(), true));
    }

    private static String insert(String text, int at, String inserted) {
        return text.substring(0, at) + inserted + text.substring(at);
    }

    private static List<Integer> fieldStarts(String text) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ',') {
                starts.add(i + 1);
            }
        }
        return starts;
    }

    /**
     * Replaces one of the line's id fields: the first field (every table's key), or a reference:
     * products' aisle and department (the last two fields, after a name that may hold commas), an
     * order's user, an order line's product.
     */
    private static String replaceIdField(Damage damage, String text, String value) {
        List<Integer> starts = fieldStarts(text);
        List<Integer> idFields = new ArrayList<>(List.of(0));
        switch (damage.table()) {
            case PRODUCTS -> {
                idFields.add(starts.size() - 2);
                idFields.add(starts.size() - 1);
            }
            case ORDERS, ORDER_PRODUCTS_PRIOR, ORDER_PRODUCTS_TRAIN -> idFields.add(1);
            default -> {
            }
        }
        int field = idFields.get(Math.floorMod(damage.position(), idFields.size()));
        if (field < 0 || field >= starts.size()) {
            field = 0; // an earlier damage took columns away
        }
        int start = starts.get(field);
        int end = field + 1 < starts.size() ? starts.get(field + 1) - 1 : text.length();
        return text.substring(0, start) + value + text.substring(end);
    }
}
