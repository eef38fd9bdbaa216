package dev.replenish.core.serving;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One route of the prediction API: its HTTP method and its path template, as API Gateway names it
 * (the proxy event's {@code resource}). The one list that the handler answers, the local server
 * matches and the CDK app provisions.
 */
public record ApiRoute(String method, String template) {

    // The templates as constants too, so the handler can switch on the proxy event's resource.
    public static final String HEALTH_PATH = "/v1/health";
    public static final String REORDER_PROBABILITY_PATH = "/v1/users/{userId}/products/{productId}/reorder-probability";
    public static final String NEXT_BASKET_PATH = "/v1/users/{userId}/next-basket";
    public static final String CART_COMPLETION_PATH = "/v1/users/{userId}/cart-completion";
    public static final String RECENT_ORDERS_PATH = "/v1/users/{userId}/orders";
    public static final String SIMILAR_PRODUCTS_PATH = "/v1/products/{productId}/similar";

    public static final ApiRoute HEALTH = new ApiRoute("GET", HEALTH_PATH);
    public static final ApiRoute REORDER_PROBABILITY = new ApiRoute("GET", REORDER_PROBABILITY_PATH);
    public static final ApiRoute NEXT_BASKET = new ApiRoute("GET", NEXT_BASKET_PATH);
    public static final ApiRoute CART_COMPLETION = new ApiRoute("POST", CART_COMPLETION_PATH);
    public static final ApiRoute RECENT_ORDERS = new ApiRoute("GET", RECENT_ORDERS_PATH);
    public static final ApiRoute SIMILAR_PRODUCTS = new ApiRoute("GET", SIMILAR_PRODUCTS_PATH);

    /** Every route, in the order the README's API table lists them. */
    public static final List<ApiRoute> ALL = List.of(REORDER_PROBABILITY, NEXT_BASKET, CART_COMPLETION, RECENT_ORDERS,
            SIMILAR_PRODUCTS, HEALTH);

    /** The route with this template, if the API has one. */
    public static Optional<ApiRoute> of(String template) {
        return ALL.stream().filter(route -> route.template.equals(template)).findFirst();
    }

    /** The path's segments after the leading '/'. */
    public List<String> segments() {
        return Arrays.asList(template.substring(1).split("/"));
    }

    /** The names of the {parameters} in the path, in order. */
    public List<String> pathParameters() {
        return segments().stream().filter(s -> s.startsWith("{") && s.endsWith("}"))
                .map(s -> s.substring(1, s.length() - 1)).toList();
    }

    @Override
    public String toString() {
        return method + " " + template;
    }
}
