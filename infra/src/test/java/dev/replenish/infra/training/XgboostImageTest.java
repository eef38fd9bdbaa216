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
}
