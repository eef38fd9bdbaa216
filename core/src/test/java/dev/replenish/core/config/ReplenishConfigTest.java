package dev.replenish.core.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplenishConfigTest {

    @Test
    void aFileOverridesOnlyTheFieldsItNames() {
        // GIVEN a file that sets only the reject fraction
        // WHEN it is parsed
        ReplenishConfig config = ReplenishConfig.parse("test.json", "{\"ingest\": {\"maxRejectFraction\": 0.25}}");
        // THEN that field changes and the others keep their defaults
        assertEquals(0.25, config.ingest().maxRejectFraction());
        assertEquals(ReplenishConfig.defaults().ingest().maxFieldChars(), config.ingest().maxFieldChars());
    }

    @Test
    void anUnknownFieldIsAnErrorNamingTheFileAndTheField() {
        // GIVEN a misspelt field
        // WHEN parsed THEN the error names the file and the field
        var error = assertThrows(ReplenishConfig.ConfigException.class,
                () -> ReplenishConfig.parse("my.json", "{\"ingest\": {\"maxRejectFractio\": 0.2}}"));
        assertTrue(error.getMessage().startsWith("my.json: "), error.getMessage());
        assertTrue(error.getMessage().contains("maxRejectFractio"), error.getMessage());
    }

    @Test
    void anOutOfRangeValueIsAnErrorStatingTheRule() {
        // GIVEN a fraction above 1
        // WHEN parsed THEN the error says the allowed range
        var error = assertThrows(ReplenishConfig.ConfigException.class,
                () -> ReplenishConfig.parse("my.json", "{\"ingest\": {\"maxRejectFraction\": 1.5}}"));
        assertTrue(error.getMessage().contains("between 0 and 1"), error.getMessage());
    }

    @Test
    void brokenJsonIsAnErrorWithItsLine() {
        // GIVEN JSON with a missing brace on line 2
        // WHEN parsed THEN the error gives the line
        var error = assertThrows(ReplenishConfig.ConfigException.class,
                () -> ReplenishConfig.parse("my.json", "{\n\"ingest\": {\"maxRejectFraction\": 0.2}"));
        assertTrue(error.getMessage().contains("line 2"), error.getMessage());
    }

    @Test
    void theAthenaWaitCanBeTunedAndIsBounded() {
        // GIVEN a file that shortens the Athena poll interval
        ReplenishConfig config = ReplenishConfig.parse("test.json", "{\"athena\": {\"pollMillis\": 200}}");
        // THEN that field changes, the timeout keeps its default
        assertEquals(200, config.athena().pollMillis());
        assertEquals(ReplenishConfig.defaults().athena().ddlTimeoutSeconds(), config.athena().ddlTimeoutSeconds());
        // AND a timeout no Lambda could wait for is refused with its rule
        var error = assertThrows(ReplenishConfig.ConfigException.class,
                () -> ReplenishConfig.parse("my.json", "{\"athena\": {\"ddlTimeoutSeconds\": 3600}}"));
        assertTrue(error.getMessage().contains("between 1 and 600"), error.getMessage());
    }

    @Test
    void aNestedNextBasketFieldOverridesOnlyItself() {
        // GIVEN a file that sets only the basket evaluation's popular candidates
        ReplenishConfig config = ReplenishConfig.parse("test.json", "{\"nextBasket\": {\"candidateSources\": {\"popularCandidates\": 7}}}");
        // THEN that count changes; the other candidate settings, the split fractions and the pipeline's own
        // candidate sources keep their defaults
        ReplenishConfig.NextBasket defaults = ReplenishConfig.defaults().nextBasket();
        assertEquals(7, config.nextBasket().candidateSources().popularCandidates());
        assertEquals(defaults.candidateSources().similarCandidates(), config.nextBasket().candidateSources().similarCandidates());
        assertEquals(0.72, config.nextBasket().trainFraction());
        assertEquals(0.08, config.nextBasket().validationFraction());
        assertEquals(ReplenishConfig.defaults().candidateSources(), config.candidateSources());
    }

    @Test
    void serveCacheSizeCanBeTurnedOffButNotMadeNegative() {
        // GIVEN a file turning serve's user item cache off, and one giving it a negative size
        ReplenishConfig off = ReplenishConfig.parse("my.json", "{\"featureStore\": {\"serveCacheMegabytes\": 0}}");
        var error = assertThrows(ReplenishConfig.ConfigException.class,
                () -> ReplenishConfig.parse("my.json", "{\"featureStore\": {\"serveCacheMegabytes\": -1}}"));
        // THEN the first is taken as it is, the rest of the section keeps its defaults
        assertEquals(0, off.featureStore().serveCacheMegabytes());
        assertEquals(ReplenishConfig.defaults().featureStore().trimByFeature(), off.featureStore().trimByFeature());
        // AND the second is refused naming the field
        assertTrue(error.getMessage().contains("serveCacheMegabytes"), error.getMessage());
    }

    @Test
    void aNegativeCandidateCountIsAnErrorNamingTheField() {
        var error = assertThrows(ReplenishConfig.ConfigException.class,
                () -> ReplenishConfig.parse("my.json", "{\"candidateSources\": {\"similarCandidates\": -1}}"));
        assertTrue(error.getMessage().contains("candidateSources"), error.getMessage());
        assertTrue(error.getMessage().contains(">= 0"), error.getMessage());
    }

    @Test
    void fractionsThatLeaveNoTestUsersAreAnError() {
        var error = assertThrows(ReplenishConfig.ConfigException.class,
                () -> ReplenishConfig.parse("my.json", "{\"nextBasket\": {\"trainFraction\": 0.95, \"validationFraction\": 0.1}}"));
        assertTrue(error.getMessage().contains("leave a share for test users"), error.getMessage());
    }

    @Test
    void aListInTheFileReplacesTheDefaultListInsteadOfExtendingIt() {
        // GIVEN a file that sets the training metrics to log-loss only
        // WHEN it is parsed
        ReplenishConfig config = ReplenishConfig.parse("config.json", "{\"training\": {\"evalMetrics\": [\"logloss\"]}}");
        // THEN the list is exactly the file's, and the other training settings keep their defaults
        assertEquals(java.util.List.of("logloss"), config.training().evalMetrics());
        assertEquals(ReplenishConfig.defaults().training().maxDepth(), config.training().maxDepth());
    }
}
