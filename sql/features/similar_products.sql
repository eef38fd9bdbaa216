-- "Bought together": for every product, the products most often in the same prior basket, as
-- (product_id, similar_product_id, score, rank). score is the shrunk cosine
-- together / (sqrt(baskets(i) * baskets(j)) + shrink): a staple found in every basket does not look
-- similar to everything, and a pair seen in two baskets of rare products does not beat a pair seen
-- in two hundred. The pair explosion is bounded twice: only each user's latest
-- ${similar_recent_orders} prior orders count, and of each only the first
-- ${similar_max_basket_lines} lines (by add_to_cart_order). Prior orders only: train-order lines
-- are labels. similar_product_id is not a join key, so the join reads this table only through
-- candidates.sql.
WITH recent_orders AS (
    SELECT
        order_id,
        ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY order_number DESC, order_id DESC) AS recency
    FROM orders
    WHERE eval_set = 'prior'
),
lines AS (
    SELECT l.order_id, l.product_id
    FROM order_products_prior l
    JOIN recent_orders o ON o.order_id = l.order_id
    WHERE o.recency <= ${similar_recent_orders}
      AND l.add_to_cart_order <= ${similar_max_basket_lines}
),
product_baskets AS (
    SELECT product_id, COUNT(*) AS baskets
    FROM lines
    GROUP BY product_id
),
pairs AS (
    SELECT a.product_id, b.product_id AS similar_product_id, COUNT(*) AS together
    FROM lines a
    JOIN lines b ON b.order_id = a.order_id AND b.product_id <> a.product_id
    GROUP BY a.product_id, b.product_id
    HAVING COUNT(*) >= ${similar_min_together}
),
scored AS (
    SELECT
        p.product_id,
        p.similar_product_id,
        CAST(p.together AS DOUBLE)
            / (SQRT(CAST(pa.baskets AS DOUBLE) * CAST(pb.baskets AS DOUBLE)) + CAST(${similar_shrink} AS DOUBLE)) AS score
    FROM pairs p
    JOIN product_baskets pa ON pa.product_id = p.product_id
    JOIN product_baskets pb ON pb.product_id = p.similar_product_id
),
ranked AS (
    SELECT
        product_id,
        similar_product_id,
        score,
        ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY score DESC, similar_product_id) AS similarity_rank
    FROM scored
)
SELECT product_id, similar_product_id, score, CAST(similarity_rank AS BIGINT) AS "rank"
FROM ranked
WHERE similarity_rank <= ${similar_per_product}
