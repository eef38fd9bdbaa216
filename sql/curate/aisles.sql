-- aisles.csv: aisle_id, aisle
WITH typed AS (
    SELECT
        TRY_CAST(NULLIF(TRIM(aisle_id), '') AS BIGINT) AS aisle_id,
        NULLIF(TRIM(aisle), '') AS aisle,
        source_file,
        source_line,
        concat_ws(',', COALESCE(aisle_id, ''), COALESCE(aisle, '')) AS raw_text
    FROM raw_aisles
),
checked AS (
    SELECT
        typed.*,
        CASE
            WHEN aisle_id IS NULL OR aisle_id <= 0 THEN 'aisle_id: not a positive 64-bit integer'
            WHEN aisle IS NULL THEN 'aisle: empty'
        END AS type_rule
    FROM typed
),
ranked AS (
    SELECT
        checked.*,
        ROW_NUMBER() OVER (
            PARTITION BY CASE WHEN type_rule IS NULL THEN aisle_id END
            ORDER BY raw_text, source_line) AS key_occurrence
    FROM checked
)
SELECT
    aisle_id,
    aisle,
    CASE
        WHEN type_rule IS NOT NULL THEN type_rule
        WHEN key_occurrence > 1 THEN 'aisle_id: duplicate (the row first in text order is kept)'
    END AS reject_rule,
    source_file,
    source_line,
    raw_text
FROM ranked
