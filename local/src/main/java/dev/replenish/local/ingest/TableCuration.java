package dev.replenish.local.ingest;

import java.util.List;

/**
 * The outcome of curating one table.
 *
 * @param table       the contract table
 * @param input       data records in the raw file
 * @param accepted    rows written to curated/
 * @param rejected    rows written to rejects/ (broken records and contract violations)
 * @param rulesBroken each rule broken, commonest first
 */
public record TableCuration(String table, long input, long accepted, long rejected, List<RuleCount> rulesBroken) {

    /** How many rows one rule rejected. */
    public record RuleCount(String rule, long rows) {
    }

    public double rejectFraction() {
        return input == 0 ? 0.0 : (double) rejected / input;
    }
}
