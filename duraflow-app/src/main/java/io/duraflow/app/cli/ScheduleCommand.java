package io.duraflow.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code duraflow schedule ...}: cron and interval schedules that start orchestrations (docs/schedules.md). */
@Command(name = "schedule", mixinStandardHelpOptions = true,
    description = "Create and manage schedules that start orchestrations on a cron or interval.",
    subcommands = {ScheduleCommand.Create.class, ScheduleCommand.ListSchedules.class, ScheduleCommand.Show.class,
        ScheduleCommand.Pause.class, ScheduleCommand.Resume.class, ScheduleCommand.Delete.class,
        ScheduleCommand.Trigger.class, ScheduleCommand.Backfill.class})
public final class ScheduleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE; // a subcommand is required
  }

  /** A schedule subcommand: opens the service its target names, runs, maps failures to exit codes. */
  abstract static class Sub implements Callable<Integer> {
    @Mixin TargetOptions target;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table",
        description = "table (default) or json (stable, for scripts).")
    OutputFormat output;

    @Spec CommandSpec spec;

    @Override
    public final Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (ScheduleService service = ScheduleService.open(target)) {
        int code = run(service, out);
        out.flush();
        return code;
      } catch (CliException e) {
        out.flush();
        spec.commandLine().getErr().println("duraflow: " + e.getMessage());
        return e.exitCode();
      }
    }

    abstract int run(ScheduleService service, PrintWriter out);

    void print(PrintWriter out, JsonNode schedule) {
      if (output == OutputFormat.JSON) {
        OutputFormat.json(out, schedule);
        return;
      }
      List<List<String>> rows = new ArrayList<>();
      schedule.fields().forEachRemaining(e -> rows.add(List.of(e.getKey(), OutputFormat.text(e.getValue()))));
      OutputFormat.table(out, List.of("FIELD", "VALUE"), rows);
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create schedule NAME: give --orchestration and one of --cron or --interval.")
  static final class Create extends Sub {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "NAME", description = "The schedule's id; its instances are NAME-<due time>.")
    String name;

    @Option(names = "--orchestration", required = true, paramLabel = "NAME", description = "The orchestration to start.")
    String orchestration;

    @Option(names = "--input", paramLabel = "JSON", description = "Input of every instance: JSON, or @file.")
    String input;

    @Option(names = "--cron", paramLabel = "EXPR",
        description = "5 fields (minute hour day-of-month month day-of-week), e.g. '0 * * * *', or 6 with seconds first.")
    String cron;

    @Option(names = "--interval", paramLabel = "DURATION", description = "Every DURATION instead of a cron, e.g. 15m.")
    String interval;

    @Option(names = "--offset", paramLabel = "DURATION", description = "With --interval: where in each interval, e.g. 5m.")
    String offset;

    @Option(names = "--time-zone", paramLabel = "ZONE", description = "IANA zone of the cron times, e.g. Europe/Oslo (default UTC).")
    String timeZone;

    @Option(names = "--jitter", paramLabel = "DURATION", description = "Delay each start by up to DURATION, e.g. 30s.")
    String jitter;

    @Option(names = "--overlap", paramLabel = "POLICY", description = "skip (default), buffer-one or allow-all.")
    String overlap;

    @Option(names = "--catch-up-window", paramLabel = "DURATION",
        description = "After downtime, start missed due times no older than DURATION (default 1h).")
    String catchupWindow;

    @Option(names = "--start-at", paramLabel = "TIME", description = "No due time before TIME (2026-12-01T10:00:00Z).")
    String startAt;

    @Option(names = "--end-at", paramLabel = "TIME", description = "No due time after TIME.")
    String endAt;

    @Override
    int run(ScheduleService service, PrintWriter out) {
      ObjectNode d = JSON.createObjectNode();
      d.put("orchestration", orchestration);
      String inputJson = JsonInput.read(input, "--input");
      if (inputJson != null) {
        try {
          d.set("input", JSON.readTree(inputJson));
        } catch (java.io.IOException e) {
          throw new CliException("--input is not valid JSON", ExitCodes.USAGE); // JsonInput.read checked it
        }
      }
      put(d, "cron", cron);
      put(d, "interval", interval);
      put(d, "offset", offset);
      put(d, "timeZone", timeZone);
      put(d, "jitter", jitter);
      put(d, "overlap", overlap);
      put(d, "catchupWindow", catchupWindow);
      put(d, "startAt", startAt);
      put(d, "endAt", endAt);
      print(out, service.create(name, d));
      return ExitCodes.OK;
    }

    private static void put(ObjectNode d, String field, String value) {
      if (value != null) {
        d.put(field, value);
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the task hub's schedules.")
  static final class ListSchedules extends Sub {
    @Override
    int run(ScheduleService service, PrintWriter out) {
      List<JsonNode> all = service.list();
      if (output == OutputFormat.JSON) {
        OutputFormat.json(out, all);
        return ExitCodes.OK;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode s : all) {
        String when = s.hasNonNull("cron") ? "cron " + s.get("cron").asText() : "every " + OutputFormat.text(s.get("interval"));
        rows.add(List.of(OutputFormat.text(s.get("id")), OutputFormat.text(s.get("orchestration")), when,
            OutputFormat.text(s.get("timeZone")), s.path("paused").asBoolean() ? "paused" : "active",
            OutputFormat.text(s.get("nextDueAt")), OutputFormat.text(s.get("lastInstanceId"))));
      }
      OutputFormat.table(out, List.of("ID", "ORCHESTRATION", "WHEN", "ZONE", "STATE", "NEXT DUE", "LAST INSTANCE"), rows);
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show schedule NAME.")
  static final class Show extends Sub {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run(ScheduleService service, PrintWriter out) {
      print(out, service.show(name));
      return ExitCodes.OK;
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause schedule NAME: due times pass without starts.")
  static final class Pause extends Sub {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--note", paramLabel = "TEXT", description = "Why (shown with the schedule).")
    String note;

    @Override
    int run(ScheduleService service, PrintWriter out) {
      print(out, service.pause(name, note));
      return ExitCodes.OK;
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true,
      description = "Resume schedule NAME; due times missed while paused are not caught up.")
  static final class Resume extends Sub {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--note", paramLabel = "TEXT", description = "A note kept with the schedule.")
    String note;

    @Override
    int run(ScheduleService service, PrintWriter out) {
      print(out, service.resume(name, note));
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete schedule NAME; its instances stay.")
  static final class Delete extends Sub {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run(ScheduleService service, PrintWriter out) {
      if (!service.delete(name)) {
        throw new CliException("No schedule '" + name + "' to delete", ExitCodes.USAGE);
      }
      out.println("Deleted schedule " + name);
      return ExitCodes.OK;
    }
  }

  @Command(name = "trigger", mixinStandardHelpOptions = true,
      description = "Start an instance of schedule NAME now, whatever its overlap policy; prints the instance id.")
  static final class Trigger extends Sub {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run(ScheduleService service, PrintWriter out) {
      out.println(service.trigger(name));
      return ExitCodes.OK;
    }
  }

  @Command(name = "backfill", mixinStandardHelpOptions = true,
      description = "Start schedule NAME's due times from --from to --to that have no instance yet; prints their ids.")
  static final class Backfill extends Sub {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--from", required = true, paramLabel = "TIME", converter = InstantConverter.class,
        description = "First time of the range (2026-12-01 or 2026-12-01T10:00:00Z).")
    java.time.Instant from;

    @Option(names = "--to", required = true, paramLabel = "TIME", converter = InstantConverter.class,
        description = "Last time of the range, inclusive.")
    java.time.Instant to;

    @Override
    int run(ScheduleService service, PrintWriter out) {
      List<String> ids = service.backfill(name, from, to);
      if (output == OutputFormat.JSON) {
        OutputFormat.json(out, ids);
      } else {
        ids.forEach(out::println);
      }
      return ExitCodes.OK;
    }
  }
}
