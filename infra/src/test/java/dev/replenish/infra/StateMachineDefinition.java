package dev.replenish.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.infra.pipeline.QueryPlan;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The state machine's definition (Amazon States Language), read from the synthesized template, and ways to walk it. */
final class StateMachineDefinition {

    private StateMachineDefinition() {
    }

    static final JsonNode DEFINITION = definition();
    static final JsonNode STATES = DEFINITION.get("States");

    private static JsonNode definition() {
        Path assembly = SynthesizedReplenish.get().assemblyDir();
        TemplateJson.Resource stateMachine = TemplateJson.allResources(assembly).stream()
                .filter(resource -> resource.type().equals("AWS::StepFunctions::StateMachine"))
                .findFirst().orElseThrow();
        return TemplateJson.parse(TemplateJson.render(stateMachine.properties().get("DefinitionString")));
    }

    /** Every state, including those inside Map iterations and Parallel branches, by name. */
    static Map<String, JsonNode> allStates(JsonNode states) {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        allStateNames(states).forEach(entry -> all.put(entry.getKey(), entry.getValue()));
        return all;
    }

    /** Every state with its name, nested ones too, in definition order; a repeated name appears twice. */
    static List<Map.Entry<String, JsonNode>> allStateNames(JsonNode states) {
        List<Map.Entry<String, JsonNode>> all = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> entries = states.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            all.add(entry);
            if (entry.getValue().has("ItemProcessor")) {
                all.addAll(allStateNames(entry.getValue().get("ItemProcessor").get("States")));
            }
            entry.getValue().path("Branches").forEach(branch -> all.addAll(allStateNames(branch.get("States"))));
        }
        return all;
    }

    /** State names in the order a run reaches them (Next, then Choice branches in order; not Catch). */
    static List<String> reachOrder() {
        List<String> order = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> toVisit = new ArrayDeque<>();
        toVisit.push(DEFINITION.get("StartAt").asText());
        while (!toVisit.isEmpty()) {
            String name = toVisit.pop();
            if (!seen.add(name)) {
                continue;
            }
            order.add(name);
            JsonNode state = STATES.get(name);
            List<String> successors = new ArrayList<>();
            if (state.has("Next")) {
                successors.add(state.get("Next").asText());
            }
            state.path("Choices").forEach(choice -> successors.add(choice.get("Next").asText()));
            if (state.has("Default")) {
                successors.add(state.get("Default").asText());
            }
            for (int i = successors.size() - 1; i >= 0; i--) {
                toVisit.push(successors.get(i));
            }
        }
        return order;
    }

    /** Each branch of a Parallel state as its states from StartAt along Next. */
    static List<List<String>> branchPaths(JsonNode parallel) {
        List<List<String>> paths = new ArrayList<>();
        for (JsonNode branch : parallel.get("Branches")) {
            List<String> path = new ArrayList<>();
            String name = branch.get("StartAt").asText();
            while (name != null) {
                path.add(name);
                JsonNode state = branch.get("States").get(name);
                name = state.has("Next") ? state.get("Next").asText() : null;
            }
            paths.add(path);
        }
        return paths;
    }

    /** The lake bucket's name, however the template refers to it, as "<LakeBucket>". */
    static String lakeBucket(String text) {
        return text.replaceAll("<[^>]*LakeBucket[^>]*>", "<LakeBucket>");
    }

    /** A Choice state's branches on one variable: compared value -> next state. */
    static Map<String, String> choiceBranches(String choice, String variable) {
        Map<String, String> branches = new LinkedHashMap<>();
        for (JsonNode rule : STATES.get(choice).get("Choices")) {
            if (variable.equals(rule.path("Variable").asText())) {
                JsonNode value = rule.has("StringEquals") ? rule.get("StringEquals") : rule.get("BooleanEquals");
                branches.put(value.asText(), rule.get("Next").asText());
            }
        }
        return branches;
    }

    /** A query stage's states hold its derived waves and run them wave by wave, the queries of a wave in parallel. */
    static void assertQueriesRunInWaves(QueryPlan plan) {
        {
            String stage = plan.stage();
            // GIVEN the stage's plan state THEN it holds the derived waves
            assertEquals(new ObjectMapper().valueToTree(plan.waves()), STATES.get(stage + ": plan").get("Result").get("waves"));
            // AND waves run one at a time, the queries of a wave up to the configured concurrency
            JsonNode waves = STATES.get(stage + ": waves in order");
            assertEquals(1, waves.get("MaxConcurrency").asInt());
            JsonNode wave = waves.get("ItemProcessor").get("States").get(stage + ": queries of a wave");
            assertEquals(4, wave.get("MaxConcurrency").asInt());
            // AND each query is started with its stage and name, then polled until it finishes
            JsonNode iteration = wave.get("ItemProcessor").get("States");
            JsonNode payload = iteration.get(stage + ": start query").get("Parameters").get("Payload");
            assertEquals(stage, payload.get("stage").asText());
            assertEquals("$.query", payload.get("query.$").asText());
            assertEquals(stage + ": wait for query", iteration.get(stage + ": query finished?").get("Choices").get(1).get("Next").asText());
            assertEquals("$.execution.executionId",
                    iteration.get(stage + ": query status").get("Parameters").get("Payload").get("executionId.$").asText());
        }
    }
}
