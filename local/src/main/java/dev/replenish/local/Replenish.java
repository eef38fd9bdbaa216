package dev.replenish.local;

import dev.replenish.local.baskets.ImportBasketsCommand;
import dev.replenish.local.bench.BenchCommand;
import dev.replenish.local.demo.DemoCommand;
import dev.replenish.local.evaluation.EvaluateStep;
import dev.replenish.local.generate.GenerateCommand;
import dev.replenish.local.generate.GenerateTransactionsCommand;
import dev.replenish.local.nextbasket.EvaluateBasketsCommand;
import dev.replenish.local.pipeline.PipelineCommand;
import dev.replenish.local.pipeline.StepCommand;
import dev.replenish.local.registry.DeployStep;
import dev.replenish.local.registry.ForceDeployOption;
import dev.replenish.local.registry.ModelsCommand;
import dev.replenish.local.stats.StatsCommand;
import dev.replenish.local.training.TrainStep;
import dev.replenish.local.transactions.ImportTransactionsCommand;
import dev.replenish.local.serving.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The replenish command: one verb per capability, each with its own --help. */
@Command(name = "replenish",
        mixinStandardHelpOptions = true,
        version = "replenish 0.1.0",
        description = "Reorder and next-basket prediction for grocery retail, run on one machine.",
        subcommands = {
                DemoCommand.class,
                GenerateCommand.class,
                GenerateTransactionsCommand.class,
                StatsCommand.class,
                ImportBasketsCommand.class,
                ImportTransactionsCommand.class,
                PipelineCommand.class,
                ModelsCommand.class,
                EvaluateBasketsCommand.class,
                ServeCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Replenish implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, shared by main and the tests so both see the same behaviour. */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new Replenish());
        // The steps that need only the lake, as verbs of their own (added before the handler, which they inherit).
        commandLine.addSubcommand(StepCommand.of(new TrainStep()));
        commandLine.addSubcommand(StepCommand.of(new EvaluateStep()));
        commandLine.addSubcommand(StepCommand.of(new DeployStep(), new ForceDeployOption()));
        // A user's mistake gets one clear line, not a stack trace.
        commandLine.setExecutionExceptionHandler(new UserErrorHandler());
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
