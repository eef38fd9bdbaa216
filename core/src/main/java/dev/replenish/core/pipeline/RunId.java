package dev.replenish.core.pipeline;

import java.util.regex.Pattern;

/**
 * The rule a run id follows on both runtimes. In the cloud the run id names the run's training job,
 * evaluation model and transform job, served model and endpoint configuration, and SageMaker allows
 * only letters, digits and single or repeated '-' between them in those names, 63 characters at most
 * with the longest prefix this project puts before the run id. So a run id that breaks the rule is
 * refused before the run starts (locally by the run-id option, in the cloud by the state machine's
 * first state), not after an hour of paid work when the first SageMaker call fails.
 */
public final class RunId {

    /**
     * The longest run id: a UUID's 36 characters, the name Step Functions gives an execution started
     * without one (the raw-data trigger and the schedule start runs that way). The cloud checks at
     * synthesis that its longest derived name still fits SageMaker's 63 characters.
     */
    public static final int MAX_LENGTH = 36;

    private static final Pattern ALLOWED = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9])*");

    private RunId() {
    }

    /** Null when the run id follows the rule, else the rule it breaks, naming the run id. */
    public static String problem(String runId) {
        if (runId == null || runId.length() > MAX_LENGTH || !ALLOWED.matcher(runId).matches()) {
            return "run id '" + runId + "' must be 1-" + MAX_LENGTH + " letters, digits or '-', starting and ending "
                    + "with a letter or digit (SageMaker names the run's training job, models and endpoint "
                    + "configurations after it)";
        }
        return null;
    }

    /** The run id when it follows the rule; otherwise an IllegalArgumentException with {@link #problem}'s message. */
    public static String require(String runId) {
        String problem = problem(runId);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return runId;
    }
}
