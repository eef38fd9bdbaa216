package dev.replenish.lambdas.query;

import dev.replenish.core.contract.InstacartTable;

/** How the runtime reads a table of the raw zone. */
public interface RawTables {

    /**
     * A SELECT yielding what the curate SQL reads as {@code raw_<table>}: {@code source_file},
     * {@code source_line}, then the contract's columns as text (see {@code sql/curate/README.md}).
     */
    String select(InstacartTable table);
}
