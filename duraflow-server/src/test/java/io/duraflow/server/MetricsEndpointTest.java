package io.duraflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.Task;
import io.duraflow.api.TaskRegistry;
import io.duraflow.metrics.DuraflowMeters;
import io.duraflow.store.InstanceRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of a real node (SQLite, worker, HTTP) after a real workload, scraped over HTTP and
 * parsed: the named series carry the counts of what the workload did. {@link PostgresMetricsEndpointTest}
 * runs the same on PostgreSQL.
 */
class MetricsEndpointTest {
  private static final String KEY = "metrics-test-key-0123456789";
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Activities each Pipeline instance fans out to. */
  private static final int FAN_OUT = 3;

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private static TaskRegistry registry() {
    return TaskRegistry.builder()
        .addOrchestration("Pipeline", ctx -> {
          List<Task<Integer>> parts = new ArrayList<>();
          for (int i = 0; i < FAN_OUT; i++) {
            parts.add(ctx.callActivity("Double", i, Integer.class));
          }
          return ctx.allOf(parts).await().stream().mapToInt(Integer::intValue).sum();
        })
        .addOrchestration("Doomed", ctx -> ctx.callActivity("Explode", null, String.class).await())
        .addOrchestration("Waiter", ctx -> ctx.waitForExternalEvent("go", String.class).await())
        .addOrchestration("Stuck", ctx -> ctx.callActivity("Nowhere", null, String.class).await())
        .addActivity("Double", ctx -> 2 * ctx.getInput(Integer.class))
        .addActivity("Explode", ctx -> {
          throw new IllegalStateException("boom");
        })
        .build();
  }

  private DuraflowServer.Builder node() {
    return onStore(DuraflowServer.builder(registry()).dataDir(dir).port(0).key(KEY));
  }

  /** The store the nodes of a test share: SQLite in the data directory here; subclasses choose another. */
  protected DuraflowServer.Builder onStore(DuraflowServer.Builder builder) {
    return builder;
  }

  @Test
  void scrape_afterWorkload_seriesCountWhatTheWorkloadDid() throws Exception {
    int completed = 4;
    int failed = 3;
    try (DuraflowServer server = node().start()) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < completed; i++) {
        ids.add(server.client().startNew("Pipeline", i));
      }
      for (int i = 0; i < failed; i++) {
        ids.add(server.client().startNew("Doomed", null));
      }
      String waiter = server.client().startNew("Waiter", null);
      waitForStatus(server, waiter, OrchestrationRuntimeStatus.RUNNING);
      server.client().terminate(waiter, "no longer needed");
      ids.add(waiter);
      int ok = 0;
      int bad = 0;
      int ended = 0;
      for (String id : ids) {
        InstanceRecord done = server.client().waitForCompletion(id, WAIT);
        ok += done.runtimeStatus() == OrchestrationRuntimeStatus.COMPLETED ? 1 : 0;
        bad += done.runtimeStatus() == OrchestrationRuntimeStatus.FAILED ? 1 : 0;
        ended += done.runtimeStatus() == OrchestrationRuntimeStatus.TERMINATED ? 1 : 0;
      }
      assertThat(List.of(ok, bad, ended)).as("the workload itself").containsExactly(completed, failed, 1);

      // Counters are bumped right after the commit a waiter may already have seen: poll for the total.
      PrometheusText m = scrapeUntil(server, t -> t.sum(name(DuraflowMeters.INSTANCES_FINISHED)) >= completed + failed + 1);

      String started = name(DuraflowMeters.INSTANCES_STARTED);
      String finished = name(DuraflowMeters.INSTANCES_FINISHED);
      assertThat(m.value(started, "orchestration", "Pipeline")).isEqualTo(completed);
      assertThat(m.value(started, "orchestration", "Doomed")).isEqualTo(failed);
      assertThat(m.value(started, "orchestration", "Waiter")).isEqualTo(1);
      assertThat(m.value(finished, "orchestration", "Pipeline", "status", "completed")).isEqualTo(completed);
      assertThat(m.value(finished, "orchestration", "Doomed", "status", "failed")).isEqualTo(failed);
      assertThat(m.value(finished, "orchestration", "Waiter", "status", "terminated")).isEqualTo(1);
      assertThat(m.sum(finished)).isEqualTo(completed + failed + 1); // nothing counted twice or under other labels

      String activity = name(DuraflowMeters.ACTIVITY_EXECUTIONS);
      assertThat(m.value(activity + "_count", "activity", "Double", "outcome", "completed")).isEqualTo(completed * FAN_OUT);
      assertThat(m.value(activity + "_count", "activity", "Explode", "outcome", "failed")).isEqualTo(failed);
      assertThat(m.sum(activity + "_count")).isEqualTo(completed * FAN_OUT + failed);
      assertThat(m.value(activity + "_bucket", "activity", "Double", "outcome", "completed", "le", "+Inf"))
          .isEqualTo(completed * FAN_OUT);
      assertThat(m.find(activity + "_bucket", "activity", "Double")).hasSizeGreaterThan(10); // a real histogram
      assertThat(m.value(activity + "_sum", "activity", "Double", "outcome", "completed")).isPositive();

      String step = name(DuraflowMeters.STEP);
      double pipelineSteps = m.value(step + "_count", "orchestration", "Pipeline");
      // Each instance steps at least twice: its start schedules the activities, their results end it.
      assertThat(pipelineSteps).isGreaterThanOrEqualTo(2 * completed);
      assertThat(m.value(step + "_count", "orchestration", "Doomed")).isGreaterThanOrEqualTo(2 * failed);
      assertThat(m.value(step + "_bucket", "orchestration", "Pipeline", "le", "+Inf")).isEqualTo(pipelineSteps);

      // Every step committed through the timed store call; each consumed at least one message or result.
      String commit = name(DuraflowMeters.STORE_COMMIT);
      String batch = name(DuraflowMeters.STORE_COMMIT_BATCH);
      double commits = m.value(commit + "_count");
      assertThat(commits).isGreaterThanOrEqualTo(ids.size());
      double applied = m.value(batch + "_count"); // the batch is recorded for commits that succeeded
      assertThat(applied).isBetween((double) ids.size(), commits);
      assertThat(m.value(batch + "_sum")).isGreaterThanOrEqualTo(applied);
      assertThat(m.sum(name(DuraflowMeters.SESSION_CACHE_LOOKUPS))).isPositive();

      assertThat(m.value(name(DuraflowMeters.LEASES_LOST), "kind", "orchestration")).isZero();
      assertThat(m.value(name(DuraflowMeters.QUEUE_DEPTH), "kind", "activity")).isNotNull();
      assertThat(m.value(name(DuraflowMeters.MISSING_CODE))).isZero();
      for (DuraflowMeters.Meter meter : DuraflowMeters.all()) {
        assertThat(m.types).as("# TYPE of " + meter.name()).containsEntry(meter.prometheusName(), meter.type().prometheusType());
      }
      // The JVM's own meters are there too.
      assertThat(m.sum("jvm_memory_used_bytes")).isPositive();
      assertThat(m.value("jvm_threads_live_threads")).isPositive();
      assertThat(m.value("process_uptime_seconds")).isPositive();
      assertThat(m.value("jvm_classes_loaded_classes")).isPositive();
    }
  }

  @Test
  void metrics_needTheKeyUnlessPublic() throws Exception {
    try (DuraflowServer server = node().start()) {
      HttpResponse<String> without = get(server, "/metrics", null);
      assertThat(without.statusCode()).isEqualTo(401);
      assertThat(without.body()).contains("\"error\":\"Unauthorized\"").doesNotContain("duraflow_");
      assertThat(get(server, "/metrics?code=wrong", null).statusCode()).isEqualTo(401);

      HttpResponse<String> byHeader = http.send(HttpRequest.newBuilder(server.baseUri().resolve("/metrics"))
          .header("x-functions-key", KEY).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(byHeader.statusCode()).isEqualTo(200);
      assertThat(byHeader.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
      assertThat(byHeader.body()).contains("# TYPE duraflow_queue_depth gauge");

      HttpResponse<String> open = get(server, "/metrics?code=" + KEY, "application/openmetrics-text;version=1.0.0,text/plain;q=0.5");
      assertThat(open.statusCode()).isEqualTo(200);
      assertThat(open.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
      assertThat(open.body().strip()).endsWith("# EOF");
      assertThat(PrometheusText.parse(open.body().replace("# EOF", "")).value("duraflow_queue_depth", "kind", "orchestration"))
          .isNotNull();
    }
    try (DuraflowServer server = node().metricsPublic(true).start()) {
      HttpResponse<String> open = get(server, "/metrics", null);
      assertThat(open.statusCode()).isEqualTo(200);
      assertThat(open.body()).contains("duraflow_queue_depth{kind=\"orchestration\"}");
      assertThat(get(server, "/runtime/webhooks/durabletask/instances", null).statusCode())
          .as("only the metrics are public").isEqualTo(401);
    }
  }

  @Test
  void queueGauges_workNoWorkerTakes_depthAndAPositiveOldestAge() throws Exception {
    String depth = name(DuraflowMeters.QUEUE_DEPTH);
    String age = name(DuraflowMeters.QUEUE_OLDEST_AGE);
    Instant before;
    // An API-only node: the instances wait in the orchestration queue.
    try (DuraflowServer apiOnly = node().runWorker(false).start()) {
      before = Instant.now();
      apiOnly.client().startNew("Stuck", null);
      apiOnly.client().startNew("Stuck", null);
      PrometheusText m = scrapeUntil(apiOnly, t -> t.sum(age, "kind", "orchestration") > 0);
      assertThat(m.value(depth, "kind", "orchestration")).isEqualTo(2);
      assertThat(m.value(depth, "kind", "activity")).isZero();
      assertThat(m.value(age, "kind", "orchestration"))
          .isLessThanOrEqualTo(Duration.between(before, Instant.now()).toMillis() / 1000.0 + 1);
    }
    // A worker steps them, and their activity, which no worker has, waits in the activity queue.
    try (DuraflowServer worker = node().start()) {
      PrometheusText m = scrapeUntil(worker, t -> t.sum(depth, "kind", "activity") == 2 && t.sum(age, "kind", "activity") > 0);
      assertThat(m.value(depth, "kind", "orchestration")).isZero();
      assertThat(m.value(age, "kind", "orchestration")).isZero();
      assertThat(m.value(name(DuraflowMeters.MISSING_CODE))).isIn(0.0, 1.0); // seen on the next heartbeat
    }
  }

  private static String name(DuraflowMeters.Meter meter) {
    return meter.prometheusName();
  }

  private HttpResponse<String> get(DuraflowServer server, String path, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUri().resolve(path));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Scrapes with the key until {@code ready} holds (or the deadline passes), and returns that scrape. */
  private PrometheusText scrapeUntil(DuraflowServer server, Predicate<PrometheusText> ready) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    while (true) {
      HttpResponse<String> r = get(server, "/metrics?code=" + KEY, null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      PrometheusText parsed = PrometheusText.parse(r.body());
      if (ready.test(parsed) || Instant.now().isAfter(deadline)) {
        return parsed;
      }
      Thread.sleep(50); // a poll interval, not a wait for something to have happened
    }
  }

  private static void waitForStatus(DuraflowServer server, String id, OrchestrationRuntimeStatus status) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    while (server.client().getInstance(id).map(InstanceRecord::runtimeStatus).orElse(null) != status) {
      assertThat(Instant.now()).as("instance " + id + " reaching " + status).isBefore(deadline);
      Thread.sleep(20);
    }
  }
}
