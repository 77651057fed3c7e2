package io.duraflow.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Instances per status, with the same filters as {@code list}. */
@Command(name = "count", mixinStandardHelpOptions = true, description = "Count instances per status (same filters as list).")
public final class CountCommand extends InstanceCommand {
  @Mixin ListFilters filters;

  @Override
  protected int run(InstanceService service, PrintWriter out) {
    Map<String, Long> counts = service.counts(filters.query(1, null));
    if (output == OutputFormat.JSON) {
      OutputFormat.json(out, counts);
      return ExitCodes.OK;
    }
    List<List<String>> rows = new ArrayList<>();
    counts.forEach((status, n) -> rows.add(List.of(status, String.valueOf(n))));
    rows.add(List.of("total", String.valueOf(counts.values().stream().mapToLong(Long::longValue).sum())));
    OutputFormat.table(out, List.of("STATUS", "COUNT"), rows);
    return ExitCodes.OK;
  }
}
