package dev.replenish.infra.lake;

import dev.replenish.core.lake.LakeLayout;

/**
 * The top-level prefixes of the lake bucket: the architecture's lake layout (see core's
 * {@code LakeLayout}, which builds the per-table and per-run keys under these) plus Athena's scratch.
 */
public enum LakePrefix {
    RAW(LakeLayout.RAW),
    CURATED(LakeLayout.CURATED),
    REJECTS(LakeLayout.REJECTS),
    FEATURES(LakeLayout.FEATURES),
    TRAINING(LakeLayout.TRAINING),
    MODELS(LakeLayout.MODELS),
    REPORTS(LakeLayout.REPORTS),
    /** Pipeline scratch (the curate step's checked tables, tmp/curate/<table>/): expired by the bucket's lifecycle. */
    TMP(LakeLayout.TMP),
    /** Athena's query results: scratch, expired by the bucket's lifecycle. */
    ATHENA_RESULTS("athena-results/");

    private final String key;

    LakePrefix(String key) {
        this.key = key;
    }

    /** The prefix, ending with '/'. */
    public String key() {
        return key;
    }

    /** Matches every object under the prefix, for IAM resources and S3 list conditions. */
    public String everything() {
        return key + "*";
    }
}
