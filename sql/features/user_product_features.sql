-- One row per (user, product) the user bought in a prior order: how often, how recently and how
-- regularly the user buys it. Reads prior history only (orders, order_products_prior); the lines
-- of train orders are labels and never enter. "The predicted order" is the user's train or test
-- order; recency in days is measured up to it, recency in orders up to the latest prior order.
WITH user_orders AS (
    SELECT
        order_id,
        user_id,
        eval_set,
        -- 0 for the user's latest prior order, 1 for the one before, ... (train/test rows are not used)
        ROW_NUMBER() OVER (PARTITION BY user_id, eval_set ORDER BY order_number DESC, order_id DESC) - 1 AS orders_after,
        -- Days from this order to the predicted order: the gaps of every later order, the predicted
        -- one included. NULL when the source has no timing (all gaps empty).
        SUM(days_since_prior_order) OVER (
            PARTITION BY user_id ORDER BY order_number, order_id
            ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS days_to_predicted_order
    FROM orders
),
user_history AS (
    SELECT user_id, COUNT(*) AS prior_orders
    FROM orders
    WHERE eval_set = 'prior'
    GROUP BY user_id
),
purchases AS (
    SELECT
        o.user_id,
        l.product_id,
        l.add_to_cart_order,
        o.orders_after,
        o.days_to_predicted_order,
        -- A product is in each order at most once (curation enforces it), so orders_after rises by
        -- exactly one per purchase while the purchases are consecutive from the latest order:
        -- this is 0 for every purchase of the current streak and positive after the first gap.
        o.orders_after - (ROW_NUMBER() OVER (
            PARTITION BY o.user_id, l.product_id ORDER BY o.orders_after) - 1) AS orders_missed_since
    FROM order_products_prior l
    JOIN user_orders o ON o.order_id = l.order_id
    WHERE o.eval_set = 'prior'
),
pairs AS (
    SELECT
        user_id,
        product_id,
        COUNT(*) AS times_bought,
        MIN(orders_after) AS last_purchase_orders_after,
        MAX(orders_after) AS first_purchase_orders_after,
        MIN(days_to_predicted_order) AS last_purchase_days_before,
        MAX(days_to_predicted_order) AS first_purchase_days_before,
        SUM(CASE WHEN orders_missed_since = 0 THEN 1 ELSE 0 END) AS current_streak,
        SUM(CASE WHEN orders_after < 3 THEN 1 ELSE 0 END) AS in_last_3,
        SUM(CASE WHEN orders_after < 5 THEN 1 ELSE 0 END) AS in_last_5,
        -- TIFUKNN's time decay: the latest prior order counts 1, the one before ${recency_decay}, ...
        SUM(POWER(CAST(${recency_decay} AS DOUBLE), orders_after)) AS recency_weighted,
        AVG(CAST(add_to_cart_order AS DOUBLE)) AS mean_cart_position
    FROM purchases
    GROUP BY user_id, product_id
),
cycles AS (
    SELECT
        pairs.*,
        -- NULL for a product bought once: it has no cycle yet.
        (first_purchase_days_before - last_purchase_days_before)
            / CAST(NULLIF(times_bought - 1, 0) AS DOUBLE) AS days_cycle,
        CAST(first_purchase_orders_after - last_purchase_orders_after AS DOUBLE)
            / CAST(NULLIF(times_bought - 1, 0) AS DOUBLE) AS orders_cycle
    FROM pairs
)
SELECT
    c.user_id,
    c.product_id,
    c.times_bought AS user_product_times_bought,
    CAST(c.times_bought AS DOUBLE) / CAST(h.prior_orders AS DOUBLE) AS user_product_order_share,
    CAST(c.times_bought AS DOUBLE) / CAST(c.first_purchase_orders_after + 1 AS DOUBLE)
        AS user_product_order_share_since_first_purchase,
    c.last_purchase_orders_after AS user_product_orders_since_last_purchase,
    c.last_purchase_days_before AS user_product_days_since_last_purchase,
    c.days_cycle AS user_product_mean_days_between_purchases,
    c.last_purchase_days_before / NULLIF(c.days_cycle, 0) AS user_product_days_since_last_vs_cycle,
    c.orders_cycle AS user_product_mean_orders_between_purchases,
    -- Orders from the last purchase to the predicted order (1 = bought in the latest prior order).
    CAST(c.last_purchase_orders_after + 1 AS DOUBLE) / NULLIF(c.orders_cycle, 0)
        AS user_product_orders_since_last_vs_cycle,
    CAST(c.current_streak AS BIGINT) AS user_product_current_streak,
    CAST(c.in_last_3 AS BIGINT) AS user_product_purchases_in_last_3_orders,
    CAST(c.in_last_5 AS BIGINT) AS user_product_purchases_in_last_5_orders,
    c.mean_cart_position AS user_product_mean_cart_position,
    -- The user's vector in the join's neighbour source (candidates' neighbour_vote), and a feature.
    c.recency_weighted AS user_product_recency_weighted_purchases
FROM cycles c
JOIN user_history h ON h.user_id = c.user_id
