-- Fixture for infra tests: stands in for sql/features/user_features.sql.
SELECT user_id, COUNT(*) AS prior_orders FROM curated_orders WHERE eval_set = 'prior' GROUP BY user_id
