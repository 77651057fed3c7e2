package io.duraflow.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Asks an instance to terminate; the request is recorded with its reason. */
@Command(name = "terminate", mixinStandardHelpOptions = true, description = "Terminate an instance.")
public final class TerminateCommand extends InstanceCommand {
  @Parameters(index = "0", paramLabel = "ID")
  String id;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in the instance's history).")
  String reason;

  @Override
  int run(InstanceService service, PrintWriter out) {
    service.control(id, "terminate", reason);
    out.println("Asked " + id + " to terminate");
    return ExitCodes.OK;
  }
}
