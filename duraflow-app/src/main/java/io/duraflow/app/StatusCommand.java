package io.duraflow.app;

import io.duraflow.app.cli.InstanceCommand;
import io.duraflow.app.cli.InstanceService;
import io.duraflow.app.cli.OutputFormat;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The instance's status object as JSON, as the HTTP API answers it: {@code show ID --output json}. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Print the status of an instance as JSON (the HTTP API's status object; same as show --output json).")
final class StatusCommand extends InstanceCommand {
  @Parameters(index = "0", paramLabel = "ID")
  String instanceId;

  @Override
  protected int run(InstanceService service, PrintWriter out) {
    OutputFormat.json(out, service.show(instanceId, false));
    return 0;
  }
}
