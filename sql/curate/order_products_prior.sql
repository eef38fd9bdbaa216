-- order_products__prior.csv: order_id, product_id, add_to_cart_order, reordered
-- References: orders (each line's order must be a prior order) and products (curated).
WITH typed AS (
    SELECT
        TRY_CAST(NULLIF(TRIM(order_id), '') AS BIGINT) AS order_id,
        TRY_CAST(NULLIF(TRIM(product_id), '') AS BIGINT) AS product_id,
        TRY_CAST(NULLIF(TRIM(add_to_cart_order), '') AS INTEGER) AS add_to_cart_order,
        TRY_CAST(NULLIF(TRIM(reordered), '') AS INTEGER) AS reordered,
        source_file,
        source_line,
        concat_ws(',', COALESCE(order_id, ''), COALESCE(product_id, ''), COALESCE(add_to_cart_order, ''),
                  COALESCE(reordered, '')) AS raw_text
    FROM raw_order_products_prior
),
checked AS (
    SELECT
        typed.*,
        CASE
            WHEN order_id IS NULL OR order_id <= 0 THEN 'order_id: not a positive 64-bit integer'
            WHEN product_id IS NULL OR product_id <= 0 THEN 'product_id: not a positive 64-bit integer'
            WHEN add_to_cart_order IS NULL OR add_to_cart_order < 1 THEN 'add_to_cart_order: not a positive integer'
            WHEN reordered IS NULL OR reordered NOT IN (0, 1) THEN 'reordered: must be 0 or 1'
        END AS type_rule
    FROM typed
),
ranked AS (
    SELECT
        checked.*,
        ROW_NUMBER() OVER (
            PARTITION BY CASE WHEN type_rule IS NULL THEN order_id END,
                         CASE WHEN type_rule IS NULL THEN product_id END
            ORDER BY raw_text, source_line) AS key_occurrence
    FROM checked
)
SELECT
    r.order_id,
    r.product_id,
    r.add_to_cart_order,
    r.reordered,
    CASE
        WHEN r.type_rule IS NOT NULL THEN r.type_rule
        WHEN o.order_id IS NULL THEN 'order_id: no such order in orders.csv'
        WHEN o.eval_set <> 'prior' THEN 'order_id: not a prior order'
        WHEN p.product_id IS NULL THEN 'product_id: no such product in products.csv'
        WHEN r.key_occurrence > 1 THEN 'product_id: listed twice in this order (the row first in text order is kept)'
    END AS reject_rule,
    r.source_file,
    r.source_line,
    r.raw_text
FROM ranked r
LEFT JOIN orders o ON o.order_id = r.order_id
LEFT JOIN products p ON p.product_id = r.product_id
