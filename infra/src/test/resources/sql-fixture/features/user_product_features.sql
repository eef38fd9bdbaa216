/* Fixture: reads another feature table, so it runs in a later wave. */
SELECT up.user_id, up.product_id, CAST(up.times AS DOUBLE) / u.prior_orders AS order_share
FROM (SELECT o.user_id, l.product_id, COUNT(*) AS times
      FROM curated_order_products_prior l JOIN curated_orders o ON o.order_id = l.order_id
      GROUP BY o.user_id, l.product_id) up
JOIN user_features u ON u.user_id = up.user_id
