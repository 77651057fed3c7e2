package io.duraflow.app;

import io.duraflow.app.logging.LoggingOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code duraflow} command line: server, face analysis and instance management. */
@Command(
    name = "duraflow",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Duraflow: durable, replay-based workflows for Java with a Durable Functions compatible HTTP API.",
      "State lives in an embedded SQLite file (default) or PostgreSQL."
    },
    subcommands = {ServeCommand.class, DemoCommand.class, FacesCommand.class, FacesEvalCommand.class, StartCommand.class, StatusCommand.class,
        io.duraflow.app.cli.ListCommand.class, io.duraflow.app.cli.CountCommand.class, io.duraflow.app.cli.ShowCommand.class, io.duraflow.app.cli.RaiseCommand.class,
        io.duraflow.app.cli.TerminateCommand.class, io.duraflow.app.cli.SuspendCommand.class, io.duraflow.app.cli.ResumeCommand.class,
        io.duraflow.app.cli.RewindCommand.class, io.duraflow.app.cli.RestartCommand.class, io.duraflow.app.cli.PurgeCommand.class,
        ReplayCheckCommand.class,
        io.duraflow.app.cli.ScheduleCommand.class,
        picocli.AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public final class DuraflowCli {
  @Mixin LoggingOptions logging = new LoggingOptions();

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String... args) {
    // No @argument-file expansion: @file is how JSON inputs are read from files.
    DuraflowCli top = new DuraflowCli();
    CommandLine cli = new CommandLine(top).setCaseInsensitiveEnumValuesAllowed(true).setExpandAtFiles(false);
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println("duraflow: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
      return 1;
    });
    // Logging is configured once the arguments are parsed (bad values are usage errors, exit code 2) and
    // before the subcommand runs, so its first line already has the chosen level and format.
    cli.setExecutionStrategy(parsed -> {
      top.logging.apply();
      return new CommandLine.RunLast().execute(parsed);
    });
    return cli.execute(args);
  }
}
