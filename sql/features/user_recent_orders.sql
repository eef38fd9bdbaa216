-- Not a feature table: the orders route's history. One row per (user, one of the user's latest
-- ${recent_orders_kept} prior orders), with the order's timing and its products in the order they
-- were added to the cart. Train and test orders never enter: the train order's lines are labels,
-- and neither is a past order yet. The join packs each user's rows into one value of its inference
-- table (JoinJob.RECENT_ORDERS), which the feature-store load writes into the user's item.
WITH latest_orders AS (
    SELECT
        order_id,
        user_id,
        order_number,
        order_dow,
        order_hour_of_day,
        days_since_prior_order,
        -- 1 for the user's latest prior order, 2 for the one before, ...
        ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY order_number DESC, order_id DESC) AS recency
    FROM orders
    WHERE eval_set = 'prior'
)
SELECT
    o.user_id,
    o.order_id,
    o.order_number,
    o.order_dow,
    o.order_hour_of_day,
    o.days_since_prior_order,
    -- In cart order (ties, which curation does not forbid, by product id). An order whose every
    -- line was rejected keeps its place in the history, with no products (NULL).
    array_agg(l.product_id ORDER BY l.add_to_cart_order, l.product_id) FILTER (WHERE l.product_id IS NOT NULL)
        AS product_ids
FROM latest_orders o
LEFT JOIN order_products_prior l ON l.order_id = o.order_id
WHERE o.recency <= ${recent_orders_kept}
GROUP BY o.user_id, o.order_id, o.order_number, o.order_dow, o.order_hour_of_day, o.days_since_prior_order
