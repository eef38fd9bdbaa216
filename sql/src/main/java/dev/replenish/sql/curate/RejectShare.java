package dev.replenish.sql.curate;

import dev.replenish.core.contract.InstacartTable;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

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

    /** How many of an upstream table's rules a cascade message lists. */
    private static final int UPSTREAM_RULES_SHOWN = 3;

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
        return breach(limit, List.of());
    }

    /** As {@link #breach(double, String, List)}, naming the check's scratch table as where the rejected rows are. */
    public Optional<String> breach(double limit, List<RejectShare> upstream) {
        return breach(limit, "table " + CuratePlan.checkedTable(table), upstream);
    }

    /**
     * The tables the commonest rule says this table's rows refer to and did not find ("order_id: no
     * such order in orders.csv"): where rejects may have cascaded from.
     */
    public List<InstacartTable> referencedByCommonestRule() {
        if (rulesBroken.isEmpty()) {
            return List.of();
        }
        String rule = rulesBroken.get(0).rule();
        return Arrays.stream(InstacartTable.values())
                .filter(other -> other != table && rule.contains(" in " + other.fileName()))
                .toList();
    }

    /** As {@link #breach(double)}, saying where the runtime keeps the rejected rows. */
    public Optional<String> breach(double limit, String rejectedRowsAt) {
        return breach(limit, rejectedRowsAt, List.of());
    }

    /**
     * As {@link #breach(double, String)}; when the commonest rule is a reference to another file
     * ("no such order in orders.csv") and that file's own rows were rejected, also says how many and
     * why. One rejected order orphans every line of that order, so the rejects here are a symptom and
     * the user must fix the cause upstream.
     *
     * @param upstream shares of the tables curated before this one; those the commonest rule does not
     *                 refer to are left out of the message
     */
    public Optional<String> breach(double limit, String rejectedRowsAt, List<RejectShare> upstream) {
        if (rejectFraction() <= limit) {
            return Optional.empty();
        }
        RuleCount commonest = rulesBroken.get(0);
        StringBuilder message = new StringBuilder(String.format(
                "%s: %,d of %,d rows rejected (%.2f%%), above ingest.maxRejectFraction %.2f%%; commonest rule: '%s' (%,d rows); the rejected rows are in %s",
                table.fileName(), rejected(), input(), 100 * rejectFraction(), 100 * limit,
                commonest.rule(), commonest.rows(), rejectedRowsAt));
        for (RejectShare referenced : upstream) {
            if (referenced.rejected() > 0 && referencedByCommonestRule().contains(referenced.table())) {
                message.append(String.format(
                        ". These rows refer to %s, where %,d rows were rejected upstream (commonest rules: %s):"
                                + " a rejected row there orphans every row here that refers to it, so fix %s first",
                        referenced.table().fileName(), referenced.rejected(), commonestRules(referenced, UPSTREAM_RULES_SHOWN),
                        referenced.table().fileName()));
            }
        }
        return Optional.of(message.toString());
    }

    private static String commonestRules(RejectShare share, int shown) {
        return share.rulesBroken.stream().limit(shown)
                .map(rule -> String.format("'%s' (%,d)", rule.rule(), rule.rows()))
                .collect(Collectors.joining(", "));
    }
}
