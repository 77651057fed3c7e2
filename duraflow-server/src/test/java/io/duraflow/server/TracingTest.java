package io.duraflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskFailedException;
import io.duraflow.api.TaskRegistry;
import io.duraflow.api.Task;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.SubOrchestrationInstanceCreated;
import io.duraflow.history.TaskScheduled;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when" for traces: one instance started over real HTTP with a {@code traceparent} the
 * test makes; every step and activity span of it, its sub-orchestration's included, joins that trace and
 * leads back to the given span, one activity span per activity its history scheduled.
 */
class TracingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AttributeKey<String> INSTANCE_ID = AttributeKey.stringKey("durabletask.task.instance_id");
  private static final AttributeKey<String> TYPE = AttributeKey.stringKey("durabletask.type");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("duraflow.outcome");

  @TempDir Path dir;

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private OpenTelemetrySdk sdk;

  @BeforeEach
  void sdk() {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
  }

  @AfterEach
  void closeSdk() {
    sdk.close();
  }

  /** Trip: an activity, a fan-out of three, a failing activity it catches, and a sub-orchestration Leg with two. */
  static TaskRegistry registry() {
    return TaskRegistry.builder()
        .addOrchestration("Trip", ctx -> {
          String first = ctx.callActivity("Book", "flight", String.class).await();
          List<Task<String>> hotels = new ArrayList<>();
          for (String city : List.of("Oslo", "Bergen", "Tromso")) {
            hotels.add(ctx.callActivity("Book", city, String.class));
          }
          List<String> booked = ctx.allOf(hotels).await();
          String insurance;
          try {
            insurance = ctx.callActivity("Insure", "trip", String.class).await();
          } catch (TaskFailedException e) {
            insurance = "none";
          }
          String leg = ctx.callSubOrchestrator("Leg", "north", ctx.getInstanceId() + "-leg", String.class).await();
          return first + "," + String.join(",", booked) + "," + insurance + "," + leg;
        })
        .addOrchestration("Leg", ctx -> {
          String a = ctx.callActivity("Book", "train", String.class).await();
          String b = ctx.callActivity("Book", "ferry", String.class).await();
          return a + "+" + b;
        })
        .addActivity("Book", ctx -> "booked " + ctx.getInput(String.class))
        .addActivity("Insure", ctx -> {
          throw new IllegalStateException("no insurer answers");
        })
        .build();
  }

  @Test
  void startOverHttpWithTraceparent_everyStepAndActivitySpanJoinsTheCallersTrace() throws Exception {
    SecureRandom random = new SecureRandom();
    String traceId = HexFormat.of().formatHex(random.generateSeed(16));
    String callerSpanId = HexFormat.of().formatHex(random.generateSeed(8));
    try (DuraflowServer server = DuraflowServer.builder(registry()).dataDir(dir).port(0).openTelemetry(sdk).start()) {
      String id = startOverHttp(server, "00-" + traceId + "-" + callerSpanId + "-01");
      assertThat(server.client().waitForCompletion(id, Duration.ofSeconds(30)).runtimeStatus())
          .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      String child = id + "-leg";
      List<HistoryEvent> history = new ArrayList<>(server.client().getHistory(id));
      history.addAll(server.client().getHistory(child));
      assertThat(history).filteredOn(SubOrchestrationInstanceCreated.class::isInstance).hasSize(1);
      long steps = history.stream().filter(OrchestratorStarted.class::isInstance).count();
      long activities = history.stream().filter(TaskScheduled.class::isInstance).count();
      // A span is exported when it ends, just after its commit, so the last ones may trail the completion.
      List<SpanData> all = awaitSpans(s -> s.getName().startsWith("orchestration:") || s.getName().startsWith("activity:"),
          (int) (steps + activities));

      assertThat(all).allSatisfy(s -> assertThat(s.getTraceId()).as(s.getName()).isEqualTo(traceId));
      Map<String, SpanData> byId = spans.getFinishedSpanItems().stream()
          .collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
      for (SpanData s : all) {
        assertThat(rootParentOf(s, byId)).as("parent chain of " + s.getName()).isEqualTo(callerSpanId);
      }
      List<SpanData> stepSpans = all.stream().filter(s -> s.getName().startsWith("orchestration:")).toList();
      List<SpanData> activitySpans = all.stream().filter(s -> s.getName().startsWith("activity:")).toList();
      assertThat(stepSpans).hasSize((int) steps);
      assertThat(activitySpans).hasSize((int) activities);
      assertThat(activitySpans).extracting(SpanData::getName).containsExactlyInAnyOrderElementsOf(history.stream()
          .filter(TaskScheduled.class::isInstance).map(e -> "activity:" + ((TaskScheduled) e).name()).toList());
      assertThat(stepSpans).allSatisfy(s -> {
        assertThat(s.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(s.getAttributes().get(TYPE)).isEqualTo("orchestration");
      });
      assertThat(stepSpans).extracting(s -> s.getAttributes().get(INSTANCE_ID)).containsOnly(id, child);
      assertThat(stepSpans).filteredOn(s -> child.equals(s.getAttributes().get(INSTANCE_ID)))
          .extracting(SpanData::getName).containsOnly("orchestration:Leg");
      assertThat(activitySpans).extracting(s -> s.getAttributes().get(INSTANCE_ID)).containsOnly(id, child);
      // Each activity's parent is the step that scheduled it, a step of its own instance.
      assertThat(activitySpans).allSatisfy(a -> {
        SpanData parent = byId.get(a.getParentSpanId());
        assertThat(parent.getName()).startsWith("orchestration:");
        assertThat(parent.getAttributes().get(INSTANCE_ID)).isEqualTo(a.getAttributes().get(INSTANCE_ID));
      });
      // The child's steps hang under the parent's step that created the child.
      assertThat(stepSpans).filteredOn(s -> child.equals(s.getAttributes().get(INSTANCE_ID))).allSatisfy(s ->
          assertThat(byId.get(s.getParentSpanId()).getAttributes().get(INSTANCE_ID)).isEqualTo(id));
      assertThat(stepSpans).filteredOn(s -> "Completed".equals(s.getAttributes().get(OUTCOME)))
          .extracting(s -> s.getAttributes().get(INSTANCE_ID)).containsExactlyInAnyOrder(id, child);
      SpanData insure = activitySpans.stream().filter(s -> s.getName().equals("activity:Insure")).findFirst().orElseThrow();
      assertThat(insure.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(insure.getEvents()).anySatisfy(e -> {
        assertThat(e.getName()).isEqualTo("exception");
        assertThat(e.getAttributes().get(AttributeKey.stringKey("exception.message"))).isEqualTo("no insurer answers");
      });
    }
  }

  @Test
  void malformedTraceparent_isIgnored_theInstanceStartsATraceOfItsOwn() throws Exception {
    try (DuraflowServer server = DuraflowServer.builder(registry()).dataDir(dir).port(0).openTelemetry(sdk).start()) {
      String id = startOverHttp(server, "00-not-a-trace-context-01");
      assertThat(server.client().waitForCompletion(id, Duration.ofSeconds(30)).runtimeStatus())
          .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      List<SpanData> creates = awaitSpans(s -> s.getName().equals("create_orchestration:Trip"), 1);
      SpanData create = creates.get(0);
      assertThat(create.getParentSpanContext().isValid()).as("a new trace, not a child of the bad header").isFalse();
      assertThat(create.getKind()).isEqualTo(SpanKind.PRODUCER);
      assertThat(create.getAttributes().get(INSTANCE_ID)).isEqualTo(id);
      List<SpanData> steps = awaitSpans(s -> s.getName().equals("orchestration:Trip"), 1);
      assertThat(steps).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(create.getTraceId()));
    }
  }

  private static String startOverHttp(DuraflowServer server, String traceparent) throws Exception {
    HttpResponse<String> started = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            server.baseUri().resolve("/api/orchestrators/Trip?code=" + server.key()))
        .POST(HttpRequest.BodyPublishers.noBody()).header("traceparent", traceparent)
        .header("tracestate", "vendor=opaque").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    return JSON.readTree(started.body()).get("id").asText();
  }

  /** The finished spans matching {@code filter}, once at least {@code count} are there (30 s at most). */
  private List<SpanData> awaitSpans(java.util.function.Predicate<SpanData> filter, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<SpanData> found = spans.getFinishedSpanItems().stream().filter(filter).toList();
      if (found.size() >= count || System.nanoTime() > deadline) {
        return found;
      }
      Thread.sleep(10);
    }
  }

  /** The span id the chain of {@code s}'s parents ends at: the first parent that is not a span of this process. */
  private static String rootParentOf(SpanData s, Map<String, SpanData> byId) {
    SpanData at = s;
    for (int hops = 0; hops < 100; hops++) {
      String parent = at.getParentSpanId();
      SpanData next = byId.get(parent);
      if (next == null) {
        return parent;
      }
      at = next;
    }
    throw new AssertionError("parent chain of " + s.getName() + " does not end: " + String.format(Locale.ROOT, "%s", s));
  }
}
