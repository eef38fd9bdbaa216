-- One row per product bought in a prior order: how popular it is and how often it is bought again,
-- with the same rates pooled over its aisle and its department. Built from user_product_features
-- (one row per buyer and product) rather than the 30 M order lines, which it summarises.
-- A repeat purchase is a purchase of a product the same user had bought in an earlier prior order.
WITH product_totals AS (
    SELECT
        product_id,
        CAST(SUM(user_product_times_bought) AS BIGINT) AS purchases,
        COUNT(*) AS buyers,
        CAST(SUM(CASE WHEN user_product_times_bought >= 2 THEN 1 ELSE 0 END) AS BIGINT) AS repeat_buyers,
        SUM(user_product_mean_cart_position * user_product_times_bought) AS cart_position_sum
    FROM user_product_features
    GROUP BY product_id
),
catalogued AS (
    SELECT t.*, p.aisle_id, p.department_id
    FROM product_totals t
    JOIN products p ON p.product_id = t.product_id
),
aisle_totals AS (
    SELECT
        aisle_id,
        SUM(purchases) AS purchases,
        SUM(buyers) AS buyers,
        SUM(repeat_buyers) AS repeat_buyers,
        SUM(cart_position_sum) AS cart_position_sum
    FROM catalogued
    GROUP BY aisle_id
),
department_totals AS (
    SELECT
        department_id,
        SUM(purchases) AS purchases,
        SUM(buyers) AS buyers,
        SUM(repeat_buyers) AS repeat_buyers,
        SUM(cart_position_sum) AS cart_position_sum
    FROM catalogued
    GROUP BY department_id
)
SELECT
    c.product_id,
    c.purchases AS product_purchases,
    c.buyers AS product_distinct_buyers,
    CAST(c.purchases - c.buyers AS DOUBLE) / CAST(c.purchases AS DOUBLE) AS product_reorder_probability,
    CAST(c.repeat_buyers AS DOUBLE) / CAST(c.buyers AS DOUBLE) AS product_second_purchase_probability,
    c.cart_position_sum / CAST(c.purchases AS DOUBLE) AS product_mean_cart_position,
    CAST(a.purchases - a.buyers AS DOUBLE) / CAST(a.purchases AS DOUBLE) AS aisle_reorder_probability,
    CAST(a.repeat_buyers AS DOUBLE) / CAST(a.buyers AS DOUBLE) AS aisle_second_purchase_probability,
    a.cart_position_sum / CAST(a.purchases AS DOUBLE) AS aisle_mean_cart_position,
    CAST(d.purchases - d.buyers AS DOUBLE) / CAST(d.purchases AS DOUBLE) AS department_reorder_probability,
    CAST(d.repeat_buyers AS DOUBLE) / CAST(d.buyers AS DOUBLE) AS department_second_purchase_probability,
    d.cart_position_sum / CAST(d.purchases AS DOUBLE) AS department_mean_cart_position
FROM catalogued c
JOIN aisle_totals a ON a.aisle_id = c.aisle_id
JOIN department_totals d ON d.department_id = c.department_id
