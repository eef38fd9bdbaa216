package dev.replenish.infra.training;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XgboostImageTest {

    private static Stack stackIn(String region) {
        return new Stack(new App(), "S", StackProps.builder().env(Environment.builder().region(region).build()).build());
    }

    @Test
    void aRegionWithoutThePublishedImageIsRefusedNamingIt() {
        // GIVEN a stack in a region missing from AWS's table WHEN the image is resolved THEN it fails clearly
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new XgboostImage(stackIn("xx-nowhere-1"), "Image"));
        assertTrue(error.getMessage().contains("xx-nowhere-1") && error.getMessage().contains("replenish:region"), error.getMessage());
    }

    @Test
    void aRegionInTheTableIsAccepted() {
        assertDoesNotThrow(() -> new XgboostImage(stackIn("eu-west-1"), "Image"));
    }

    @Test
    void theReadmeListsExactlyTheRegionsWhereTheImageIsPublished() throws java.io.IOException {
        // GIVEN the README's "What you need" line about regions
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("").toAbsolutePath().getParent().resolve("README.md"));
        int from = readme.indexOf("- A region where SageMaker's built-in XGBoost 3.0-5 is published");
        assertTrue(from >= 0, "the README names no region requirement");
        String line = readme.substring(from, readme.indexOf("\n- ", from + 1));
        // WHEN collecting the region names it lists
        java.util.Set<String> listed = new java.util.TreeSet<>();
        java.util.regex.Matcher region = java.util.regex.Pattern.compile("\\b[a-z]{2}(-gov)?-[a-z]+-\\d\\b").matcher(line);
        while (region.find()) {
            listed.add(region.group());
        }
        // THEN they are exactly the regions of the image table, no "every commercial region"
        org.junit.jupiter.api.Assertions.assertEquals(XgboostImage.ACCOUNT_BY_REGION.keySet(), listed);
    }
}
