package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskRegistry;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import io.duraflow.worker.LogContext;
import io.duraflow.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

/**
 * What the log context (the SLF4J MDC) holds while orchestration code and activities of an instance run,
 * on the fast path and through claims: every log line they write would carry these fields.
 */
class InstanceLogContextTest {
  /** instanceId -> what each piece of code saw, in order. */
  static final Map<String, List<Map<String, String>>> seen = new ConcurrentHashMap<>();

  @TempDir Path dir;

  static void record(String instanceId, String who) {
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    Map<String, String> entry = new HashMap<>(mdc == null ? Map.of() : mdc);
    entry.put("who", who);
    seen.computeIfAbsent(instanceId, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(entry);
  }

  static TaskRegistry registry() {
    return TaskRegistry.builder()
        .addOrchestration("Twice", ctx -> {
          if (!ctx.isReplaying()) {
            record(ctx.getInstanceId(), "orchestration-first-step");
          }
          String a = ctx.callActivity("Echo", "a", String.class).await();
          String b = ctx.callActivity("Echo", "b", String.class).await();
          if (!ctx.isReplaying()) {
            record(ctx.getInstanceId(), "orchestration-last-step");
          }
          return a + b;
        })
        .addActivity("Echo", ctx -> {
          record(ctx.getInstanceId(), "activity-" + ctx.getTaskId());
          return ctx.getInput(String.class);
        })
        .build();
  }

  @ParameterizedTest(name = "fast path {0}")
  @ValueSource(booleans = {true, false})
  void codeOfAnInstance_runsWithItsIdsInTheLogContext(boolean fastPath) throws Exception {
    try (OrchestrationStore store = TestDatabases.sqlite(dir, Clock.systemUTC());
        DuraflowEngine engine = DuraflowEngine.builder().store(store).registry(registry())
            .workerOptions(WorkerOptions.defaults("w").withFastPath(fastPath).withMaxPollInterval(Duration.ofMillis(50)))
            .build().start()) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 4; i++) { // several, so pooled threads go from one instance to another
        ids.add(engine.client().startNew("Twice", null));
      }
      for (String id : ids) {
        InstanceRecord done = engine.client().waitForCompletion(id, Duration.ofSeconds(60));
        assertThat(done.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);

        List<Map<String, String>> lines = seen.get(id);
        assertThat(lines).extracting(m -> m.get("who"))
            .containsExactlyInAnyOrder("orchestration-first-step", "activity-0", "activity-1", "orchestration-last-step");
        for (Map<String, String> line : lines) {
          assertThat(line).as(line.get("who")).containsEntry(LogContext.INSTANCE_ID, id)
              .containsEntry(LogContext.EXECUTION_ID, done.executionId());
          if (line.get("who").startsWith("activity-")) {
            assertThat(line).containsEntry(LogContext.ACTIVITY, "Echo")
                .containsEntry(LogContext.TASK_ID, line.get("who").substring("activity-".length()));
          } else {
            assertThat(line).containsEntry(LogContext.ORCHESTRATION, "Twice").doesNotContainKey(LogContext.ACTIVITY);
          }
        }
      }
    }
  }
}
