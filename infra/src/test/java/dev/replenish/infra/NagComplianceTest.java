package dev.replenish.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.s3.Bucket;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cdk-nag's AWS Solutions pack over the whole app: nothing unsuppressed, every suppression explained. */
class NagComplianceTest {

    private final SynthesizedReplenish.Synthesized app = SynthesizedReplenish.get();

    @Test
    void noStackHasAnUnsuppressedAwsSolutionsFinding() {
        for (Stack stack : app.stacks().all()) {
            // GIVEN the stack's annotations after the checks ran
            Annotations annotations = Annotations.fromStack(stack);
            // THEN no AwsSolutions error and no AwsSolutions warning remains
            assertEquals(List.of(), annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")), stack.getStackName());
            assertEquals(List.of(), annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")), stack.getStackName());
        }
        // AND the app's own guard (what makes `cdk synth` fail) counts none either
        assertEquals(List.of(), ReplenishApp.nagFindings(app.app()));
    }

    @Test
    void theGuardCountsAFindingWhenThereIsOne() {
        // GIVEN a throwaway app with a bucket that breaks several AWS Solutions rules
        App broken = new App(AppProps.builder().analyticsReporting(false)
                .context(Map.of("@aws-cdk/core:validateAgainstDefaultRules", false)).build());
        Stack stack = new Stack(broken, "Broken");
        Bucket.Builder.create(stack, "Unlogged").build();
        Aspects.of(broken).add(new AwsSolutionsChecks());

        // WHEN synthesized
        broken.synth();

        // THEN the guard sees the findings
        assertFalse(ReplenishApp.nagFindings(broken).isEmpty());
    }

    @Test
    void everySuppressionGivesAReasonSpecificToThisProject() {
        // GIVEN every suppression recorded in the templates' metadata
        List<String[]> suppressions = new ArrayList<>();
        for (TemplateJson.Resource resource : TemplateJson.allResources(app.assemblyDir())) {
            JsonNode rules = resource.body().path("Metadata").path("cdk_nag").path("rules_to_suppress");
            rules.forEach(rule -> suppressions.add(new String[] {resource.toString(), rule.get("id").asText(), rule.get("reason").asText()}));
        }
        assertTrue(suppressions.size() > 10, "suppressions found: " + suppressions.size());

        // THEN each names its rule and explains itself in this project's terms, not boilerplate
        Set<String> reasons = new HashSet<>();
        for (String[] suppression : suppressions) {
            assertTrue(suppression[1].startsWith("AwsSolutions-"), suppression[0]);
            assertTrue(suppression[2].length() >= 60, "reason too short for " + suppression[1] + " on " + suppression[0]);
            reasons.add(suppression[1] + suppression[2]);
        }
        // AND only these rules are ever suppressed
        Set<String> rules = new HashSet<>();
        suppressions.forEach(suppression -> rules.add(suppression[1]));
        assertEquals(Set.of("AwsSolutions-IAM5", "AwsSolutions-L1", "AwsSolutions-GL1", "AwsSolutions-GL3",
                "AwsSolutions-APIG3", "AwsSolutions-APIG4", "AwsSolutions-COG4", "AwsSolutions-S1",
                "AwsSolutions-CFR1", "AwsSolutions-CFR2", "AwsSolutions-CFR4"), rules);
    }
}
