-- What the frequency baselines know of each validation user: one row per (user, product bought
-- in a prior order). Relations: orders and order_products_prior (curated), validation_candidates
-- (the join's evaluation rows, for the set of validation users).
-- mean_reorders_per_order is the user's mean count of re-ordered products per prior order after
-- the first (a first order cannot hold a re-order): the k of the top-k baselines.
WITH validation_users AS (
    SELECT DISTINCT user_id
    FROM validation_candidates
),
prior_orders AS (
    SELECT o.user_id, o.order_id, o.order_number
    FROM orders o
    JOIN validation_users v ON v.user_id = o.user_id
    WHERE o.eval_set = 'prior'
),
last_prior AS (
    SELECT user_id, MAX(order_number) AS last_order_number
    FROM prior_orders
    GROUP BY user_id
),
order_reorders AS (
    SELECT po.user_id, po.order_id, SUM(CASE WHEN op.reordered = 1 THEN 1 ELSE 0 END) AS reorders
    FROM prior_orders po
    JOIN order_products_prior op ON op.order_id = po.order_id
    WHERE po.order_number > 1
    GROUP BY po.user_id, po.order_id
),
user_reorders AS (
    SELECT user_id, AVG(CAST(reorders AS DOUBLE)) AS mean_reorders_per_order
    FROM order_reorders
    GROUP BY user_id
)
SELECT
    po.user_id,
    op.product_id,
    COUNT(*) AS times_bought,
    MAX(po.order_number) AS last_bought_order_number,
    MAX(CASE WHEN po.order_number = lp.last_order_number THEN 1 ELSE 0 END) AS in_last_order,
    MAX(ur.mean_reorders_per_order) AS mean_reorders_per_order
FROM prior_orders po
JOIN order_products_prior op ON op.order_id = po.order_id
JOIN last_prior lp ON lp.user_id = po.user_id
LEFT JOIN user_reorders ur ON ur.user_id = po.user_id
GROUP BY po.user_id, op.product_id
