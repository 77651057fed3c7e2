package io.duraflow.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Asks an instance to rewind; the request is recorded with its reason. */
@Command(name = "rewind", mixinStandardHelpOptions = true, description = "Rewind an instance.")
public final class RewindCommand extends InstanceCommand {
  @Parameters(index = "0", paramLabel = "ID")
  String id;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in the instance's history).")
  String reason;

  @Override
  int run(InstanceService service, PrintWriter out) {
    service.control(id, "rewind", reason);
    out.println("Asked " + id + " to rewind");
    return ExitCodes.OK;
  }
}
