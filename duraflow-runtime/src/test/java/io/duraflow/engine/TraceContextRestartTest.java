package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskRegistry;
import io.duraflow.client.StartOptions;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.TaskScheduled;
import io.duraflow.history.TraceContext;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import io.duraflow.worker.WorkerOptions;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claim path: the trace context survives the store. An instance started by a client-only engine is
 * run, after that engine and its store are closed, by another engine on the same SQLite file, with the fast
 * path off so that every step is claimed and every activity is claimed from its stored row.
 */
class TraceContextRestartTest {
  @TempDir Path dir;

  private static TaskRegistry registry() {
    return TaskRegistry.builder()
        .addOrchestration("Pair", ctx -> ctx.callActivity("Echo", "a", String.class).await()
            + ctx.callActivity("Echo", "b", String.class).await())
        .addActivity("Echo", ctx -> ctx.getInput(String.class))
        .build();
  }

  private static OpenTelemetrySdk sdk(InMemorySpanExporter exporter) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .build();
  }

  @Test
  void startedOnOneEngine_runByAnotherAfterRestart_spansContinueTheStartersTrace() throws Exception {
    SecureRandom random = new SecureRandom();
    String traceId = HexFormat.of().formatHex(random.generateSeed(16));
    String callerSpanId = HexFormat.of().formatHex(random.generateSeed(8));
    InMemorySpanExporter starterSpans = InMemorySpanExporter.create();
    InMemorySpanExporter workerSpans = InMemorySpanExporter.create();
    String id;
    SpanData create;
    try (OpenTelemetrySdk starterSdk = sdk(starterSpans);
        OrchestrationStore store = TestDatabases.sqlite(dir, Clock.systemUTC());
        DuraflowEngine starter = DuraflowEngine.builder().store(store).registry(registry()).runWorker(false)
            .openTelemetry(starterSdk).build().start()) {
      id = starter.client().startNew("Pair", null, StartOptions.defaults()
          .withTraceParent(new TraceContext("00-" + traceId + "-" + callerSpanId + "-01", null)));
      create = starterSpans.getFinishedSpanItems().stream() // read before the SDK's shutdown empties the exporter
          .filter(s -> s.getName().equals("create_orchestration:Pair")).findFirst().orElseThrow();
    }
    assertThat(create.getTraceId()).isEqualTo(traceId);
    assertThat(create.getParentSpanId()).isEqualTo(callerSpanId);

    try (OpenTelemetrySdk workerSdk = sdk(workerSpans);
        OrchestrationStore store = TestDatabases.sqlite(dir, Clock.systemUTC());
        DuraflowEngine worker = DuraflowEngine.builder().store(store).registry(registry()).openTelemetry(workerSdk)
            .workerOptions(WorkerOptions.defaults("restarted").withFastPath(false)
                .withMaxPollInterval(Duration.ofMillis(50))).build().start()) {
      assertThat(worker.client().waitForCompletion(id, Duration.ofSeconds(30)).runtimeStatus())
          .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      List<HistoryEvent> history = worker.client().getHistory(id);
      int steps = (int) history.stream().filter(OrchestratorStarted.class::isInstance).count();
      int activities = (int) history.stream().filter(TaskScheduled.class::isInstance).count();
      List<SpanData> stepSpans = await(workerSpans, s -> s.getName().equals("orchestration:Pair"), steps);
      List<SpanData> activitySpans = await(workerSpans, s -> s.getName().equals("activity:Echo"), activities);

      assertThat(stepSpans).hasSize(steps).allSatisfy(s -> {
        assertThat(s.getTraceId()).isEqualTo(traceId);
        assertThat(s.getParentSpanId()).as("a child of the start, stored by the other engine").isEqualTo(create.getSpanId());
        assertThat(s.getParentSpanContext().isRemote()).isTrue();
      });
      Map<String, SpanData> stepsById = stepSpans.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
      assertThat(activitySpans).hasSize(activities).allSatisfy(a -> {
        assertThat(a.getTraceId()).isEqualTo(traceId);
        assertThat(stepsById).as("the step that scheduled it").containsKey(a.getParentSpanId());
        assertThat(a.getAttributes().get(io.duraflow.tracing.SpanAttributes.INSTANCE_ID)).isEqualTo(id);
        assertThat(a.getAttributes().get(io.duraflow.tracing.SpanAttributes.ATTEMPT)).isEqualTo(1L);
      });
      assertThat(stepSpans).extracting(s -> s.getAttributes().get(io.duraflow.tracing.SpanAttributes.REPLAYED_EVENTS))
          .as("the first step on this engine replays nothing, the session then stays cached").contains(0L);
    }
  }

  @Test
  void noTraceParentGiven_theSpanCurrentOnTheCallersThreadIsTheParent() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk = sdk(spans);
        OrchestrationStore store = TestDatabases.sqlite(dir, Clock.systemUTC());
        DuraflowEngine engine = DuraflowEngine.builder().store(store).registry(registry()).openTelemetry(sdk)
            .build().start()) {
      Span request = sdk.getTracer("test").spanBuilder("handle request").startSpan();
      String id;
      try (Scope ignored = request.makeCurrent()) {
        id = engine.client().startNew("Pair", null);
      } finally {
        request.end();
      }
      engine.client().waitForCompletion(id, Duration.ofSeconds(30));
      int activities = (int) engine.client().getHistory(id).stream().filter(TaskScheduled.class::isInstance).count();
      List<SpanData> activitySpans = await(spans, s -> s.getName().equals("activity:Echo"), activities);
      assertThat(activitySpans).hasSize(activities)
          .allSatisfy(a -> assertThat(a.getTraceId()).isEqualTo(request.getSpanContext().getTraceId()));
      SpanData create = await(spans, s -> s.getName().equals("create_orchestration:Pair"), 1).get(0);
      assertThat(create.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    }
  }

  /** The finished spans matching {@code filter} once there are at least {@code count} (30 s at most). */
  private static List<SpanData> await(InMemorySpanExporter exporter, Predicate<SpanData> filter, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<SpanData> found = exporter.getFinishedSpanItems().stream().filter(filter).toList();
      if (found.size() >= count || System.nanoTime() > deadline) {
        return found;
      }
      Thread.sleep(10);
    }
  }
}
