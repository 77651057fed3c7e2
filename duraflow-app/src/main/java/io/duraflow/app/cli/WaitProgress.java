package io.duraflow.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.duraflow.app.logging.LogSetup;
import io.duraflow.worker.LogContext;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for an instance to finish, showing progress: on a terminal one line rewritten in place (status,
 * activities done of those scheduled, elapsed time), otherwise a plain line whenever that changes. Ends by
 * printing the status object. With {@code --log-format json} the plain lines are log lines (INFO, with
 * the instance id), since stderr then carries JSON only.
 */
public final class WaitProgress {
  private static final Logger LOG = LoggerFactory.getLogger(WaitProgress.class);

  private WaitProgress() {}

  /** Returns the exit code: OK when Completed, INSTANCE_FAILED when Failed or Terminated, UNAVAILABLE on timeout. */
  public static int await(InstanceService service, String id, Duration timeout) throws InterruptedException {
    PrintStream err = System.err;
    boolean terminal = System.console() != null;
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    String last = null;
    long pause = 50;
    while (true) {
      JsonNode status = service.show(id, true);
      String runtime = status.path("runtimeStatus").asText();
      if (!runtime.equals("Pending") && !runtime.equals("Running") && !runtime.equals("Suspended")) {
        if (terminal && last != null) {
          err.println();
        }
        // The status object as `status ID` prints it: the history was only for counting progress.
        OutputFormat.json(new java.io.PrintWriter(System.out, true), service.show(id, false));
        return runtime.equals("Completed") ? ExitCodes.OK : ExitCodes.INSTANCE_FAILED;
      }
      String line = line(status, System.nanoTime() - start);
      if (terminal) {
        err.print("\r" + line + "   ");
        err.flush();
      } else if (!withoutTime(line).equals(last == null ? null : withoutTime(last))) {
        if (LogSetup.jsonLines()) {
          try (LogContext ignored = LogContext.instance(id)) { // stderr is for JSON lines only
            LOG.info(line);
          }
        } else {
          err.println(line);
        }
      }
      last = line;
      if (System.nanoTime() > deadline) {
        if (terminal) {
          err.println();
        }
        throw new CliException("Instance " + id + " is still " + runtime + " after " + plain(timeout.toNanos()),
            ExitCodes.UNAVAILABLE);
      }
      Thread.sleep(pause);
      pause = Math.min(1000, pause * 2);
    }
  }

  /** "Running · 3/8 activities done · 4 s". */
  static String line(JsonNode status, long elapsedNanos) {
    int done = 0;
    int pending = 0;
    for (JsonNode e : status.path("historyEvents")) {
      switch (e.path("EventType").asText()) {
        case "TaskCompleted", "TaskFailed" -> done++;
        case "TaskScheduled" -> pending++;
        default -> { }
      }
    }
    return status.path("runtimeStatus").asText() + " · " + done + "/" + (done + pending) + " activities done · "
        + plain(elapsedNanos);
  }

  /** A duration in plain units: "850 ms", "4 s", "2 min 5 s". */
  static String plain(long nanos) {
    long ms = nanos / 1_000_000;
    if (ms < 1000) {
      return ms + " ms";
    }
    long s = ms / 1000;
    return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d min %d s", s / 60, s % 60);
  }

  private static String withoutTime(String line) {
    return line.substring(0, line.lastIndexOf(" · "));
  }
}
