-- "Popular now": one row per product in some user's latest prior order, with the share of users
-- whose latest prior order holds it and its rank by that share (1 = most popular). Keyed by
-- product_id, so the join gives every candidate these two features; candidates.sql also proposes
-- the top ${popular_candidates} to every user as explore candidates. Prior orders only.
WITH latest_orders AS (
    SELECT
        order_id,
        ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY order_number DESC, order_id DESC) AS recency
    FROM orders
    WHERE eval_set = 'prior'
),
user_count AS (
    SELECT COUNT(*) AS users
    FROM latest_orders
    WHERE recency = 1
),
product_counts AS (
    SELECT l.product_id, COUNT(*) AS latest_baskets
    FROM order_products_prior l
    JOIN latest_orders o ON o.order_id = l.order_id
    WHERE o.recency = 1
    GROUP BY l.product_id
)
SELECT
    p.product_id,
    CAST(p.latest_baskets AS DOUBLE) / CAST(u.users AS DOUBLE) AS popular_now_share,
    CAST(ROW_NUMBER() OVER (ORDER BY p.latest_baskets DESC, p.product_id) AS BIGINT) AS popular_now_rank
FROM product_counts p
CROSS JOIN user_count u
