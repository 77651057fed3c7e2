package io.duraflow.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code duraflow} command line: server, face analysis and instance management. */
@Command(
    name = "duraflow",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Duraflow: durable, replay-based workflows for Java with a Durable Functions compatible HTTP API.",
      "State lives in an embedded SQLite file (default) or PostgreSQL."
    },
    subcommands = {ServeCommand.class, FacesCommand.class, StartCommand.class, StatusCommand.class, CommandLine.HelpCommand.class})
public final class DuraflowCli {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new DuraflowCli()).setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println("duraflow: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
      return 1;
    });
    return cli.execute(args);
  }
}
