package dev.replenish.local;

import dev.replenish.local.nextbasket.EvaluateBasketsCommand;
import dev.replenish.local.pipeline.PipelineCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The replenish command: one verb per capability, each with its own --help. */
@Command(name = "replenish",
        mixinStandardHelpOptions = true,
        version = "replenish 0.1.0",
        description = "Reorder and next-basket prediction for grocery retail, run on one machine.",
        subcommands = {
                PipelineCommand.class,
                EvaluateBasketsCommand.class,
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
        // A user's mistake gets one clear line, not a stack trace.
        commandLine.setExecutionExceptionHandler(new UserErrorHandler());
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
