package dev.replenish.local.serving;

import dev.replenish.core.config.ReplenishConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServeCommandTest {

    private static final long MB = 1024L * 1024L;

    private static ReplenishConfig.FeatureStore withCache(int megabytes) {
        ReplenishConfig.FeatureStore defaults = ReplenishConfig.defaults().featureStore();
        return new ReplenishConfig.FeatureStore(defaults.trimByFeature(), defaults.callsInFlight(), defaults.maxAttempts(),
                defaults.baseBackoffMillis(), defaults.maxBackoffMillis(), megabytes);
    }

    @Test
    void theUserItemCacheGetsItsConfiguredSizeUnlessThatIsMoreThanAQuarterOfTheHeap() {
        // GIVEN a 512 MB cache configured
        // WHEN serve starts with an 8 GB heap, and with a 1 GB heap
        long roomy = ServeCommand.RunningService.userItemCacheBytes(withCache(512), 8192 * MB);
        long tight = ServeCommand.RunningService.userItemCacheBytes(withCache(512), 1024 * MB);
        // THEN the first keeps 512 MB, the second a quarter of its heap
        assertEquals(512 * MB, roomy);
        assertEquals(256 * MB, tight);
        // AND 0 configured stays 0 (no cache)
        assertEquals(0, ServeCommand.RunningService.userItemCacheBytes(withCache(0), 8192 * MB));
    }
}
