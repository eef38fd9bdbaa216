package dev.replenish.local.training;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.registry.ModelManifest.TrainingOutcome;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.ConfigContext;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the model with xgboost4j exactly as SageMaker's built-in XGBoost (container 3.0-5) does:
 * the same CSV input read by the same parser, the same booster parameters, the train loop watching
 * the last eval metric on the validation set and keeping the best round's model (the container's
 * EarlyStopping with save_best). Only the training metrics are not computed: the container logs
 * them, but they change nothing, and on millions of rows AUC costs a sort per round.
 */
public final class XgboostTrainer {

    /** Progress is printed every this many rounds (and at the last). */
    static final int PROGRESS_EVERY = 25;

    /** The name SageMaker gives its validation channel, so evaluation lines read the same. */
    static final String VALIDATION = "validation";

    /** XGBoost 3's own default format, and what the container saves: UBJSON. */
    static final String MODEL_FORMAT = "ubj";

    private XgboostTrainer() {
    }

    /**
     * @param model   the kept model's bytes (UBJSON), exactly what goes into model.tar.gz
     * @param booster the kept model, loaded
     * @param outcome what the loop did
     */
    public record Trained(byte[] model, Booster booster, TrainingOutcome outcome) {
    }

    public static Trained train(TrainingFiles files, ReplenishConfig.Training config, PrintStream progress)
            throws XGBoostError, IOException {
        long started = System.nanoTime();
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, Object> parameters = config.xgboostParameters(cores);
        int threads = Integer.parseInt(parameters.get("nthread").toString());

        DMatrix train = load(files.train());
        DMatrix validation = load(files.validation());
        progress.printf(Locale.ROOT, "  loaded %,d training and %,d validation rows in %.1f s; training with %d threads%n",
                train.rowNum(), validation.rowNum(), seconds(started), threads);

        // Zero rounds: a booster with the parameters and its data, for the loop below to drive.
        Booster booster = XGBoost.train(train, parameters, 0, Map.of(), null, null);
        for (String metric : config.evalMetrics()) {
            booster.setParam("eval_metric", metric);
        }
        String watched = VALIDATION + "-" + config.stoppingMetric();
        boolean maximise = ReplenishConfig.Training.maximises(config.stoppingMetric());
        DMatrix[] watches = {validation};
        String[] names = {VALIDATION};

        double best = Double.NaN;
        int bestIteration = -1;
        byte[] bestModel = null;
        int round = 0;
        boolean stoppedEarly = false;
        for (; round < config.numRound(); round++) {
            booster.update(train, round);
            String evaluation = booster.evalSet(watches, names, round);
            double score = metric(evaluation, watched);
            if (Double.isNaN(best) || (maximise ? score > best : score < best)) {
                best = score;
                bestIteration = round;
                booster.setAttr("best_iteration", Integer.toString(round));
                booster.setAttr("best_score", Double.toString(score));
                // Each improvement is kept: the model at the best round is the one saved.
                bestModel = booster.toByteArray(MODEL_FORMAT);
            }
            boolean stop = round - bestIteration >= config.earlyStoppingRounds();
            if ((round + 1) % PROGRESS_EVERY == 0 || stop || round + 1 == config.numRound()) {
                StringBuilder scores = new StringBuilder();
                for (String metric : config.evalMetrics()) {
                    scores.append(String.format(Locale.ROOT, " %s %.5f", metric, metric(evaluation, VALIDATION + "-" + metric)));
                }
                progress.printf(Locale.ROOT, "  round %4d  validation%s  (best %s %.5f at round %d)  %.1f s%n",
                        round + 1, scores, config.stoppingMetric(), best, bestIteration + 1, seconds(started));
            }
            if (stop) {
                stoppedEarly = true;
                round++;
                break;
            }
        }
        train.dispose();
        validation.dispose();
        booster.dispose();
        Booster kept = XGBoost.loadModel(bestModel);
        TrainingOutcome outcome = new TrainingOutcome(round, bestIteration, config.stoppingMetric(), best,
                stoppedEarly, threads, seconds(started));
        return new Trained(bestModel, kept, outcome);
    }

    /** Reads CSV part files with XGBoost's own text parser, as the SageMaker container does. */
    static DMatrix load(List<java.nio.file.Path> files) throws XGBoostError {
        Map<String, Object> quiet = new HashMap<>();
        // xgboost4j only has the file-based constructor, which logs a deprecation warning on every
        // call; the parser behind it is the one SageMaker uses, so the warning says nothing useful.
        quiet.put("verbosity", 0);
        try (ConfigContext ignored = new ConfigContext(quiet)) {
            return new DMatrix(TrainingFiles.csvUri(files));
        }
    }

    /** A metric from XGBoost's evaluation line: "[12]\tvalidation-auc:0.81\tvalidation-logloss:0.25". */
    static double metric(String evaluation, String name) {
        for (String field : evaluation.split("\t")) {
            int colon = field.lastIndexOf(':');
            if (colon > 0 && field.substring(0, colon).equals(name)) {
                return Double.parseDouble(field.substring(colon + 1));
            }
        }
        throw new IllegalStateException("XGBoost reported no " + name + " in '" + evaluation + "'");
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
