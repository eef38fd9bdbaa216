package dev.replenish.infra.pipeline;

import dev.replenish.core.pipeline.PipelineStep;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Chain;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.Errors;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.Result;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.Wait;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.replenish.infra.pipeline.StateKit.name;

/**
 * A {@link QueryPlan}'s queries as states: wave by wave (waves in order, the queries of a wave in
 * parallel), each query as start -> wait -> status until it has finished. Used by the curate and
 * features steps and by the evaluate step's baseline queries. Handler events: start
 * {"runId","stage","query"} -> {"executionId"}; status {"runId","stage","query","executionId"} ->
 * {"state":"RUNNING|SUCCEEDED|FAILED","reason"}.
 */
final class QueryWaves {

    /** The two query functions and how the states poll and fan out. */
    record Settings(dev.replenish.infra.functions.JavaFunction startQuery, dev.replenish.infra.functions.JavaFunction queryStatus,
                    int pollSeconds, int maxConcurrentQueries) {
    }

    private QueryWaves() {
    }

    /** The plan's states in {@code scope}; a failure goes to {@code onFailure} (the failure path, or a Fail of the branch they run in). */
    static Chain of(Construct scope, StateKit kit, PipelineStep step, QueryPlan plan, Settings settings, IChainable onFailure) {
        Pass planned = Pass.Builder.create(scope, name(step, "plan"))
                .stateName(name(step, "plan"))
                .comment("Waves of independent queries, derived at synthesis (see QueryPlan)")
                .result(Result.fromObject(Map.of("waves", plan.waves())))
                .resultPath("$.plan")
                .build();

        Fail queryFailed = kit.iterationFailed(scope, name(step, "query failed"));
        Map<String, Object> query = Map.of(
                "runId", JsonPath.stringAt("$.runId"), "stage", plan.stage(), "query", JsonPath.stringAt("$.query"));
        LambdaInvoke start = kit.invokeInIteration(scope, settings.startQuery(), name(step, "start query"), query,
                Map.of("executionId", JsonPath.stringAt("$.Payload.executionId")), "$.execution", queryFailed);
        Wait wait = StateKit.poll(scope, name(step, "wait for query"), settings.pollSeconds());
        Map<String, Object> statusPayload = new LinkedHashMap<>(query);
        statusPayload.put("executionId", JsonPath.stringAt("$.execution.executionId"));
        LambdaInvoke status = kit.invokeInIteration(scope, settings.queryStatus(), name(step, "query status"), statusPayload,
                Map.of("state", JsonPath.stringAt("$.Payload.state"), "reason", JsonPath.stringAt("$.Payload.reason")),
                "$.status", queryFailed);
        Choice finished = Choice.Builder.create(scope, name(step, "query finished?"))
                .stateName(name(step, "query finished?"))
                .build()
                .when(Condition.stringEquals("$.status.state", "SUCCEEDED"),
                        Succeed.Builder.create(scope, name(step, "query done")).stateName(name(step, "query done")).build())
                .when(Condition.stringEquals("$.status.state", "RUNNING"), wait)
                .otherwise(Fail.Builder.create(scope, name(step, "query reported failure"))
                        .stateName(name(step, "query reported failure"))
                        .error("QueryFailed")
                        .causePath("$.status.reason")
                        .build());

        software.amazon.awscdk.services.stepfunctions.Map queriesOfWave =
                software.amazon.awscdk.services.stepfunctions.Map.Builder.create(scope, name(step, "queries of a wave"))
                        .stateName(name(step, "queries of a wave"))
                        .itemsPath("$.queries")
                        .itemSelector(Map.of("runId", JsonPath.stringAt("$.runId"), "query", JsonPath.stringAt("$$.Map.Item.Value")))
                        .maxConcurrency(settings.maxConcurrentQueries())
                        .resultPath(JsonPath.DISCARD)
                        .build();
        queriesOfWave.itemProcessor(start.next(wait).next(status).next(finished));

        software.amazon.awscdk.services.stepfunctions.Map waves =
                software.amazon.awscdk.services.stepfunctions.Map.Builder.create(scope, name(step, "waves in order"))
                        .stateName(name(step, "waves in order"))
                        .itemsPath("$.plan.waves")
                        .itemSelector(Map.of("runId", JsonPath.stringAt("$.runId"), "queries", JsonPath.listAt("$$.Map.Item.Value")))
                        // One wave at a time, in order: a wave's queries read the tables of the waves before it.
                        .maxConcurrency(1)
                        .resultPath(JsonPath.DISCARD)
                        .build();
        waves.itemProcessor(queriesOfWave);
        waves.addCatch(onFailure, CatchProps.builder().errors(List.of(Errors.ALL)).resultPath(StateKit.ERROR_PATH).build());
        return planned.next(waves);
    }
}
