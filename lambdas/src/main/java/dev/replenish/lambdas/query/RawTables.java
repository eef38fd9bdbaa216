package dev.replenish.lambdas.query;

import dev.replenish.core.contract.InstacartTable;

/** Makes a raw table readable the way the curate SQL reads it. */
public interface RawTables {

    /**
     * Makes {@code raw_<table>} readable: {@code source_file}, {@code source_line}, then the
     * contract's columns as text (see {@code sql/curate/README.md}).
     */
    void register(InstacartTable table);
}
