-- One row per user with at least one prior order: how often, how much and how habitually the
-- user shops. Reads prior history only; user_product_features supplies the distinct products.
WITH baskets AS (
    SELECT
        order_id,
        COUNT(*) AS basket_size,
        CAST(SUM(reordered) AS BIGINT) AS reordered_lines
    FROM order_products_prior
    GROUP BY order_id
),
prior_orders AS (
    SELECT
        o.user_id,
        o.days_since_prior_order,
        COALESCE(b.basket_size, 0) AS basket_size,
        COALESCE(b.reordered_lines, 0) AS reordered_lines,
        -- A user's first order cannot hold a reorder, so reorder rates leave it out.
        ROW_NUMBER() OVER (PARTITION BY o.user_id ORDER BY o.order_number, o.order_id) > 1 AS could_reorder
    FROM orders o
    LEFT JOIN baskets b ON b.order_id = o.order_id
    WHERE o.eval_set = 'prior'
),
users AS (
    SELECT
        user_id,
        COUNT(*) AS prior_orders,
        AVG(days_since_prior_order) AS mean_days_between_orders,
        STDDEV_SAMP(days_since_prior_order) AS stddev_days_between_orders,
        SUM(days_since_prior_order) AS history_days,
        CAST(SUM(basket_size) AS BIGINT) AS total_products,
        AVG(CAST(basket_size AS DOUBLE)) AS mean_basket_size,
        SUM(CASE WHEN could_reorder THEN reordered_lines ELSE 0 END) AS reorders,
        SUM(CASE WHEN could_reorder THEN basket_size ELSE 0 END) AS lines_that_could_reorder,
        SUM(CASE WHEN could_reorder AND reordered_lines = 0 THEN 1 ELSE 0 END) AS orders_without_reorder,
        SUM(CASE WHEN could_reorder THEN 1 ELSE 0 END) AS orders_that_could_reorder
    FROM prior_orders
    GROUP BY user_id
),
distinct_products AS (
    SELECT user_id, COUNT(*) AS distinct_products
    FROM user_product_features
    GROUP BY user_id
)
SELECT
    u.user_id,
    u.prior_orders AS user_prior_orders,
    u.mean_days_between_orders AS user_mean_days_between_orders,
    u.stddev_days_between_orders AS user_stddev_days_between_orders,
    u.history_days AS user_history_days,
    u.total_products AS user_total_products,
    COALESCE(d.distinct_products, 0) AS user_distinct_products,
    u.mean_basket_size AS user_mean_basket_size,
    CAST(u.reorders AS DOUBLE) / CAST(NULLIF(u.lines_that_could_reorder, 0) AS DOUBLE) AS user_reorder_ratio,
    CAST(u.orders_without_reorder AS DOUBLE) / CAST(NULLIF(u.orders_that_could_reorder, 0) AS DOUBLE)
        AS user_no_reorder_order_share
FROM users u
LEFT JOIN distinct_products d ON d.user_id = u.user_id
