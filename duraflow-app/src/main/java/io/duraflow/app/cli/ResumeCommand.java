package io.duraflow.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Asks an instance to resume; the request is recorded with its reason. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume an instance.")
public final class ResumeCommand extends InstanceCommand {
  @Parameters(index = "0", paramLabel = "ID")
  String id;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in the instance's history).")
  String reason;

  @Override
  int run(InstanceService service, PrintWriter out) {
    service.control(id, "resume", reason);
    out.println("Asked " + id + " to resume");
    return ExitCodes.OK;
  }
}
