package io.duraflow.app.cli;

import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Option;

/** The filters of {@code list} and {@code count}. */
public final class ListFilters {
  @Option(names = "--status", paramLabel = "STATUS", split = ",",
      description = "Only these statuses (Pending, Running, Completed, Failed, Terminated, Suspended; repeat or comma-separate).")
  List<String> statuses;

  @Option(names = "--name", paramLabel = "ORCHESTRATION", description = "Only instances of this orchestration.")
  String name;

  @Option(names = "--created-from", paramLabel = "TIME", converter = InstantConverter.class,
      description = "Created at or after (2026-12-01 or 2026-12-01T10:00:00Z).")
  Instant createdFrom;

  @Option(names = "--created-to", paramLabel = "TIME", converter = InstantConverter.class, description = "Created before.")
  Instant createdTo;

  @Option(names = "--id-prefix", paramLabel = "PREFIX", description = "Only ids starting with PREFIX.")
  String idPrefix;

  @Option(names = "--tag", paramLabel = "KEY=VALUE",
      description = "Only instances with this tag (repeat: all must match).")
  java.util.Map<String, String> tags;

  @Option(names = "--version", paramLabel = "VERSION",
      description = "Only instances that started on this orchestration version (exact text).")
  String version;

  /** A query with these filters and the given page. */
  InstanceService.ListQuery query(int top, String continuation) {
    return new InstanceService.ListQuery(statuses, createdFrom, createdTo, idPrefix, name, top, continuation, tags,
        version);
  }
}
