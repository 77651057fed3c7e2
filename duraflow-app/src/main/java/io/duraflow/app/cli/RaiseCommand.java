package io.duraflow.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Sends an external event to an instance. */
@Command(name = "raise", mixinStandardHelpOptions = true, description = "Raise an event on an instance.")
public final class RaiseCommand extends InstanceCommand {
  @Parameters(index = "0", paramLabel = "ID")
  String id;

  @Parameters(index = "1", paramLabel = "EVENT")
  String event;

  // A parameter, not --data: that option names the data directory in every command.
  @Parameters(index = "2", paramLabel = "JSON|@FILE", arity = "0..1",
      description = "The event's payload as JSON, or @file to read it (default: null).")
  String data;

  @Override
  protected int run(InstanceService service, PrintWriter out) {
    service.raise(id, event, JsonInput.read(data, "The payload"));
    out.println("Raised " + event + " on " + id);
    return ExitCodes.OK;
  }
}
