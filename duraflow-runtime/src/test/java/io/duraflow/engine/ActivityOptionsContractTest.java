package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.ActivityCanceledException;
import io.duraflow.api.ActivityOptions;
import io.duraflow.api.ActivityTimeoutKind;
import io.duraflow.api.FailureDetails;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.RetryHandler;
import io.duraflow.api.RetryPolicy;
import io.duraflow.api.SubOrchestrationOptions;
import io.duraflow.api.Task;
import io.duraflow.api.TaskActivityContext;
import io.duraflow.api.TaskCanceledException;
import io.duraflow.api.TaskFailedException;
import io.duraflow.api.TaskRegistry;
import io.duraflow.client.DurableClient;
import io.duraflow.client.StartOptions;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.SubOrchestrationInstanceCreated;
import io.duraflow.history.TaskCancellationRequested;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskFailed;
import io.duraflow.history.TaskScheduled;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Activity options over a real store and engine: start-to-close, heartbeat and schedule-to-close timeouts
 * with their failure types, heartbeat details reaching the retry, a timeout firing for an attempt held by a
 * node that died, cancellation of running attempts on terminate, sub-orchestration retries and custom retry
 * handlers. Timeouts are hundreds of milliseconds; the test waits for conditions, never for time.
 */
abstract class ActivityOptionsContractTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path tempDir;
  OrchestrationStore store;
  DuraflowEngine engine;
  DurableClient client;

  /** Per test: attempts per key, and the keys whose activity saw its cancellation. */
  static final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  static final Set<String> sawCancellation = ConcurrentHashMap.newKeySet();
  static final Set<String> running = ConcurrentHashMap.newKeySet();

  protected abstract OrchestrationStore newStore(Path dir, Clock clock);

  static int attempt(TaskActivityContext ctx) {
    return attempts.computeIfAbsent(ctx.getInstanceId(), k -> new AtomicInteger()).incrementAndGet();
  }

  /** Blocks like a hung call until the attempt is cancelled (or a long safety limit), without heartbeats. */
  static void hangUntilCancelled(TaskActivityContext ctx, boolean heartbeating) throws InterruptedException {
    running.add(ctx.getInstanceId());
    long limit = System.nanoTime() + WAIT.toNanos();
    try {
      while (System.nanoTime() < limit) {
        if (heartbeating) {
          ctx.heartbeat(null);
        } else if (ctx.isCancellationRequested()) {
          sawCancellation.add(ctx.getInstanceId());
          return;
        }
        Thread.sleep(20);
      }
    } catch (ActivityCanceledException e) {
      sawCancellation.add(ctx.getInstanceId());
      throw e;
    }
  }

  static String describe(TaskFailedException e) {
    return e.timeoutKind().map(Enum::name).orElse(e.failureDetails().errorType());
  }

  static TaskRegistry registry() {
    return TaskRegistry.builder()
        .addOrchestration("HungOnce", ctx -> ctx.callActivity("HangsOnFirstAttempt", null, ActivityOptions.builder()
            .startToClose(Duration.ofMillis(500)).retryPolicy(RetryPolicy.of(3, Duration.ofMillis(50))).build(),
            String.class).await())
        .addActivity("HangsOnFirstAttempt", ctx -> {
          int n = attempt(ctx);
          if (n == 1) {
            hangUntilCancelled(ctx, false);
            return "late result of attempt 1";
          }
          return "attempt " + n;
        })
        .addOrchestration("TimesOut", ctx -> {
          ActivityOptions options = ctx.getInput(String.class).equals("heartbeat")
              ? ActivityOptions.builder().heartbeatTimeout(Duration.ofMillis(400)).startToClose(Duration.ofSeconds(20)).build()
              : ctx.getInput(String.class).equals("keepsBeating")
                  ? ActivityOptions.builder().heartbeatTimeout(Duration.ofSeconds(1)).startToClose(Duration.ofMillis(1500)).build()
                  : ActivityOptions.builder().scheduleToClose(Duration.ofMillis(500)).build();
          try {
            return ctx.callActivity(ctx.getInput(String.class).equals("keepsBeating") ? "Beats" : "Hangs", null, options,
                String.class).await();
          } catch (TaskFailedException e) {
            return describe(e);
          }
        })
        .addActivity("Hangs", ctx -> {
          attempt(ctx);
          hangUntilCancelled(ctx, false);
          return "late";
        })
        .addActivity("Beats", ctx -> {
          attempt(ctx);
          hangUntilCancelled(ctx, true);
          return "late";
        })
        .addOrchestration("ResumesFromHeartbeat", ctx -> ctx.callActivity("Progress", null, ActivityOptions.builder()
            .heartbeatTimeout(Duration.ofSeconds(1)).retryPolicy(RetryPolicy.of(2, Duration.ofMillis(50))).build(),
            String.class).await())
        .addActivity("Progress", ctx -> {
          if (attempt(ctx) == 1) {
            assertThat(ctx.getHeartbeatDetails(Integer.class)).isNull();
            ctx.heartbeat(3); // then it stalls: no more heartbeats
            hangUntilCancelled(ctx, false);
            return "late";
          }
          return "resumed from " + ctx.getHeartbeatDetails(Integer.class);
        })
        .addOrchestration("ThrowsAfterProgress", ctx -> ctx.callActivity("ProgressThenThrow", null,
            RetryPolicy.of(2, Duration.ofMillis(50)), String.class).await())
        .addActivity("ProgressThenThrow", ctx -> {
          if (attempt(ctx) == 1) {
            ctx.heartbeat(List.of("a", "b"));
            throw new IllegalStateException("broke after two items");
          }
          return "resumed after " + ctx.getHeartbeatDetails(List.class);
        })
        .addOrchestration("FailsUntilScheduleToClose", ctx -> {
          try {
            return ctx.callActivity("AlwaysFails", null, ActivityOptions.builder().scheduleToClose(Duration.ofSeconds(3))
                .retryPolicy(RetryPolicy.of(1000, Duration.ofMillis(200))).build(), String.class).await();
          } catch (TaskFailedException e) {
            FailureDetails last = e.failureDetails().inner(); // null when the store's deadline ended an attempt
            return describe(e) + " after " + (last == null ? "a pending attempt" : last.errorType());
          }
        })
        .addActivity("AlwaysFails", ctx -> {
          attempt(ctx);
          throw new IllegalStateException("attempt failed");
        })
        .addOrchestration("OnDeadNode", ctx -> {
          try {
            return ctx.callActivity("OnlyTheDeadNodeHasThis", null,
                ActivityOptions.builder().startToClose(Duration.ofMillis(500)).build(), String.class).await();
          } catch (TaskFailedException e) {
            return describe(e);
          }
        })
        .addOrchestration("Terminated", ctx -> ctx.callActivity(ctx.getInput(String.class), null, ActivityOptions.builder()
            .startToClose(Duration.ofSeconds(20)).retryPolicy(RetryPolicy.of(3, Duration.ofMillis(50))).build(),
            String.class).await())
        .addOrchestration("TerminatedPlain", ctx -> ctx.callActivity(ctx.getInput(String.class), null, String.class).await())
        .addOrchestration("CancelsOnEvent", ctx -> {
          String activity = ctx.getInput(String.class);
          Task<String> call = activity.equals("Hangs")
              ? ctx.callActivity(activity, null, ActivityOptions.builder().startToClose(Duration.ofSeconds(20))
                  .retryPolicy(RetryPolicy.of(3, Duration.ofMillis(50))).build(), String.class)
              : ctx.callActivity(activity, null, String.class);
          Task<String> stop = ctx.waitForExternalEvent("stop", String.class);
          ctx.anyOf(List.of(call, stop)).await();
          assertThat(ctx.cancelActivity(call)).isTrue();
          assertThat(ctx.cancelActivity(call)).as("a second cancel is a no-op").isFalse();
          try {
            return call.await();
          } catch (TaskCanceledException e) {
            return "cancelled";
          }
        })
        .addOrchestration("RetriesChild", ctx -> ctx.callSubOrchestrator("FlakyChild", null, "child-" + ctx.getInstanceId(),
            RetryPolicy.builder(4, Duration.ofMillis(100)).backoffCoefficient(2).build(), String.class).await())
        .addOrchestration("FlakyChild", ctx -> {
          if (!ctx.getInstanceId().endsWith("#3")) {
            throw new IllegalStateException("child " + ctx.getInstanceId() + " failed");
          }
          return "child " + ctx.getInstanceId() + " done";
        })
        .addOrchestration("HandlerStops", ctx -> {
          RetryHandler stopOnBadInput = retry -> retry.failure().isCausedBy(IllegalArgumentException.class)
              ? RetryHandler.RetryDecision.stop()
              : RetryHandler.RetryDecision.retryAfter(Duration.ofMillis(50 * retry.attempt()));
          try {
            return ctx.callActivity("TransientThenBadInput", null,
                ActivityOptions.builder().retryHandler(stopOnBadInput).build(), String.class).await();
          } catch (TaskFailedException e) {
            return "stopped on " + e.failureDetails().errorType();
          }
        })
        .addActivity("TransientThenBadInput", ctx -> {
          if (attempt(ctx) < 3) {
            throw new IllegalStateException("transient");
          }
          throw new IllegalArgumentException("bad input");
        })
        .addOrchestration("HandlerStopsChild", ctx -> {
          try {
            return ctx.callSubOrchestrator("FlakyChild", null, "kid-" + ctx.getInstanceId(), SubOrchestrationOptions.of(
                (RetryHandler) retry -> retry.attempt() < 2 ? RetryHandler.RetryDecision.retryAfter(Duration.ZERO)
                    : RetryHandler.RetryDecision.stop()), String.class).await();
          } catch (TaskFailedException e) {
            return "gave up";
          }
        })
        .build();
  }

  @BeforeEach
  void startEngine() {
    attempts.clear();
    sawCancellation.clear();
    running.clear();
    store = newStore(tempDir, Clock.systemUTC());
    // Short activity leases: a lease renewal is how an attempt that does not heartbeat learns of cancellation.
    WorkerOptions options = WorkerOptions.defaults(DuraflowEngine.defaultWorkerId())
        .withLeases(Duration.ofSeconds(30), Duration.ofMillis(1500));
    engine = DuraflowEngine.builder().store(store).registry(registry()).workerOptions(options).build().start();
    client = engine.client();
  }

  @AfterEach
  void stopEngine() {
    if (engine != null) {
      engine.close();
      HistoryInvariants.check(client);
    }
    if (store != null) {
      store.close();
    }
  }

  String run(String orchestration, Object input) throws Exception {
    String id = client.startNew(orchestration, input);
    InstanceRecord done = client.waitForCompletion(id, WAIT);
    assertThat(done.runtimeStatus()).as("%s failed with %s", id, done.failureDetails()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    return id;
  }

  String output(String id) {
    return client.getInstance(id).orElseThrow().output();
  }

  List<TaskFailed> failures(String id) {
    return client.getHistory(id).stream().filter(TaskFailed.class::isInstance).map(TaskFailed.class::cast).toList();
  }

  static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void startToClose_hungAttempt_timesOutIsRetriedAndItsLateResultIsDropped() throws Exception {
    String id = run("HungOnce", null);

    assertThat(output(id)).isEqualTo("\"attempt 2\"");
    assertThat(failures(id)).singleElement().satisfies(f ->
        assertThat(f.failureDetails().errorType()).isEqualTo("duraflow.ActivityTimeout.StartToClose"));
    waitFor("the hung attempt saw its cancellation", () -> sawCancellation.contains(id));
    assertThat(client.getHistory(id)).filteredOn(TaskCompleted.class::isInstance).hasSize(1);
  }

  @Test
  void heartbeatTimeout_attemptThatStopsHeartbeating_failsWithHeartbeatKind() throws Exception {
    String id = run("TimesOut", "heartbeat");
    assertThat(output(id)).isEqualTo("\"HEARTBEAT\"");
    assertThat(attempts.get(id).get()).isEqualTo(1); // no retry policy: one attempt
    waitFor("the timed-out attempt saw its cancellation (on lease renewal)", () -> sawCancellation.contains(id));
  }

  @Test
  void startToClose_attemptThatKeepsHeartbeating_stillTimesOutAndItsHeartbeatThrows() throws Exception {
    String id = run("TimesOut", "keepsBeating");
    assertThat(output(id)).isEqualTo("\"START_TO_CLOSE\"");
    waitFor("the heartbeat threw ActivityCanceledException", () -> sawCancellation.contains(id));
  }

  @Test
  void scheduleToClose_singleHungAttempt_failsWithScheduleToCloseKind() throws Exception {
    String id = run("TimesOut", "scheduleToClose");
    assertThat(output(id)).isEqualTo("\"SCHEDULE_TO_CLOSE\"");
    waitFor("the timed-out attempt saw its cancellation", () -> sawCancellation.contains(id));
  }

  @Test
  void scheduleToClose_acrossRetries_stopsRetryingAtTheDeadline() throws Exception {
    String id = run("FailsUntilScheduleToClose", null);
    // Usually a retry would start past the deadline (the last attempt's failure is the inner one); when the
    // deadline passes while an attempt is queued or running, the store ends that attempt instead.
    assertThat(output(id)).isIn("\"SCHEDULE_TO_CLOSE after java.lang.IllegalStateException\"",
        "\"SCHEDULE_TO_CLOSE after a pending attempt\"");
    int tried = attempts.get(id).get();
    assertThat(tried).as("retried, but far fewer than the policy's 1000 attempts").isBetween(2, 999);
    assertThat(client.getHistory(id)).filteredOn(TaskScheduled.class::isInstance)
        .hasSizeBetween(tried, tried + 1); // + 1: an attempt the deadline ended before it ran
  }

  @Test
  void heartbeatDetails_ofATimedOutAttempt_reachTheRetry() throws Exception {
    String id = run("ResumesFromHeartbeat", null);
    assertThat(output(id)).isEqualTo("\"resumed from 3\"");
    assertThat(failures(id)).singleElement().satisfies(f -> {
      assertThat(ActivityTimeoutKind.of(f.failureDetails())).contains(ActivityTimeoutKind.HEARTBEAT);
      assertThat(f.heartbeatDetails()).isEqualTo("3");
    });
    waitFor("the stalled attempt saw its cancellation", () -> sawCancellation.contains(id));
  }

  @Test
  void heartbeatDetails_ofAnAttemptThatThrew_reachTheRetry() throws Exception {
    String id = run("ThrowsAfterProgress", null);
    assertThat(output(id)).isEqualTo("\"resumed after [a, b]\"");
  }

  @Test
  void startToClose_attemptHeldByADeadNode_firesOnThisNode() throws Exception {
    String id = client.startNew("OnDeadNode", null);
    // Another node claims the attempt with a ten-minute lease and dies: it never renews, heartbeats or
    // completes. This engine lacks the activity's code, so only the store-side deadline can end the attempt.
    List<ActivityWorkItem> claimed = List.of();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (claimed.isEmpty() && System.nanoTime() < deadline) {
      claimed = store.claimActivityWorkItems("dead-node", 1, Duration.ofMinutes(10), Set.of("OnlyTheDeadNodeHasThis"));
      Thread.sleep(claimed.isEmpty() ? 20 : 0);
    }
    assertThat(claimed).hasSize(1);

    InstanceRecord done = client.waitForCompletion(id, WAIT);
    assertThat(done.output()).isEqualTo("\"START_TO_CLOSE\"");
  }

  @Test
  void terminate_runningAttemptWithOptions_seesCancellationAndIsNotRetried() throws Exception {
    String id = client.startNew("Terminated", "Hangs");
    waitFor("the attempt runs", () -> running.contains(id));
    client.terminate(id, "no longer needed");
    waitFor("the attempt saw its cancellation", () -> sawCancellation.contains(id));
    assertThat(client.waitForCompletion(id, WAIT).runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.TERMINATED);
    assertThat(attempts.get(id).get()).isEqualTo(1);
    assertThat(client.getHistory(id)).filteredOn(TaskScheduled.class::isInstance).hasSize(1);
  }

  @Test
  void terminate_runningPlainAttempt_seesCancellationThroughItsHeartbeat() throws Exception {
    String id = client.startNew("TerminatedPlain", "Beats");
    waitFor("the attempt runs", () -> running.contains(id));
    client.terminate(id, "no longer needed");
    waitFor("the heartbeat threw ActivityCanceledException", () -> sawCancellation.contains(id));
    assertThat(client.waitForCompletion(id, WAIT).runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.TERMINATED);
  }

  @Test
  void cancelActivity_runningAttemptWithOptions_seesCancellationAndIsNotRetried() throws Exception {
    String id = client.startNew("CancelsOnEvent", "Hangs");
    waitFor("the attempt runs", () -> running.contains(id));
    client.raiseEvent(id, "stop", null);
    assertThat(client.waitForCompletion(id, WAIT).output()).isEqualTo("\"cancelled\"");
    waitFor("the attempt saw its cancellation (on lease renewal)", () -> sawCancellation.contains(id));
    assertThat(attempts.get(id).get()).isEqualTo(1);
    assertThat(client.getHistory(id)).filteredOn(TaskCancellationRequested.class::isInstance).hasSize(1);
  }

  @Test
  void cancelActivity_plainHeartbeatingAttempt_seesCancellationThroughItsHeartbeat() throws Exception {
    String id = client.startNew("CancelsOnEvent", "Beats");
    waitFor("the attempt runs", () -> running.contains(id));
    client.raiseEvent(id, "stop", null);
    assertThat(client.waitForCompletion(id, WAIT).output()).isEqualTo("\"cancelled\"");
    waitFor("the heartbeat threw ActivityCanceledException", () -> sawCancellation.contains(id));
  }

  @Test
  void subOrchestrationRetry_failingChildren_retriedAsNewInstancesWithDerivedIds() throws Exception {
    String id = run("RetriesChild", null);
    String child = "child-" + id;
    assertThat(output(id)).isEqualTo("\"child " + child + "#3 done\"");
    assertThat(client.getHistory(id)).filteredOn(SubOrchestrationInstanceCreated.class::isInstance)
        .extracting(e -> ((SubOrchestrationInstanceCreated) e).instanceId())
        .containsExactly(child, child + "#2", child + "#3");
    assertThat(client.getInstance(child).orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(client.getInstance(child + "#2").orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
  }

  @Test
  void retryHandler_stopsOnTheErrorTypeItRejects() throws Exception {
    String id = run("HandlerStops", null);
    assertThat(output(id)).isEqualTo("\"stopped on java.lang.IllegalArgumentException\"");
    assertThat(attempts.get(id).get()).isEqualTo(3);
  }

  @Test
  void retryHandler_onSubOrchestration_decidesTheAttempts() throws Exception {
    String id = run("HandlerStopsChild", null);
    assertThat(output(id)).isEqualTo("\"gave up\"");
    List<HistoryEvent> history = client.getHistory(id);
    assertThat(history).filteredOn(SubOrchestrationInstanceCreated.class::isInstance)
        .extracting(e -> ((SubOrchestrationInstanceCreated) e).instanceId())
        .containsExactly("kid-" + id, "kid-" + id + "#2");
  }
}
