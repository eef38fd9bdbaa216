package dev.replenish.lambdas.serving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.serving.ApiRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.Map;
import java.util.Optional;

/**
 * The prediction API behind API Gateway (REST, proxy integration); locally the same class behind
 * {@code replenish serve}. Thin: read the route and ids, ask {@link PredictionService}, write JSON.
 * Every answer carries the CORS headers for the site's origin; a client's mistake is a 4xx with a
 * JSON body, never a 5xx.
 */
public final class ApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    public static final String HEALTH = ApiRoute.HEALTH_PATH;
    public static final String REORDER_PROBABILITY = ApiRoute.REORDER_PROBABILITY_PATH;
    public static final String NEXT_BASKET = ApiRoute.NEXT_BASKET_PATH;
    public static final String SIMILAR_PRODUCTS = ApiRoute.SIMILAR_PRODUCTS_PATH;
    public static final String CART_COMPLETION = ApiRoute.CART_COMPLETION_PATH;
    public static final String RECENT_ORDERS = ApiRoute.RECENT_ORDERS_PATH;

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PredictionService service;
    private final Map<String, String> corsHeaders;

    /** Lambda's entry: the AWS clients and settings come from the environment. */
    public ApiHandler() {
        this(ServingEnvironment.fromEnvironment());
    }

    private ApiHandler(ServingEnvironment environment) {
        this(environment.predictionService(), environment.allowedOrigin());
    }

    public ApiHandler(PredictionService service, String allowedOrigin) {
        this.service = service;
        this.corsHeaders = Map.of(
                "Access-Control-Allow-Origin", allowedOrigin,
                "Access-Control-Allow-Methods", "GET,POST,OPTIONS",
                "Access-Control-Allow-Headers", "Accept,Content-Type",
                "Vary", "Origin");
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> answer(event));
    }

    APIGatewayProxyResponseEvent answer(APIGatewayProxyRequestEvent event) {
        String resource = event == null ? null : event.getResource();
        try {
            Optional<ApiRoute> route = event == null ? Optional.empty() : ApiRoute.of(resource);
            if (route.isEmpty()) {
                throw ApiError.notFound("no such resource", "the API serves " + ApiRoute.ALL);
            }
            if ("OPTIONS".equals(event.getHttpMethod())) {
                return respond(204, null);
            }
            if (!route.get().method().equals(event.getHttpMethod())) {
                throw new ApiError(405, "method not allowed", resource + " serves " + route.get().method() + ", not "
                        + event.getHttpMethod());
            }
            Map<String, String> path = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
            Object body = switch (resource) {
                case HEALTH -> service.health();
                case REORDER_PROBABILITY -> service.reorderProbability(
                        ResourceIds.parse(path.get("userId"), "userId"), ResourceIds.parse(path.get("productId"), "productId"));
                case NEXT_BASKET -> service.nextBasket(ResourceIds.parse(path.get("userId"), "userId"),
                        limit(event.getQueryStringParameters(), PredictionService.DEFAULT_CANDIDATES));
                case SIMILAR_PRODUCTS -> service.similarProducts(ResourceIds.parse(path.get("productId"), "productId"),
                        limit(event.getQueryStringParameters(), PredictionService.DEFAULT_SIMILAR));
                case CART_COMPLETION -> {
                    long userId = ResourceIds.parse(path.get("userId"), "userId");
                    CartRequest cart = CartRequest.parse(event.getBody(), Boolean.TRUE.equals(event.getIsBase64Encoded()));
                    yield service.cartCompletion(userId, cart.cart(),
                            limit(event.getQueryStringParameters(), PredictionService.DEFAULT_SUGGESTIONS));
                }
                case RECENT_ORDERS -> service.recentOrders(ResourceIds.parse(path.get("userId"), "userId"),
                        limit(event.getQueryStringParameters(), PredictionService.DEFAULT_ORDERS));
                default -> throw new IllegalStateException(resource + " is a route of the API but not answered");
            };
            return respond(200, body);
        } catch (ApiError e) {
            if (e.status() >= 500) {
                LOG.error("{} {}: {} ({})", event.getHttpMethod(), resource, e.getMessage(), e.detail());
            } else {
                LOG.info("{} {}: {} {}", event.getHttpMethod(), resource, e.status(), e.getMessage());
            }
            return respond(e.status(), new Responses.Error(e.getMessage(), e.detail()));
        } catch (RuntimeException e) {
            // Our fault, not the client's: say so without leaking internals; the log has the trace.
            LOG.error("unexpected failure on {}", resource, e);
            return respond(500, new Responses.Error("internal error", "the request failed on the server; it has been logged"));
        }
    }

    /** A route's optional {@code limit}, as a number; the service holds its range. */
    private static long limit(Map<String, String> query, long unset) {
        String raw = query == null ? null : query.get("limit");
        return raw == null ? unset : ResourceIds.parse(raw, "limit");
    }

    private APIGatewayProxyResponseEvent respond(int status, Object body) {
        APIGatewayProxyResponseEvent response = new APIGatewayProxyResponseEvent().withStatusCode(status);
        java.util.HashMap<String, String> headers = new java.util.HashMap<>(corsHeaders);
        headers.put("Cache-Control", "no-store");
        if (body != null) {
            headers.put("Content-Type", "application/json");
            try {
                response.setBody(JSON.writeValueAsString(body));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
            }
        }
        return response.withHeaders(headers);
    }
}
