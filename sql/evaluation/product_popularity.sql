-- Global popularity for the G-TopFreq and GP-TopFreq baselines: how many prior order lines of all
-- users hold each product. Relation: order_products_prior (curated).
SELECT
    product_id,
    COUNT(*) AS times_bought
FROM order_products_prior
GROUP BY product_id
