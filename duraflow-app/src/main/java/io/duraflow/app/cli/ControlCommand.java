package io.duraflow.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A management request on one instance (terminate, suspend, resume, rewind): the command's name is the
 * operation, and the request is recorded with its reason.
 */
abstract class ControlCommand extends InstanceCommand {
  @Parameters(index = "0", paramLabel = "ID")
  String id;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in the instance's history).")
  String reason;

  @Override
  protected final int run(InstanceService service, PrintWriter out) {
    String operation = spec.name();
    service.control(id, operation, reason);
    out.println("Asked " + id + " to " + operation);
    return ExitCodes.OK;
  }
}
