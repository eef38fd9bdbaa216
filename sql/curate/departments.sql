-- departments.csv: department_id, department
WITH typed AS (
    SELECT
        TRY_CAST(NULLIF(TRIM(department_id), '') AS BIGINT) AS department_id,
        NULLIF(TRIM(department), '') AS department,
        source_file,
        source_line,
        concat_ws(',', COALESCE(department_id, ''), COALESCE(department, '')) AS raw_text
    FROM raw_departments
),
checked AS (
    SELECT
        typed.*,
        CASE
            WHEN department_id IS NULL OR department_id <= 0 THEN 'department_id: not a positive 64-bit integer'
            WHEN department IS NULL THEN 'department: empty'
        END AS type_rule
    FROM typed
),
ranked AS (
    SELECT
        checked.*,
        ROW_NUMBER() OVER (
            PARTITION BY CASE WHEN type_rule IS NULL THEN department_id END
            ORDER BY raw_text, source_line) AS key_occurrence
    FROM checked
)
SELECT
    department_id,
    department,
    CASE
        WHEN type_rule IS NOT NULL THEN type_rule
        WHEN key_occurrence > 1 THEN 'department_id: duplicate (the row first in text order is kept)'
    END AS reject_rule,
    source_file,
    source_line,
    raw_text
FROM ranked
