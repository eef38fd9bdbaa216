package dev.replenish.sources.transactions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.replenish.sources.SourceError;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What became of every input row: imported as an order line, merged into another line of the
 * same basket (the same product twice), or rejected for a reason. The three add up to the rows
 * read, always.
 *
 * @param input          the file read
 * @param timeFormat     the time format used (named or guessed)
 * @param rowsRead       data rows in the file
 * @param imported       rows written as order lines
 * @param merged         rows that repeated a product already in their basket
 * @param rejected       rows left out, by reason (every reason listed, zero included)
 * @param badTimes       the first few rows whose time did not parse, each naming the row, value and format
 * @param users          customers imported
 * @param priorOrders    prior orders written
 * @param trainOrders    train orders written (one per user)
 * @param products       products written
 * @param reorderedLines order lines that repeat an earlier purchase of the user
 * @param hasWeekday     order_dow was written (the times are calendar dates)
 * @param hasHour        order_hour_of_day was written (the times have a clock time)
 */
public record ImportReport(String input, String timeFormat, long rowsRead, long imported, long merged,
                           Map<Rejection, Long> rejected, List<String> badTimes, long users, long priorOrders,
                           long trainOrders, long products, long reorderedLines, boolean hasWeekday, boolean hasHour) {

    public static final String FILE_NAME = "import-report.json";

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** imported + merged + rejected = rows read. */
    public boolean accountsForEveryRow() {
        return imported + merged + rejectedTotal() == rowsRead;
    }

    /** The report as a table, one line per outcome, for the command's output. */
    public List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("  %-34s %,12d", "rows read", rowsRead));
        lines.add(String.format("  %-34s %,12d", "imported (order lines)", imported));
        lines.add(String.format("  %-34s %,12d", "merged (same product, same basket)", merged));
        for (Map.Entry<Rejection, Long> reason : rejected.entrySet()) {
            lines.add(String.format("  %-34s %,12d", "rejected: " + reason.getKey().label(), reason.getValue()));
        }
        lines.add(String.format("  users %,d, orders %,d prior + %,d train, products %,d, %.1f%% of lines re-ordered",
                users, priorOrders, trainOrders, products, imported == 0 ? 0.0 : 100.0 * reorderedLines / imported));
        lines.add("  time format " + timeFormat + (hasWeekday ? "" : "; no calendar: order_dow left empty")
                + (hasHour ? "" : "; no clock time: order_hour_of_day left empty"));
        for (String bad : badTimes) {
            lines.add("  " + bad);
        }
        return lines;
    }

    void writeTo(Path file) {
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new SourceError("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
