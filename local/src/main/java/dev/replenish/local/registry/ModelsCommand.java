package dev.replenish.local.registry;

import dev.replenish.core.registry.ActiveModel;
import dev.replenish.core.registry.ModelManifest;
import dev.replenish.local.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the trained models of a work directory: run, date, validation mean F1 and AUC; * marks the active one.")
public final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--work", required = true, description = "Work directory: the local lake.")
    Path work;

    @Override
    public Integer call() {
        if (!Files.isDirectory(work)) {
            throw new UserError("--work " + work + ": no such directory");
        }
        LocalModelRegistry registry = new LocalModelRegistry(work);
        List<ModelManifest> runs = registry.runs();
        if (runs.isEmpty()) {
            System.out.println("no models under " + work.resolve("models") + " yet: run the train step");
            return 0;
        }
        Optional<String> active = registry.active().map(ActiveModel::runId);
        System.out.printf(Locale.ROOT, "  %-24s %-20s %8s %8s  %s%n", "run", "trained (UTC)", "mean F1", "AUC", "");
        for (ModelManifest run : runs) {
            boolean isActive = active.filter(run.runId()::equals).isPresent();
            double auc = run.evaluation() == null ? Double.NaN : run.evaluation().metrics().model().auc();
            System.out.printf(Locale.ROOT, "%s %-24s %-20s %8s %8s  %s%n", isActive ? "*" : " ", run.runId(),
                    run.trainedAt().replace('T', ' ').replaceAll("\\.\\d+Z$", "").replace("Z", ""),
                    figure(run.meanF1()), figure(auc), isActive ? "active" : run.evaluation() == null ? "not evaluated" : "");
        }
        return 0;
    }

    private static String figure(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }
}
