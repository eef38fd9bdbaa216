SELECT order_id, user_id, order_dow, order_hour_of_day, days_since_prior_order FROM curated_orders WHERE eval_set <> 'prior'
