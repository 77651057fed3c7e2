package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.RetryPolicy;
import io.duraflow.api.Task;
import io.duraflow.api.ActivityOptions;
import io.duraflow.api.SubOrchestrationOptions;
import io.duraflow.api.TaskRegistry;
import io.duraflow.client.DurableClient;
import io.duraflow.client.StartOptions;
import io.duraflow.store.IdReusePolicy;
import io.duraflow.store.InstancePage;
import io.duraflow.store.InstanceQuery;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import io.duraflow.worker.QueueOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java examples of docs/queues.md, as written there, run to the outcome the text promises. */
class QueuesDocExamplesTest {
  @TempDir Path dir;

  @Test
  void examples_runAsDocumented() throws Exception {
    TaskRegistry registry = TaskRegistry.builder()
        .addOrchestration("Newsletter", ctx -> {
          List<Task<String>> sends = new ArrayList<>();
          for (String address : ctx.getInput(String[].class)) {
            sends.add(ctx.callActivity("SendEmail", address, ActivityOptions.builder().queue("emails").build(),
                String.class));
          }
          // Ahead of the others in the queue, and retried: priority and retry policy go with the queue.
          sends.add(ctx.callActivity("SendEmail", "ops@example.org", ActivityOptions.builder().queue("emails")
              .priority(10).retryPolicy(RetryPolicy.of(3, Duration.ofSeconds(5))).build(), String.class));
          return ctx.allOf(sends).await().size();
        })
        .addActivity("SendEmail", ctx -> "sent to " + ctx.getInput(String.class))
        .addOrchestration("Order", ctx -> {
          ctx.setTags(Map.of("stage", "paying"));
          String receipt = ctx.callActivity("Charge", ctx.getInput(String.class), String.class).await();
          ctx.setTags(Map.of("stage", "shipped"));
          return receipt;
        })
        .addActivity("Charge", ctx -> "receipt for " + ctx.getInput(String.class))
        .addOrchestration("HelloSequence", ctx -> "hello")
        .addOrchestration("Report", ctx -> "report on " + ctx.getInput(String.class))
        .addOrchestration("Reports", ctx -> {
          String input = ctx.getInput(String.class);
          // In an orchestration: children admitted one at a time by the "reports" queue (concurrency 1).
          Task<String> child = ctx.callSubOrchestrator("Report", input, null, SubOrchestrationOptions.ofQueue("reports"),
              String.class);
          return child.await();
        })
        .build();
    try (OrchestrationStore store = TestDatabases.sqlite(dir, Clock.systemUTC());
        DuraflowEngine engine = DuraflowEngine.builder().store(store).registry(registry)
            .queue(QueueOptions.named("emails")
                .withConcurrency(5)
                .withWorkerConcurrency(2)
                .withRateLimit(100, Duration.ofMinutes(1)))
            .queue(QueueOptions.named("reports").withConcurrency(1))
            .build().start()) {
      DurableClient client = engine.client();
      String news = client.startNew("Newsletter", List.of("a@example.org", "b@example.org"));
      assertThat(client.waitForCompletion(news, Duration.ofSeconds(60)).output()).isEqualTo("3");

      String order = client.startNew("Order", "book", new StartOptions(null, null).withTags(Map.of("customer", "acme")));
      assertThat(client.waitForCompletion(order, Duration.ofSeconds(60)).runtimeStatus())
          .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      InstancePage shipped = client.queryInstances(
          new InstanceQuery(null, null, null, null, 100, null, "Order").withTags(Map.of("stage", "shipped")));
      Map<OrchestrationRuntimeStatus, Long> perStatus = client.countInstances(
          new InstanceQuery(null, null, null, null, 1, null).withTags(Map.of("customer", "acme")));
      assertThat(shipped.instances()).singleElement().satisfies(r -> assertThat(r.instanceId()).isEqualTo(order));
      assertThat(perStatus).containsEntry(OrchestrationRuntimeStatus.COMPLETED, 1L);

      String id = client.startNew("HelloSequence", null, StartOptions.withInstanceId("order-42")
          .withIdReuse(IdReusePolicy.USE_EXISTING)     // io.duraflow.store.IdReusePolicy
          .withReuseCompleted(false));
      String execution = client.waitForCompletion(id, Duration.ofSeconds(60)).executionId();
      String again = client.startNew("HelloSequence", null, StartOptions.withInstanceId("order-42")
          .withIdReuse(IdReusePolicy.USE_EXISTING).withReuseCompleted(false));
      assertThat(again).isEqualTo("order-42");
      assertThat(client.getInstance("order-42").orElseThrow().executionId()).as("not started twice").isEqualTo(execution);

      String input = "Q3";
      String report = client.startNew("Report", input, new StartOptions(null, null).withQueue("reports").withPriority(5));
      String reports = client.startNew("Reports", input);
      assertThat(client.waitForCompletion(report, Duration.ofSeconds(60)).output()).isEqualTo("\"report on Q3\"");
      assertThat(client.waitForCompletion(reports, Duration.ofSeconds(60)).output()).isEqualTo("\"report on Q3\"");
    }
  }
}
