package dev.replenish.featurestore;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** One in-memory DynamoDB Local server on a free loopback port for the whole test JVM. */
public final class SharedDynamoDb {

    private static String endpoint;

    private SharedDynamoDb() {
    }

    public static synchronized String endpoint() {
        if (endpoint == null) {
            try {
                int port;
                try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    port = socket.getLocalPort();
                }
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                        new String[]{"-inMemory", "-port", Integer.toString(port)});
                server.start();
                endpoint = "http://127.0.0.1:" + port;
            } catch (Exception e) {
                throw new IllegalStateException("could not start DynamoDB Local", e);
            }
        }
        return endpoint;
    }
}
