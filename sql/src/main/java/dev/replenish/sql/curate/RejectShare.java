package dev.replenish.sql.curate;

import dev.replenish.core.contract.InstacartTable;

import java.util.List;
import java.util.Optional;

/**
 * How many of a table's rows the curate check accepted and which rules the others broke: the input
 * of the {@code ingest.maxRejectFraction} limit. Counted from the check's scratch table, which holds
 * every raw row once with its {@code reject_rule} (NULL = accepted), so accepted + rejected = input.
 *
 * @param table       the contract table
 * @param accepted    rows without a rule
 * @param rulesBroken rejected rows per rule, commonest first
 */
public record RejectShare(InstacartTable table, long accepted, List<RuleCount> rulesBroken) {

    public record RuleCount(String rule, long rows) {
    }

    public RejectShare {
        rulesBroken = List.copyOf(rulesBroken);
    }

    /** The counting SELECT over the check's scratch table: one row per rule (NULL for accepted rows), commonest first. */
    public static String countSelect(InstacartTable table) {
        return "SELECT reject_rule, count(*) AS row_count\nFROM " + CuratePlan.checkedTable(table)
                + "\nGROUP BY reject_rule\nORDER BY row_count DESC, reject_rule";
    }

    public long rejected() {
        return rulesBroken.stream().mapToLong(RuleCount::rows).sum();
    }

    public long input() {
        return accepted + rejected();
    }

    public double rejectFraction() {
        return input() == 0 ? 0.0 : (double) rejected() / input();
    }

    /** Empty when the share is within {@code limit}; otherwise why the run must stop, naming the table and commonest rule. */
    public Optional<String> breach(double limit) {
        return breach(limit, "table " + CuratePlan.checkedTable(table));
    }

    /** As {@link #breach(double)}, saying where the runtime keeps the rejected rows. */
    public Optional<String> breach(double limit, String rejectedRowsAt) {
        if (rejectFraction() <= limit) {
            return Optional.empty();
        }
        RuleCount commonest = rulesBroken.get(0);
        return Optional.of(String.format(
                "%s: %,d of %,d rows rejected (%.2f%%), above ingest.maxRejectFraction %.2f%%; commonest rule: '%s' (%,d rows); the rejected rows are in %s",
                table.fileName(), rejected(), input(), 100 * rejectFraction(), 100 * limit,
                commonest.rule(), commonest.rows(), rejectedRowsAt));
    }
}
