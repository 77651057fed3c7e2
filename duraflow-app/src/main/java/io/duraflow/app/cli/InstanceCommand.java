package io.duraflow.app.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** An instance command: opens the service its options name, runs, and maps failures to exit codes. */
public abstract class InstanceCommand implements Callable<Integer> {
  @Mixin TargetOptions target;

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (default) or json (stable, for scripts).")
  OutputFormat output;

  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (InstanceService service = target.open()) {
      int code = run(service, out);
      out.flush();
      return code;
    } catch (CliException e) {
      out.flush();
      spec.commandLine().getErr().println("duraflow: " + e.getMessage());
      return e.exitCode();
    }
  }

  protected abstract int run(InstanceService service, PrintWriter out);
}
