package dev.replenish.infra;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Glue 5.0 jobs' default arguments: Glue's class path first, no Glue 4.0 logging switches. */
class GlueJobArgumentsTest {

    @Test
    void noGlueJobPutsItsJarFirstOrSetsTheLoggingArgumentsOfGlue4() {
        // GIVEN every Glue job of the synthesized app
        Map<String, Map<String, Object>> jobs = SynthesizedReplenish.get().pipeline().findResources("AWS::Glue::Job");
        assertEquals(2, jobs.size(), "the join and the feature load");
        jobs.forEach((id, job) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) job.get("Properties");
            @SuppressWarnings("unchecked")
            Map<String, Object> arguments = (Map<String, Object>) properties.get("DefaultArguments");
            // WHEN its default arguments are read
            List<String> forbidden = new ArrayList<>();
            for (String argument : arguments.keySet()) {
                if (argument.equals("--user-jars-first") || argument.startsWith("--enable-continuous-")
                        || argument.startsWith("--continuous-log-")) {
                    forbidden.add(argument);
                }
            }
            // THEN the job jar is an extra jar behind Glue's own, and Glue 5.0's own logging applies
            assertEquals(List.of(), forbidden, id);
            assertEquals("5.0", properties.get("GlueVersion"), id);
            assertTrue(arguments.containsKey("--extra-jars"), id);
        });
    }
}
