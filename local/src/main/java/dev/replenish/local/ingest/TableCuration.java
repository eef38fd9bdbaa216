package dev.replenish.local.ingest;

import dev.replenish.sql.curate.RejectShare;

import java.util.List;

/**
 * The outcome of curating one table.
 *
 * @param table       the contract table
 * @param input       data rows of the raw file: well-formed records and broken lines
 * @param accepted    rows written to curated/
 * @param rejected    rows written to rejects/ (broken records and contract violations)
 * @param rulesBroken each rule broken, commonest first
 */
public record TableCuration(String table, long input, long accepted, long rejected, List<RejectShare.RuleCount> rulesBroken) {

    /** The same share the cloud runtime checks, with structurally broken records among the rejects. */
    public RejectShare rejectShare(dev.replenish.core.contract.InstacartTable contractTable) {
        return new RejectShare(contractTable, accepted, rulesBroken);
    }
}
