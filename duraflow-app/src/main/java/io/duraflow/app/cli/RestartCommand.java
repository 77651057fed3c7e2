package io.duraflow.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Starts an instance again with its original input. */
@Command(name = "restart", mixinStandardHelpOptions = true, description = "Restart an instance with its original input; prints the id.")
public final class RestartCommand extends InstanceCommand {
  @Parameters(index = "0", paramLabel = "ID")
  String id;

  @Option(names = "--new-id", description = "Under a new instance id (default: the same id, once it has finished).")
  boolean newId;

  @Override
  protected int run(InstanceService service, PrintWriter out) {
    out.println(service.restart(id, newId));
    return ExitCodes.OK;
  }
}
