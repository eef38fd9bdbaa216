package dev.replenish.local.serving;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.replenish.core.serving.ApiRoute;
import dev.replenish.lambdas.serving.ApiHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What API Gateway and CloudFront do in AWS, on one loopback port: the page from {@code web/}, its
 * {@code config.json}, and every API request turned into the same proxy event for the same
 * {@link ApiHandler} class, with the route template as {@code resource} and the decoded path
 * parameters, as API Gateway's proxy integration sends them.
 */
public final class LocalApiServer implements AutoCloseable {

    /**
     * The largest request body passed on. API Gateway's limit is 10 MB; the API's one body (a cart
     * of at most 200 ids) needs a few KB, so a local client gets a 413 long before memory matters.
     */
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "json", "application/json", "png", "image/png",
            "svg", "image/svg+xml", "ico", "image/x-icon");

    private final HttpServer server;
    private final ExecutorService workers;

    private LocalApiServer(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    /**
     * The JDK server writes a response's headers and its body in two sends. With Nagle's algorithm on,
     * the body waits for the client to acknowledge the headers, and clients delay that ACK (40 ms on
     * Linux): every request after the first on a kept-alive connection took ~45 ms, capping a
     * connection at ~20 requests/s (measured with wrk and the browser). The JDK reads this property
     * once, when its server configuration class loads, so it is set before the first server exists.
     */
    static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
    }

    /** Starts on 127.0.0.1:port (0 picks a free port). */
    public static LocalApiServer start(int port, ApiHandler handler, int threads) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        server.setExecutor(workers);
        server.createContext("/v1/", exchange -> api(exchange, handler));
        server.createContext("/", LocalApiServer::page);
        server.start();
        return new LocalApiServer(server, workers);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static void api(HttpExchange exchange, ApiHandler handler) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                    .withHttpMethod(exchange.getRequestMethod())
                    .withPath(decode(path))
                    .withHeaders(headers(exchange))
                    .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                            .withRequestId(UUID.randomUUID().toString()).withStage("local"));
            match(path).ifPresent(route -> event.withResource(route.resource()).withPathParameters(route.parameters()));
            byte[] requestBody = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
            if (requestBody.length > MAX_BODY_BYTES) {
                send(exchange, 413, "application/json", ("{\"error\":\"request too large\",\"detail\":\"body: at most "
                        + MAX_BODY_BYTES + " bytes\"}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (requestBody.length > 0) {
                event.withBody(new String(requestBody, StandardCharsets.UTF_8)).withIsBase64Encoded(false);
            }
            query(exchange.getRequestURI().getRawQuery()).ifPresent(event::withQueryStringParameters);
            APIGatewayProxyResponseEvent response = handler.handleRequest(event,
                    new LocalLambdaContext(event.getRequestContext().getRequestId()));
            byte[] body = response.getBody() == null ? new byte[0] : response.getBody().getBytes(StandardCharsets.UTF_8);
            if (response.getHeaders() != null) {
                response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            }
            exchange.sendResponseHeaders(response.getStatusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** A matched route: its template and the decoded values of its {parameters}. */
    record Route(String resource, Map<String, String> parameters) {
    }

    static Optional<Route> match(String rawPath) {
        String[] segments = rawPath.split("/", -1);
        for (String template : ApiRoute.ALL.stream().map(ApiRoute::template).toList()) {
            String[] parts = template.split("/", -1);
            if (parts.length != segments.length) {
                continue;
            }
            Map<String, String> parameters = new HashMap<>();
            boolean matches = true;
            for (int i = 0; i < parts.length && matches; i++) {
                if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
                    parameters.put(parts[i].substring(1, parts[i].length() - 1), decode(segments[i]));
                } else {
                    matches = parts[i].equals(segments[i]);
                }
            }
            if (matches) {
                return Optional.of(new Route(template, parameters));
            }
        }
        return Optional.empty();
    }

    /** The query string as API Gateway's proxy event gives it: decoded, the last value of a repeated name. */
    static Optional<Map<String, String>> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                parameters.put(decodeQuery(name), decodeQuery(value));
            }
        }
        return parameters.isEmpty() ? Optional.empty() : Optional.of(parameters);
    }

    /** A query name or value: '+' is a space there. */
    private static String decodeQuery(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return raw; // API Gateway passes such text on as it is; the handler then refuses it
        }
    }

    /** A path: '+' is itself there. */
    private static String decode(String raw) {
        return decodeQuery(raw.replace("+", "%2B"));
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        return headers;
    }

    /** The static page and the local config.json (the API is on this same origin). */
    private static void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain; charset=utf-8", "only GET".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.equals("/config.json")) {
                send(exchange, 200, CONTENT_TYPES.get("json"), "{\"apiBaseUrl\": \"\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String name = path.equals("/") ? "index.html" : path.substring(1);
            // Only plain file names of web/ are served: no parent references, no sub-folders to escape through.
            if (!name.matches("[A-Za-z0-9_-]+\\.[a-z]+")) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            try (InputStream in = LocalApiServer.class.getClassLoader().getResourceAsStream("web/" + name)) {
                if (in == null) {
                    send(exchange, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                String extension = name.substring(name.lastIndexOf('.') + 1);
                send(exchange, 200, CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"), in.readAllBytes());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
