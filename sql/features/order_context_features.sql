-- One row per order being predicted (each user's train or test order): when it is placed and how
-- long after the previous one. The order's own row in orders.csv is known before its basket is,
-- so it is context, not a label. Timing columns are NULL for sources without dates. Every column
-- but the keys is a feature, so eval_set (which the join takes from orders) is not repeated here.
WITH user_gaps AS (
    SELECT user_id, AVG(days_since_prior_order) AS mean_days_between_orders
    FROM orders
    WHERE eval_set = 'prior'
    GROUP BY user_id
)
SELECT
    o.order_id,
    o.user_id,
    o.order_dow AS order_day_of_week,
    o.order_hour_of_day AS order_hour_of_day,
    o.days_since_prior_order AS order_days_since_prior_order,
    o.days_since_prior_order / NULLIF(g.mean_days_between_orders, 0) AS order_days_since_prior_vs_user_mean
FROM orders o
LEFT JOIN user_gaps g ON g.user_id = o.user_id
WHERE o.eval_set IN ('train', 'test')
