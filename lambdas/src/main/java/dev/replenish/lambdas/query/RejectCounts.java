package dev.replenish.lambdas.query;

import dev.replenish.core.contract.InstacartTable;
import dev.replenish.sql.curate.RejectShare;

/** Counts a table's accepted and rejected rows once its curate check has run (Athena: a short GROUP BY). */
public interface RejectCounts {

    RejectShare count(InstacartTable table);
}
