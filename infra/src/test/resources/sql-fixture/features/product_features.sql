-- Fixture: independent of user_features (this comment mentions user_features and must not count).
SELECT product_id, COUNT(*) AS purchases FROM curated_order_products_prior GROUP BY product_id
