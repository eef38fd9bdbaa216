-- orders.csv: order_id, user_id, eval_set, order_number, order_dow, order_hour_of_day,
-- days_since_prior_order. The timing columns may be empty: days_since_prior_order on a user's
-- first order, all three for sources without dates.
WITH typed AS (
    SELECT
        TRY_CAST(NULLIF(TRIM(order_id), '') AS BIGINT) AS order_id,
        TRY_CAST(NULLIF(TRIM(user_id), '') AS BIGINT) AS user_id,
        NULLIF(TRIM(eval_set), '') AS eval_set,
        TRY_CAST(NULLIF(TRIM(order_number), '') AS INTEGER) AS order_number,
        TRY_CAST(NULLIF(TRIM(order_dow), '') AS INTEGER) AS order_dow,
        TRY_CAST(NULLIF(TRIM(order_hour_of_day), '') AS INTEGER) AS order_hour_of_day,
        TRY_CAST(NULLIF(TRIM(days_since_prior_order), '') AS DOUBLE) AS days_since_prior_order,
        NULLIF(TRIM(order_dow), '') AS order_dow_text,
        NULLIF(TRIM(order_hour_of_day), '') AS order_hour_of_day_text,
        NULLIF(TRIM(days_since_prior_order), '') AS days_since_prior_order_text,
        source_file,
        source_line,
        concat_ws(',', COALESCE(order_id, ''), COALESCE(user_id, ''), COALESCE(eval_set, ''),
                  COALESCE(order_number, ''), COALESCE(order_dow, ''), COALESCE(order_hour_of_day, ''),
                  COALESCE(days_since_prior_order, '')) AS raw_text
    FROM raw_orders
),
checked AS (
    SELECT
        typed.*,
        CASE
            WHEN order_id IS NULL OR order_id <= 0 THEN 'order_id: not a positive 64-bit integer'
            WHEN user_id IS NULL OR user_id <= 0 THEN 'user_id: not a positive 64-bit integer'
            WHEN eval_set IS NULL OR eval_set NOT IN ('prior', 'train', 'test')
                THEN 'eval_set: must be prior, train or test'
            WHEN order_number IS NULL OR order_number < 1 THEN 'order_number: not a positive integer'
            WHEN order_dow_text IS NOT NULL AND (order_dow IS NULL OR order_dow < 0 OR order_dow > 6)
                THEN 'order_dow: must be empty or an integer 0-6'
            WHEN order_hour_of_day_text IS NOT NULL
                 AND (order_hour_of_day IS NULL OR order_hour_of_day < 0 OR order_hour_of_day > 23)
                THEN 'order_hour_of_day: must be empty or an integer 0-23'
            WHEN days_since_prior_order_text IS NOT NULL
                 AND (days_since_prior_order IS NULL OR days_since_prior_order < 0)
                THEN 'days_since_prior_order: must be empty or a number >= 0'
        END AS type_rule
    FROM typed
),
ranked AS (
    SELECT
        checked.*,
        ROW_NUMBER() OVER (
            PARTITION BY CASE WHEN type_rule IS NULL THEN order_id END
            ORDER BY raw_text, source_line) AS key_occurrence,
        -- A user's train or test order is the one being predicted: there can be only one.
        ROW_NUMBER() OVER (
            PARTITION BY CASE WHEN type_rule IS NULL AND eval_set <> 'prior' THEN user_id END
            ORDER BY raw_text, source_line) AS target_occurrence
    FROM checked
)
SELECT
    order_id,
    user_id,
    eval_set,
    order_number,
    order_dow,
    order_hour_of_day,
    days_since_prior_order,
    CASE
        WHEN type_rule IS NOT NULL THEN type_rule
        WHEN key_occurrence > 1 THEN 'order_id: duplicate (the row first in text order is kept)'
        WHEN eval_set <> 'prior' AND target_occurrence > 1
            THEN 'user_id: more than one train/test order for this user (the row first in text order is kept)'
    END AS reject_rule,
    source_file,
    source_line,
    raw_text
FROM ranked
