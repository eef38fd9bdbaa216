package dev.replenish.local.pipeline;

import java.util.List;

/**
 * What a step reports for the run summary.
 *
 * @param lines  one line per table or output, already formatted ("orders  in 3,421,083  ...")
 * @param counts the same figures as numbers: what the step read, wrote and rejected, by name
 */
public record StepResult(List<String> lines, List<RowCount> counts) {

    public StepResult {
        lines = List.copyOf(lines);
        counts = List.copyOf(counts);
    }

    public static StepResult of(List<String> lines) {
        return new StepResult(lines, List.of());
    }

    public static StepResult of(List<String> lines, List<RowCount> counts) {
        return new StepResult(lines, counts);
    }

    /** The sum of the counts of one kind, or -1 when the step reported none of that kind. */
    public long total(RowCount.Kind kind) {
        return counts.stream().anyMatch(c -> c.kind() == kind)
                ? counts.stream().filter(c -> c.kind() == kind).mapToLong(RowCount::rows).sum()
                : -1;
    }

    /**
     * One named row count of a step: {@code in("orders", 3_421_083)}.
     *
     * @param name what was counted: a table, an output folder, a kind of item
     */
    public record RowCount(Kind kind, String name, long rows) {

        /** LINES: physical lines of a raw file, each accounted for once among the other counts (the catalog's). */
        public enum Kind { LINES, IN, OUT, REJECTED }

        public static RowCount lines(String name, long lines) {
            return new RowCount(Kind.LINES, name, lines);
        }

        public static RowCount in(String name, long rows) {
            return new RowCount(Kind.IN, name, rows);
        }

        public static RowCount out(String name, long rows) {
            return new RowCount(Kind.OUT, name, rows);
        }

        public static RowCount rejected(String name, long rows) {
            return new RowCount(Kind.REJECTED, name, rows);
        }
    }
}
