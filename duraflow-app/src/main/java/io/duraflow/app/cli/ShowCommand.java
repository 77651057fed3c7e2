package io.duraflow.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** One instance: its status and, on request, its history. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show an instance: status, input, output, failure, history.")
public final class ShowCommand extends InstanceCommand {
  @Parameters(index = "0", paramLabel = "ID")
  String id;

  @Option(names = "--history", description = "Also print the history.")
  boolean history;

  @Override
  protected int run(InstanceService service, PrintWriter out) {
    JsonNode status = service.show(id, history);
    if (output == OutputFormat.JSON) {
      OutputFormat.json(out, status);
      return ExitCodes.OK;
    }
    List<List<String>> rows = new ArrayList<>();
    for (String key : List.of("instanceId", "name", "runtimeStatus", "createdTime", "lastUpdatedTime", "input",
        "customStatus", "output")) {
      rows.add(List.of(key, OutputFormat.text(status.get(key))));
    }
    OutputFormat.table(out, List.of("FIELD", "VALUE"), rows);
    if (history && status.has("historyEvents")) {
      out.println();
      List<List<String>> events = new ArrayList<>();
      for (JsonNode e : status.get("historyEvents")) {
        String detail = e.has("FunctionName") ? OutputFormat.text(e.get("FunctionName"))
            : e.has("Name") ? OutputFormat.text(e.get("Name"))
            : e.has("ErrorMessage") ? OutputFormat.text(e.get("ErrorMessage")) : "";
        events.add(List.of(OutputFormat.text(e.get("Timestamp")), OutputFormat.text(e.get("EventType")), detail));
      }
      OutputFormat.table(out, List.of("TIME", "EVENT", "DETAIL"), events);
    }
    return ExitCodes.OK;
  }
}
