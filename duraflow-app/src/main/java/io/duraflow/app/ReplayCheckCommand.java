package io.duraflow.app;

import io.duraflow.api.TaskRegistry;
import io.duraflow.app.cli.ExitCodes;
import io.duraflow.app.cli.OutputFormat;
import io.duraflow.faces.FaceOptions;
import io.duraflow.replaycheck.ReplayCheck;
import io.duraflow.replaycheck.ReplayReport;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code duraflow replay-check}: replays the store's live histories (and a sample of finished ones)
 * against the code this command loads (built-in workflows plus {@code --plugins}), before that code is
 * deployed. No activity runs and no instance data is written (opening the store migrates its schema, as
 * every command's open does).
 */
@Command(name = "replay-check", mixinStandardHelpOptions = true,
    description = {"Replay the histories of running (and some finished) instances against the code of --plugins"
        + " (plus the built-in workflows) and report every instance the new code would break with a"
        + " non-determinism error. Reads instances and histories only: no activity runs, no instance data is written.",
        "Exit codes: 0 all compatible, 1 some incompatible, 2 bad arguments, 3 store unavailable."})
final class ReplayCheckCommand implements Callable<Integer> {
  @Mixin StoreOptionsMixin store;

  @Option(names = "--plugins", paramLabel = "DIR",
      description = "The code to check: the jars in DIR, as serve --plugins loads them.")
  Path plugins;

  @Option(names = "--orchestration", paramLabel = "NAME", description = "Only instances of this orchestration.")
  String orchestration;

  @Option(names = "--include-completed", paramLabel = "N", defaultValue = "0",
      description = "Also replay the N most recently created finished instances (default: ${DEFAULT-VALUE}).")
  int includeCompleted;

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (default) or json (stable, for scripts).")
  OutputFormat output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ReplayReport report;
    try {
      if (includeCompleted < 0) {
        throw new IllegalArgumentException("--include-completed must not be negative, was " + includeCompleted);
      }
      TaskRegistry registry = Registries.withPlugins(FaceOptions.defaults(), Plugins.loader(plugins)).build();
      try (OrchestrationStore opened = store.openExisting()) {
        report = ReplayCheck.against(opened, registry).taskHub(store.taskHub()).orchestration(orchestration)
            .includeCompleted(includeCompleted).run();
      }
    } catch (IllegalArgumentException e) {
      err.println("duraflow: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (StoreException e) {
      err.println("duraflow: " + e.getMessage());
      return ExitCodes.UNAVAILABLE;
    }
    print(report, out);
    out.flush();
    return report.compatible() ? ExitCodes.OK : ExitCodes.REPLAY_INCOMPATIBLE;
  }

  private void print(ReplayReport report, PrintWriter out) {
    if (output == OutputFormat.JSON) {
      List<Map<String, Object>> results = new ArrayList<>();
      for (ReplayReport.Result r : report.results()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("instanceId", r.instanceId());
        row.put("name", r.name());
        row.put("version", r.version());
        row.put("runtimeStatus", r.status() == null ? null : r.status().wireName());
        row.put("outcome", r.outcome().name());
        row.put("detail", r.detail());
        row.put("historyEvents", r.historyEvents());
        results.add(row);
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("compatible", report.compatible());
      body.put("checked", report.results().size());
      body.put("incompatible", report.incompatible().size());
      body.put("results", results);
      OutputFormat.json(out, body);
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (ReplayReport.Result r : report.results()) {
      rows.add(List.of(r.instanceId(), r.name(), r.version() == null ? "" : r.version(),
          r.status() == null ? "" : r.status().wireName(), r.outcome().name()));
    }
    OutputFormat.table(out, List.of("ID", "NAME", "VERSION", "STATUS", "OUTCOME"), rows);
    for (ReplayReport.Result r : report.incompatible()) {
      out.println();
      out.println(r.instanceId() + ": " + r.detail()); // the whole message: the table cuts long cells
    }
    out.println();
    out.println(report.results().size() + " checked, " + report.incompatible().size() + " incompatible, "
        + report.count(ReplayReport.Outcome.CODE_MISSING) + " without their code (version) here.");
  }
}
