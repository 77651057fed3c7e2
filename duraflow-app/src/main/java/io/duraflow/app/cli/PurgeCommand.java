package io.duraflow.app.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Deletes finished instances and their history: one by id, or all that match a filter. */
@Command(name = "purge", mixinStandardHelpOptions = true,
    description = "Delete a finished instance (purge ID) or all finished ones matching --status / --created-before.")
public final class PurgeCommand extends InstanceCommand {
  @Parameters(index = "0", paramLabel = "ID", arity = "0..1")
  String id;

  @Option(names = "--status", paramLabel = "STATUS", split = ",", description = "Only these (finished) statuses.")
  List<String> statuses;

  @Option(names = "--created-before", paramLabel = "TIME", converter = InstantConverter.class,
      description = "Only instances created before TIME (2026-12-01 or 2026-12-01T10:00:00Z).")
  Instant createdBefore;

  @Override
  protected int run(InstanceService service, PrintWriter out) {
    if (id != null) {
      if (statuses != null || createdBefore != null) {
        throw new CliException("purge takes an ID or filters, not both", ExitCodes.USAGE);
      }
      if (!service.purge(id)) {
        throw new CliException("No finished instance '" + id + "' to purge", ExitCodes.USAGE);
      }
      out.println("Purged " + id);
      return ExitCodes.OK;
    }
    if (statuses == null && createdBefore == null) {
      throw new CliException("purge needs an ID, or --status and/or --created-before (it never purges everything"
          + " by accident)", ExitCodes.USAGE);
    }
    out.println("Purged " + service.purge(statuses, createdBefore) + " instance(s)");
    return ExitCodes.OK;
  }
}
