package io.duraflow.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Lists instances, newest filters first; one page at a time. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List instances, filtered and paged.")
public final class ListCommand extends InstanceCommand {
  @Mixin ListFilters filters;

  @Option(names = "--top", paramLabel = "N", defaultValue = "50", description = "Page size, 1..1000 (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--continuation", paramLabel = "TOKEN", description = "The next page, as printed by the previous one.")
  String continuation;

  @Override
  protected int run(InstanceService service, PrintWriter out) {
    if (top < 1 || top > 1000) {
      throw new CliException("--top must be between 1 and 1000, was " + top, ExitCodes.USAGE);
    }
    InstanceService.Page page = service.list(filters.query(top, continuation));
    if (output == OutputFormat.JSON) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("instances", page.instances());
      body.put("continuationToken", page.continuation());
      OutputFormat.json(out, body);
      return ExitCodes.OK;
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode i : page.instances()) {
      rows.add(List.of(OutputFormat.text(i.get("instanceId")), OutputFormat.text(i.get("name")),
          OutputFormat.text(i.get("runtimeStatus")), OutputFormat.text(i.get("createdTime")),
          OutputFormat.text(i.get("lastUpdatedTime"))));
    }
    OutputFormat.table(out, List.of("ID", "NAME", "STATUS", "CREATED", "UPDATED"), rows);
    if (page.continuation() != null) {
      out.println("More: --continuation " + page.continuation());
    }
    return ExitCodes.OK;
  }
}
