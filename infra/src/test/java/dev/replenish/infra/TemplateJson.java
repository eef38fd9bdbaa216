package dev.replenish.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The synthesized templates as plain JSON, for the tests that walk every resource of every stack.
 * Intrinsic functions are rendered as readable text ("<LakeBucket.Arn>/raw/*"), so assertions can
 * look at what a reference points to.
 */
final class TemplateJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Resource(String stack, String logicalId, String type, JsonNode body) {
        JsonNode properties() {
            return body.path("Properties");
        }

        @Override
        public String toString() {
            return stack + "/" + logicalId + " (" + type + ")";
        }
    }

    private TemplateJson() {
    }

    /** Every resource of every template in the assembly directory. */
    static List<Resource> allResources(Path assemblyDir) {
        List<Resource> resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(assemblyDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".template.json")).sorted().toList()) {
                String stack = file.getFileName().toString().replace(".template.json", "");
                JsonNode template = JSON.readTree(file.toFile());
                Iterator<Map.Entry<String, JsonNode>> entries = template.path("Resources").fields();
                while (entries.hasNext()) {
                    Map.Entry<String, JsonNode> entry = entries.next();
                    resources.add(new Resource(stack, entry.getKey(), entry.getValue().path("Type").asText(), entry.getValue()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resources;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A string, or an intrinsic function rendered as text. */
    static String render(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(part -> parts.add(render(part)));
            return String.join(",", parts);
        }
        if (node.has("Ref")) {
            return "<" + node.get("Ref").asText() + ">";
        }
        if (node.has("Fn::GetAtt")) {
            return "<" + node.get("Fn::GetAtt").get(0).asText() + "." + node.get("Fn::GetAtt").get(1).asText() + ">";
        }
        if (node.has("Fn::GetStackOutput")) {
            return "<" + node.get("Fn::GetStackOutput").path("OutputName").asText() + ">";
        }
        if (node.has("Fn::ImportValue")) {
            return "<import " + render(node.get("Fn::ImportValue")) + ">";
        }
        if (node.has("Fn::Join")) {
            StringBuilder joined = new StringBuilder();
            String separator = node.get("Fn::Join").get(0).asText();
            Iterator<JsonNode> parts = node.get("Fn::Join").get(1).elements();
            while (parts.hasNext()) {
                joined.append(render(parts.next()));
                if (parts.hasNext()) {
                    joined.append(separator);
                }
            }
            return joined.toString();
        }
        if (node.has("Fn::FindInMap")) {
            return "<map " + render(node.get("Fn::FindInMap")) + ">";
        }
        return node.toString();
    }

    /** A JSON value that may be one item or a list, as a list. */
    static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return items;
        }
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        return items;
    }
}
