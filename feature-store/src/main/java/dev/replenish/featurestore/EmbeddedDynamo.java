package dev.replenish.featurestore;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DynamoDB engine running inside this JVM (DynamoDB Local's embedded mode), found again by name.
 * The engine's client calls it directly: no port is opened, no request is signed, sent as JSON or
 * parsed back. Spark local-mode tasks deserialize the target in the same JVM, so the name reaches
 * the same engine. The engine belongs to whoever registered it; clients opened here leave it
 * running when closed.
 *
 * @param name the name the engine was registered under
 */
public record EmbeddedDynamo(String name) implements DynamoClients {

    private static final Map<String, DynamoDbClient> ENGINES = new ConcurrentHashMap<>();

    /** Makes an engine's client reachable by name until {@link #unregister()}. */
    public static EmbeddedDynamo register(String name, DynamoDbClient engine) {
        if (ENGINES.putIfAbsent(name, engine) != null) {
            throw new IllegalStateException("an embedded DynamoDB engine named " + name + " is already running in this JVM");
        }
        return new EmbeddedDynamo(name);
    }

    public void unregister() {
        ENGINES.remove(name);
    }

    @Override
    public DynamoDbClient open() {
        DynamoDbClient engine = ENGINES.get(name);
        if (engine == null) {
            throw new IllegalStateException("no embedded DynamoDB engine named " + name + " runs in this JVM");
        }
        // Closing the engine's own client would shut the engine for every other user (and DynamoDB
        // Local 2.2's embedded client cannot be closed at all): this view's close does nothing.
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[]{DynamoDbClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        return null;
                    }
                    try {
                        return method.invoke(engine, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
