package io.duraflow.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.ActivityOptions;
import io.duraflow.api.RetryHandler;
import io.duraflow.api.RetryHandler.RetryDecision;
import io.duraflow.api.RetryPolicy;
import io.duraflow.api.Task;
import io.duraflow.api.TaskFailedException;
import io.duraflow.api.TaskRegistry;
import io.duraflow.engine.DuraflowEngine;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of docs/activities.md, run as written (between the {@code // doc:} markers), so the page
 * cannot drift from the API. The test checks that each code block of the page appears here verbatim.
 */
class ActivitiesDocExamplesTest {
  @TempDir Path dir;
  static final AtomicInteger exportAttempts = new AtomicInteger();

  static TaskRegistry registry() {
    // doc:options
    ActivityOptions options = ActivityOptions.builder()
        .startToClose(Duration.ofSeconds(30))      // one attempt
        .heartbeatTimeout(Duration.ofSeconds(10))  // between heartbeats
        .scheduleToClose(Duration.ofMinutes(5))    // the whole call, retries included
        .retryPolicy(RetryPolicy.builder(5, Duration.ofSeconds(1)).backoffCoefficient(2).build())
        .build();
    // doc:end
    return TaskRegistry.builder()
        // doc:orchestration
        .addOrchestration("Export", ctx -> {
          try {
            return ctx.callActivity("ExportRows", ctx.getInput(Integer.class), options, String.class).await();
          } catch (TaskFailedException e) {
            if (e.isTimeout()) {
              return "export timed out: " + e.timeoutKind().orElseThrow(); // e.g. START_TO_CLOSE
            }
            throw e;
          }
        })
        // doc:end
        // doc:activity
        .addActivity("ExportRows", ctx -> {
          int rows = ctx.getInput(Integer.class);
          Integer done = ctx.getHeartbeatDetails(Integer.class); // where the previous attempt got to
          for (int row = done == null ? 0 : done; row < rows; row++) {
            exportRow(row);
            ctx.heartbeat(row + 1); // throws ActivityCanceledException once the attempt is not wanted
          }
          return "exported " + rows + " rows";
        })
        // doc:end
        // doc:handler
        .addOrchestration("Charge", ctx -> {
          RetryHandler handler = retry -> retry.failure().errorType().endsWith("CardDeclinedException")
              || retry.attempt() >= 4 || retry.totalElapsed().compareTo(Duration.ofMinutes(10)) > 0
              ? RetryDecision.stop()
              : RetryDecision.retryAfter(Duration.ofSeconds(retry.attempt()));
          return ctx.callActivity("ChargeCard", ctx.getInput(String.class),
              ActivityOptions.builder().retryHandler(handler).build(), String.class).await();
        })
        // doc:end
        .addActivity("ChargeCard", ctx -> "charged " + ctx.getInput(String.class))
        // doc:child
        .addOrchestration("Parent", ctx -> ctx.callSubOrchestrator("Child", ctx.getInput(String.class), null,
            RetryPolicy.of(3, Duration.ofSeconds(5)), String.class).await())
        // doc:end
        .addOrchestration("Child", ctx -> "child got " + ctx.getInput(String.class))
        // doc:cancel
        .addOrchestration("FirstAnswer", ctx -> {
          Task<String> slow = ctx.callActivity("AskSlowService", null, String.class);
          Task<Void> deadline = ctx.createTimer(Duration.ofSeconds(1));
          if (ctx.anyOf(List.of(slow, deadline)).await() == deadline) {
            ctx.cancelActivity(slow); // its running attempt now sees isCancellationRequested()
            return "no answer in time";
          }
          return slow.await();
        })
        // doc:end
        .addActivity("AskSlowService", ctx -> {
          while (true) {
            ctx.heartbeat(null); // throws ActivityCanceledException once cancelled
            Thread.sleep(20);
          }
        })
        .build();
  }

  static void exportRow(int row) {
    exportAttempts.incrementAndGet();
  }

  @Test
  void examples_runAsDocumented() throws Exception {
    try (OrchestrationStore store = OrchestrationStores.open(null, dir, StoreOptions.defaults());
        DuraflowEngine engine = DuraflowEngine.builder().store(store).registry(registry()).build().start()) {
      var client = engine.client();
      String export = client.startNew("Export", 3);
      String charge = client.startNew("Charge", "card-1");
      String parent = client.startNew("Parent", "x");
      String race = client.startNew("FirstAnswer", null);
      assertThat(client.waitForCompletion(race, Duration.ofSeconds(30)).output()).isEqualTo("\"no answer in time\"");
      assertThat(client.waitForCompletion(export, Duration.ofSeconds(30)).output()).isEqualTo("\"exported 3 rows\"");
      assertThat(client.waitForCompletion(charge, Duration.ofSeconds(30)).output()).isEqualTo("\"charged card-1\"");
      assertThat(client.waitForCompletion(parent, Duration.ofSeconds(30)).output()).isEqualTo("\"child got x\"");
    }
  }

  @Test
  void docsPage_showsTheseExamplesVerbatim() throws Exception {
    String page = Files.readString(Path.of("..", "docs", "activities.md"));
    String source = Files.readString(Path.of("src/test/java/io/duraflow/docs/ActivitiesDocExamplesTest.java"));
    for (String name : List.of("options", "orchestration", "activity", "handler", "child", "cancel")) {
      int start = source.indexOf("// doc:" + name + "\n");
      int end = source.lastIndexOf('\n', source.indexOf("// doc:end", start)) + 1; // the marker's line excluded
      String block = source.substring(source.indexOf('\n', start) + 1, end);
      int indent = block.lines().filter(l -> !l.isBlank())
          .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
      String unindented = block.lines().map(l -> l.length() >= indent ? l.substring(indent) : l.strip())
          .reduce("", (a, b) -> a + b + "\n");
      assertThat(page).as("docs/activities.md shows the '%s' example", name).contains(unindented);
    }
  }
}
