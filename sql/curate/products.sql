-- products.csv: product_id, product_name, aisle_id, department_id
-- References: aisles and departments (curated).
WITH typed AS (
    SELECT
        TRY_CAST(NULLIF(TRIM(product_id), '') AS BIGINT) AS product_id,
        NULLIF(TRIM(product_name), '') AS product_name,
        TRY_CAST(NULLIF(TRIM(aisle_id), '') AS BIGINT) AS aisle_id,
        TRY_CAST(NULLIF(TRIM(department_id), '') AS BIGINT) AS department_id,
        source_file,
        source_line,
        concat_ws(',', COALESCE(product_id, ''), COALESCE(product_name, ''), COALESCE(aisle_id, ''),
                  COALESCE(department_id, '')) AS raw_text
    FROM raw_products
),
checked AS (
    SELECT
        typed.*,
        CASE
            WHEN product_id IS NULL OR product_id <= 0 THEN 'product_id: not a positive 64-bit integer'
            WHEN product_name IS NULL THEN 'product_name: empty'
            WHEN aisle_id IS NULL OR aisle_id <= 0 THEN 'aisle_id: not a positive 64-bit integer'
            WHEN department_id IS NULL OR department_id <= 0 THEN 'department_id: not a positive 64-bit integer'
        END AS type_rule
    FROM typed
),
ranked AS (
    SELECT
        checked.*,
        ROW_NUMBER() OVER (
            PARTITION BY CASE WHEN type_rule IS NULL THEN product_id END
            ORDER BY raw_text, source_line) AS key_occurrence
    FROM checked
)
SELECT
    r.product_id,
    r.product_name,
    r.aisle_id,
    r.department_id,
    CASE
        WHEN r.type_rule IS NOT NULL THEN r.type_rule
        WHEN r.key_occurrence > 1 THEN 'product_id: duplicate (the row first in text order is kept)'
        WHEN a.aisle_id IS NULL THEN 'aisle_id: no such aisle in aisles.csv'
        WHEN d.department_id IS NULL THEN 'department_id: no such department in departments.csv'
    END AS reject_rule,
    r.source_file,
    r.source_line,
    r.raw_text
FROM ranked r
LEFT JOIN aisles a ON a.aisle_id = r.aisle_id
LEFT JOIN departments d ON d.department_id = r.department_id
