package dev.replenish.infra.pipeline;

import dev.replenish.infra.lake.DataLake;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What starts a pipeline run: new raw data, and optionally a schedule.
 *
 * <p>New data is signalled by a marker object uploaded after the six files, not by the files
 * themselves: six uploads would start six concurrent runs, each on a partial upload.
 */
public final class PipelineTriggers extends Construct {

    /**
     * @param rawDataMarker the marker's key, e.g. raw/_READY
     * @param schedule      a rate(...) or cron(...) expression, or empty for uploads only
     */
    public record Props(DataLake lake, String rawDataMarker, Optional<String> schedule, IStateMachine pipeline) {
    }

    private final Rule onRawData;

    public PipelineTriggers(Construct scope, String id, Props props) {
        super(scope, id);
        SfnStateMachine start = SfnStateMachine.Builder.create(props.pipeline()).build();
        onRawData = Rule.Builder.create(this, "OnRawData")
                .description("Starts the Replenish pipeline when " + props.rawDataMarker() + " is uploaded to the lake")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.s3"))
                        .detailType(List.of("Object Created"))
                        .detail(Map.of(
                                "bucket", Map.of("name", List.of(props.lake().bucketName())),
                                "object", Map.of("key", List.of(props.rawDataMarker()))))
                        .build())
                .targets(List.of(start))
                .build();
        props.schedule().ifPresent(expression -> Rule.Builder.create(this, "OnSchedule")
                .description("Starts the Replenish pipeline on a schedule: " + expression)
                .schedule(Schedule.expression(expression))
                .targets(List.of(start))
                .build());
    }

    public Rule onRawData() {
        return onRawData;
    }
}
