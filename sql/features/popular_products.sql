-- "Popular now": one row per product in some user's latest prior order, with the share of users
-- whose latest prior order holds it and its rank by that share (1 = most popular, ties by id).
-- Read from user_product_features (orders since last purchase = 0: bought in the latest prior
-- order), so the prior history is ranked once. Keyed by product_id, so the join gives every
-- candidate these two features; candidates.sql also proposes the top ones to every user as
-- explore candidates.
WITH user_count AS (
    SELECT COUNT(DISTINCT user_id) AS users
    FROM user_product_features
),
product_counts AS (
    SELECT product_id, COUNT(*) AS latest_baskets
    FROM user_product_features
    WHERE user_product_orders_since_last_purchase = 0
    GROUP BY product_id
)
SELECT
    p.product_id,
    CAST(p.latest_baskets AS DOUBLE) / CAST(u.users AS DOUBLE) AS popular_now_share,
    CAST(ROW_NUMBER() OVER (ORDER BY p.latest_baskets DESC, p.product_id) AS BIGINT) AS popular_now_rank
FROM product_counts p
CROSS JOIN user_count u
