-- One row per candidate (user, product): what the join scores and the model ranks. Three sources
-- propose them, and each row says which did, with their scores, as features:
-- - history: every product the user bought in a prior order (the re-order candidates);
-- - similar: "bought together" votes, the sum over the user's products bought in the latest 3 prior
--   orders of the product's similar_products score (weighted by how many of those 3 orders hold
--   it); the ${similar_candidates} best-voted products the user never bought become candidates;
-- - popular: the ${popular_candidates} most "popular now" products the user never bought.
-- The vote is kept as a feature of every candidate, repeat ones included. Prior history only.
WITH history AS (
    SELECT user_id, product_id, user_product_purchases_in_last_3_orders AS recent_purchases
    FROM user_product_features
),
votes AS (
    SELECT h.user_id, s.similar_product_id AS product_id,
        SUM(CAST(h.recent_purchases AS DOUBLE) * s.score) AS similar_score,
        COUNT(*) AS similar_voters
    FROM history h
    JOIN similar_products s ON s.product_id = h.product_id
    WHERE h.recent_purchases > 0
    GROUP BY h.user_id, s.similar_product_id
),
explore_votes AS (
    SELECT v.user_id, v.product_id,
        ROW_NUMBER() OVER (PARTITION BY v.user_id ORDER BY v.similar_score DESC, v.product_id) AS explore_rank
    FROM votes v
    LEFT JOIN history h ON h.user_id = v.user_id AND h.product_id = v.product_id
    WHERE h.product_id IS NULL
),
users AS (
    SELECT DISTINCT user_id
    FROM history
),
explore_popular AS (
    SELECT u.user_id, p.product_id
    FROM users u
    CROSS JOIN popular_products p
    LEFT JOIN history h ON h.user_id = u.user_id AND h.product_id = p.product_id
    WHERE p.popular_now_rank <= ${popular_candidates}
      AND h.product_id IS NULL
),
proposals AS (
    SELECT user_id, product_id, 1 AS from_history, 0 AS from_similar, 0 AS from_popular, CAST(NULL AS BIGINT) AS explore_rank
    FROM history
    UNION ALL
    SELECT user_id, product_id, 0, 1, 0, explore_rank
    FROM explore_votes
    WHERE explore_rank <= ${similar_candidates}
    UNION ALL
    SELECT user_id, product_id, 0, 0, 1, CAST(NULL AS BIGINT)
    FROM explore_popular
),
candidate_keys AS (
    SELECT user_id, product_id,
        MAX(from_history) AS from_history,
        MAX(from_similar) AS from_similar,
        MAX(from_popular) AS from_popular,
        MIN(explore_rank) AS explore_rank
    FROM proposals
    GROUP BY user_id, product_id
)
SELECT
    c.user_id,
    c.product_id,
    CAST(c.from_history AS INTEGER) AS candidate_from_history,
    CAST(c.from_similar AS INTEGER) AS candidate_from_similar,
    CAST(c.from_popular AS INTEGER) AS candidate_from_popular,
    v.similar_score AS candidate_similar_score,
    CAST(v.similar_voters AS BIGINT) AS candidate_similar_voters,
    CAST(c.explore_rank AS BIGINT) AS candidate_similar_explore_rank
FROM candidate_keys c
LEFT JOIN votes v ON v.user_id = c.user_id AND v.product_id = c.product_id
