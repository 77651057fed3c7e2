package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duraflow.api.InstanceAlreadyExistsException;
import io.duraflow.api.InstanceNotFoundException;
import io.duraflow.api.InvalidInstanceStateException;
import io.duraflow.api.NonDeterministicOrchestrationException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.RetryPolicy;
import io.duraflow.api.Task;
import io.duraflow.api.TaskFailedException;
import io.duraflow.api.TaskRegistry;
import io.duraflow.client.DurableClient;
import io.duraflow.client.StartOptions;
import io.duraflow.client.StoreDurableClient;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskFailed;
import io.duraflow.history.TaskScheduled;
import io.duraflow.json.JacksonDataConverter;
import io.duraflow.samples.Approval;
import io.duraflow.samples.Samples;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.PurgeFilter;
import io.duraflow.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's behaviour over a real store. Each backend runs this whole suite by extending it
 * ({@code SqliteEngineTest}, {@code PostgresEngineTest}).
 */
abstract class EngineContractTest {
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tempDir;
  OrchestrationStore store;
  DuraflowEngine engine;
  DurableClient client;

  /** Per-test state read by the test orchestrations below (keyed by instance id where it matters). */
  static final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  static final AtomicBoolean failRewindable = new AtomicBoolean(true);
  static final AtomicBoolean changedCode = new AtomicBoolean(false);

  protected abstract OrchestrationStore newStore(Path dir, Clock clock);

  /** The worker options of this suite's engines (the fast path is on by default). */
  protected WorkerOptions workerOptions(WorkerOptions defaults) {
    return defaults;
  }

  static TaskRegistry registry() {
    return Samples.register(TaskRegistry.builder())
        .addOrchestration("FanOut", ctx -> {
          int n = ctx.getInput(Integer.class);
          List<Task<Integer>> tasks = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            tasks.add(ctx.callActivity("Square", i, Integer.class));
          }
          ctx.setCustomStatus(Map.of("scheduled", n));
          return ctx.allOf(tasks).await().stream().mapToLong(Integer::longValue).sum();
        })
        .addActivity("Square", ctx -> {
          int i = ctx.getInput(Integer.class);
          return i * i;
        })
        .addOrchestration("RetryThenSucceed", ctx -> ctx.callActivity("Flaky", ctx.getInstanceId(),
            RetryPolicy.builder(4, Duration.ofMillis(100)).backoffCoefficient(2).build(), String.class).await())
        .addActivity("Flaky", ctx -> {
          int n = attempts.computeIfAbsent(ctx.getInput(String.class), k -> new AtomicInteger()).incrementAndGet();
          if (n < 3) {
            throw new IllegalStateException("transient failure " + n);
          }
          return "succeeded on attempt " + n;
        })
        .addOrchestration("RetryNonRetriable", ctx -> ctx.callActivity("AlwaysFails", null,
            RetryPolicy.builder(5, Duration.ofMillis(50)).handle(f -> !f.isCausedBy(IllegalArgumentException.class)).build(),
            String.class).await())
        .addActivity("AlwaysFails", ctx -> {
          attempts.computeIfAbsent("AlwaysFails", k -> new AtomicInteger()).incrementAndGet();
          throw new IllegalArgumentException("permanent");
        })
        .addOrchestration("Parent", ctx -> {
          try {
            return "child said " + ctx.callSubOrchestrator("Child", ctx.getInput(String.class), null, String.class).await();
          } catch (TaskFailedException e) {
            return "child failed: " + e.failureDetails().errorMessage();
          }
        })
        .addOrchestration("ParentOfNamedChild", ctx -> {
          try {
            return ctx.callSubOrchestrator("Child", "x", ctx.getInput(String.class), String.class).await();
          } catch (TaskFailedException e) {
            return "child refused: " + e.failureDetails().errorMessage();
          }
        })
        .addOrchestration("Child", ctx -> {
          String mode = ctx.getInput(String.class);
          if ("fail".equals(mode)) {
            ctx.callActivity("AlwaysFails", null, String.class).await();
          }
          return ctx.callActivity("SayHello", mode, String.class).await();
        })
        .addOrchestration("CountTo", ctx -> {
          int[] state = ctx.getInput(int[].class);
          if (state[0] >= state[1]) {
            return state[0];
          }
          ctx.callActivity("Square", state[0], Integer.class).await();
          ctx.continueAsNew(new int[] {state[0] + 1, state[1]});
          return null;
        })
        .addOrchestration("Rewindable", ctx -> {
          String a = ctx.callActivity("SayHello", "before", String.class).await();
          String b = ctx.callActivity("FailsUntilFixed", null, String.class).await();
          return a + " / " + b;
        })
        .addActivity("FailsUntilFixed", ctx -> {
          if (failRewindable.get()) {
            throw new IllegalStateException("not fixed yet");
          }
          return "fixed";
        })
        .addOrchestration("Changing", ctx -> {
          String activity = changedCode.get() ? "Square" : "SayHello";
          ctx.callActivity(activity, 1, Object.class).await();
          ctx.waitForExternalEvent("go", String.class).await();
          return "done";
        })
        .addOrchestration("Throws", ctx -> {
          throw new IllegalStateException("orchestrator bug for " + ctx.getRawInput());
        })
        .addOrchestration("CallsUnknownActivity", ctx -> ctx.callActivity("NoSuchActivity", null, String.class).await())
        .build();
  }

  @BeforeEach
  void startEngine() {
    store = newStore(tempDir, Clock.systemUTC());
    engine = newEngine(WorkerOptions.defaults(DuraflowEngine.defaultWorkerId()));
    client = engine.client();
    attempts.clear();
    failRewindable.set(true);
    changedCode.set(false);
  }

  DuraflowEngine newEngine(WorkerOptions options) {
    return DuraflowEngine.builder().store(store).registry(registry()).workerOptions(workerOptions(options)).build().start();
  }

  @AfterEach
  void stopEngine() {
    if (engine != null) {
      engine.close();
      HistoryInvariants.check(client);
      HistoryInvariants.check(client.forTaskHub("OtherHub"));
    }
    if (store != null) {
      store.close();
    }
  }

  InstanceRecord await(String id) throws Exception {
    return client.waitForCompletion(id, WAIT);
  }

  InstanceRecord awaitStatus(String id, OrchestrationRuntimeStatus status) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      InstanceRecord r = client.getInstance(id).orElseThrow();
      if (r.runtimeStatus() == status) {
        return r;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("instance " + id + " never reached " + status + "; is " + client.getInstance(id).orElseThrow().runtimeStatus());
  }

  @Test
  void helloSequence_completesWithGreetingsInOrder() throws Exception {
    String id = client.startNew("HelloSequence", null);
    InstanceRecord done = await(id);
    assertThat(done.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    assertThat(done.output()).isEqualTo("[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\"]");
    assertThat(done.name()).isEqualTo("HelloSequence");
    assertThat(id).matches("[0-9a-f]{32}");
    List<HistoryEvent> history = client.getHistory(id);
    assertThat(history.get(1)).isInstanceOf(ExecutionStarted.class);
    assertThat(history).filteredOn(TaskScheduled.class::isInstance).hasSize(3);
    assertThat(history).filteredOn(TaskCompleted.class::isInstance).hasSize(3);
  }

  @Test
  void helloSequence_withoutSessionCache_replaysFromHistoryToTheSameResult() throws Exception {
    engine.close();
    engine = newEngine(WorkerOptions.defaults("no-cache").withSessionCacheSize(0));
    client = engine.client();
    String id = client.startNew("HelloSequence", List.of("A", "B"));
    assertThat(await(id).output()).isEqualTo("[\"Hello A!\",\"Hello B!\"]");
  }

  @Test
  void fanOut_thousandActivities_sumsAllResults() throws Exception {
    String id = client.startNew("FanOut", 1000);
    InstanceRecord done = await(id);
    long expected = 0;
    for (long i = 0; i < 1000; i++) {
      expected += i * i;
    }
    assertThat(done.output()).isEqualTo(String.valueOf(expected));
    assertThat(done.customStatus()).isEqualTo("{\"scheduled\":1000}");
    assertThat(client.getHistory(id)).filteredOn(TaskCompleted.class::isInstance).hasSize(1000);
  }

  @Test
  void retry_transientFailures_retriedOnDurableTimersUntilSuccess() throws Exception {
    String id = client.startNew("RetryThenSucceed", null);
    InstanceRecord done = await(id);
    assertThat(done.output()).isEqualTo("\"succeeded on attempt 3\"");
    List<HistoryEvent> history = client.getHistory(id);
    assertThat(history).filteredOn(e -> e.eventType().equals("TimerCreated")).hasSize(2);
    assertThat(history).filteredOn(e -> e.eventType().equals("TaskFailed")).hasSize(2);
  }

  @Test
  void retry_nonRetriableFailure_failsAfterOneAttempt() throws Exception {
    InstanceRecord done = await(client.startNew("RetryNonRetriable", null));
    assertThat(done.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(attempts.get("AlwaysFails").get()).isEqualTo(1);
    assertThat(done.failureDetails().errorMessage()).contains("permanent");
  }

  @Test
  void approval_eventArrives_approved() throws Exception {
    String id = client.startNew(Approval.NAME, Map.of("timeoutSeconds", 600));
    awaitStatus(id, OrchestrationRuntimeStatus.RUNNING);
    assertThat(client.getInstance(id).orElseThrow().customStatus()).contains("\"waitingFor\":\"Approval\"");
    client.raiseEvent(id, "Approval", true);
    InstanceRecord done = await(id);
    assertThat(done.output()).isEqualTo("{\"approved\":true,\"response\":true}");
    assertThat(done.customStatus()).isNull();
  }

  @Test
  void approval_noEvent_durableTimerTimesOut() throws Exception {
    InstanceRecord done = await(client.startNew(Approval.NAME, Map.of("timeoutSeconds", 1)));
    assertThat(done.output()).isEqualTo("{\"approved\":false,\"timedOut\":true}");
  }

  @Test
  void subOrchestration_failure_propagatesToParentAsTaskFailure() throws Exception {
    InstanceRecord ok = await(client.startNew("Parent", "Kyoto"));
    assertThat(ok.output()).isEqualTo("\"child said Hello Kyoto!\"");
    String failedParent = client.startNew("Parent", "fail");
    InstanceRecord failed = await(failedParent);
    assertThat(failed.output()).contains("child failed").contains("permanent");
    InstanceRecord child = client.getInstance(failedParent + ":0000").orElseThrow();
    assertThat(child.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(child.parentInstanceId()).isEqualTo(failedParent);
  }

  @Test
  void subOrchestration_idOfARunningInstance_failsTheTaskInsteadOfWaitingForever() throws Exception {
    String busy = client.startNew(Approval.NAME, null, StartOptions.withInstanceId("busy-child"));
    awaitStatus(busy, OrchestrationRuntimeStatus.RUNNING);
    InstanceRecord parent = await(client.startNew("ParentOfNamedChild", "busy-child"));
    assertThat(parent.output()).contains("child refused", "busy-child", "already exists");
    assertThat(client.getInstance(busy).orElseThrow().name()).isEqualTo(Approval.NAME);
  }

  @Test
  void continueAsNew_loopsWithFreshHistory() throws Exception {
    String id = client.startNew("CountTo", new int[] {0, 5});
    InstanceRecord done = await(id);
    assertThat(done.output()).isEqualTo("5");
    // Only the last execution's history is kept.
    List<HistoryEvent> history = client.getHistory(id);
    assertThat(history).filteredOn(ExecutionStarted.class::isInstance).hasSize(1);
    assertThat(((ExecutionStarted) history.stream().filter(ExecutionStarted.class::isInstance).findFirst().orElseThrow()).input())
        .isEqualTo("[5,5]");
  }

  @Test
  void suspend_holdsEventsUntilResumed() throws Exception {
    String id = client.startNew(Approval.NAME, Map.of("timeoutSeconds", 600));
    awaitStatus(id, OrchestrationRuntimeStatus.RUNNING);
    client.suspend(id, "maintenance");
    awaitStatus(id, OrchestrationRuntimeStatus.SUSPENDED);
    client.raiseEvent(id, "Approval", "yes");
    // The event is recorded but not acted on while suspended.
    awaitHistoryContains(id, "EventRaised");
    assertThat(client.getInstance(id).orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.SUSPENDED);
    client.resume(id, "back");
    InstanceRecord done = await(id);
    assertThat(done.output()).isEqualTo("{\"approved\":true,\"response\":\"yes\"}");
  }

  void awaitHistoryContains(String id, String eventType) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (client.getHistory(id).stream().anyMatch(e -> e.eventType().equals(eventType))) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("history of " + id + " never contained " + eventType);
  }

  @Test
  void terminate_runningInstance_isTerminatedWithReason() throws Exception {
    String id = client.startNew(Approval.NAME, null);
    awaitStatus(id, OrchestrationRuntimeStatus.RUNNING);
    client.terminate(id, "no longer needed");
    InstanceRecord done = await(id);
    assertThat(done.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.TERMINATED);
    assertThat(done.output()).isEqualTo("\"no longer needed\"");
    assertThatThrownBy(() -> client.terminate(id, "again")).isInstanceOf(InvalidInstanceStateException.class);
    assertThatThrownBy(() -> client.raiseEvent(id, "Approval", true)).isInstanceOf(InvalidInstanceStateException.class);
  }

  @Test
  void rewind_failedInstance_rerunsOnlyTheFailedActivity() throws Exception {
    String id = client.startNew("Rewindable", null);
    InstanceRecord failed = await(id);
    assertThat(failed.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(failed.failureDetails().errorMessage()).contains("not fixed yet");
    failRewindable.set(false);
    client.rewind(id, "fixed the bug");
    // Rewind is asynchronous: the instance stays Failed until a worker applies the request.
    awaitHistoryContains(id, "ExecutionRewound");
    InstanceRecord done = await(id);
    assertThat(done.runtimeStatus()).as(done.failureDetails() + " " + client.getHistory(id)).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    assertThat(done.output()).isEqualTo("\"Hello before! / fixed\"");
    assertThat(client.getHistory(id)).filteredOn(e -> e instanceof TaskScheduled ts && ts.name().equals("SayHello")).hasSize(1);
    assertThat(client.getHistory(id)).filteredOn(io.duraflow.history.ExecutionRewound.class::isInstance)
        .as("the history keeps the requester's reason").isNotEmpty()
        .allSatisfy(e -> assertThat(((io.duraflow.history.ExecutionRewound) e).reason()).isEqualTo("fixed the bug"));
    assertThatThrownBy(() -> client.rewind(id, "again")).isInstanceOf(InvalidInstanceStateException.class);
  }

  @Test
  void restart_withNewAndSameId_runsAgainWithSameInput() throws Exception {
    String id = client.startNew("HelloSequence", List.of("X"));
    await(id);
    String other = client.restart(id, true);
    assertThat(other).isNotEqualTo(id);
    assertThat(await(other).output()).isEqualTo("[\"Hello X!\"]");
    assertThat(client.restart(id, false)).isEqualTo(id);
    assertThat(await(id).output()).isEqualTo("[\"Hello X!\"]");
  }

  @Test
  void start_explicitIdInUse_isRejectedUntilFinished() throws Exception {
    client.startNew(Approval.NAME, null, StartOptions.withInstanceId("approval-1"));
    assertThatThrownBy(() -> client.startNew(Approval.NAME, null, StartOptions.withInstanceId("approval-1")))
        .isInstanceOf(InstanceAlreadyExistsException.class).hasMessageContaining("approval-1");
    client.terminate("approval-1", "stop");
    await("approval-1");
    client.startNew("HelloSequence", null, StartOptions.withInstanceId("approval-1"));
    assertThat(await("approval-1").name()).isEqualTo("HelloSequence");
  }

  @Test
  void startAt_future_staysPendingUntilDue() throws Exception {
    Instant at = Instant.now().plusSeconds(2);
    String id = client.startNew("HelloSequence", null, new StartOptions(null, at));
    assertThat(client.getInstance(id).orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.PENDING);
    InstanceRecord done = await(id);
    assertThat(done.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    assertThat(client.getHistory(id).get(0).timestamp()).isAfterOrEqualTo(at);
  }

  @Test
  void purge_removesFinishedInstancesOnly() throws Exception {
    String done1 = client.startNew("HelloSequence", null);
    String done2 = client.startNew("HelloSequence", null);
    await(done1);
    await(done2);
    String running = client.startNew(Approval.NAME, null);
    awaitStatus(running, OrchestrationRuntimeStatus.RUNNING);
    assertThatThrownBy(() -> client.purge(running)).isInstanceOf(InvalidInstanceStateException.class);
    assertThat(client.purge(done1)).isTrue();
    assertThat(client.getInstance(done1)).isEmpty();
    assertThat(client.getHistory(done1)).isEmpty();
    assertThat(client.purge(done1)).isFalse();
    assertThat(client.purge(new PurgeFilter(null, null, Set.of(OrchestrationRuntimeStatus.COMPLETED)))).isEqualTo(1);
    assertThat(client.getInstance(done2)).isEmpty();
    assertThat(client.getInstance(running)).isPresent();
  }

  @Test
  void nonDeterminism_codeChangedWhileRunning_failsWithClearError() throws Exception {
    engine.close();
    engine = newEngine(WorkerOptions.defaults("no-cache").withSessionCacheSize(0)); // force replay every step
    client = engine.client();
    String id = client.startNew("Changing", null);
    awaitHistoryContains(id, "TaskCompleted");
    changedCode.set(true); // "deploy" a different orchestration
    client.raiseEvent(id, "go", "now");
    InstanceRecord failed = await(id);
    assertThat(failed.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(failed.failureDetails().errorType()).isEqualTo(NonDeterministicOrchestrationException.class.getName());
    assertThat(failed.failureDetails().errorMessage()).contains("'SayHello'", "'Square'", id);
  }

  @Test
  void badInput_isRejectedOrFailsTheInstance_andTheWorkerKeepsServing() throws Exception {
    assertThatThrownBy(() -> client.startNew("NoSuchOrchestration", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NoSuchOrchestration");
    assertThatThrownBy(() -> client.startNew("HelloSequence", new Object() {
      @SuppressWarnings("unused")
      public Object getSelf() {
        return this;
      }
    })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serialise");
    assertThatThrownBy(() -> client.raiseEvent("missing", "x", null)).isInstanceOf(InstanceNotFoundException.class);

    InstanceRecord thrown = await(client.startNew("Throws", "\"payload\""));
    assertThat(thrown.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(thrown.failureDetails().errorType()).isEqualTo(IllegalStateException.class.getName());
    assertThat(thrown.failureDetails().errorMessage()).contains("orchestrator bug");

    assertThat(await(client.startNew("HelloSequence", null)).runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
  }

  @Test
  void activityNoRunningWorkerHas_waitsUntilTheGracePeriodThenFailsItsTask() throws Exception {
    engine.close();
    // No grace: a single node that lacks the code fails the call as soon as it sees that no worker has it.
    engine = newEngine(WorkerOptions.defaults(DuraflowEngine.defaultWorkerId()).withMissingCodeGrace(Duration.ZERO));
    client = engine.client();
    InstanceRecord unknownActivity = await(client.startNew("CallsUnknownActivity", null));
    assertThat(unknownActivity.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(unknownActivity.failureDetails().errorMessage()).contains("No running worker has the activity 'NoSuchActivity'");
    assertThat(client.getHistory(unknownActivity.instanceId())).filteredOn(TaskFailed.class::isInstance)
        .singleElement().satisfies(e -> assertThat(((TaskFailed) e).failureDetails().errorType()).isEqualTo("NoWorkerHasCode"));
    assertThat(await(client.startNew("HelloSequence", null)).runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
  }

  @Test
  void orchestrationNoRunningWorkerHas_waitsWithTheDefaultGrace_andIsReportedMissing() throws Exception {
    DurableClient anyName = new StoreDurableClient(store, null, new JacksonDataConverter(), Clock.systemUTC(),
        DuraflowEngine.DEFAULT_TASK_HUB);
    String id = anyName.startNew("NotOnAnyNode", null);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!engine.worker().missingCode().contains("orchestration:NotOnAnyNode")) {
      assertThat(System.nanoTime()).as("reported missing within 30 s").isLessThan(deadline);
      Thread.sleep(50);
    }
    assertThat(client.getInstance(id).orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.PENDING);
    // Ending it needs no code: a terminate request is carried out by a worker that lacks it.
    client.terminate(id, "test over");
    InstanceRecord terminated = await(id);
    assertThat(terminated.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.TERMINATED);
    assertThat(terminated.output()).isEqualTo("\"test over\"");
  }

  @Test
  void orchestrationNoRunningWorkerHas_failsAfterTheGracePeriod_recordingWhatWasAskedFor() throws Exception {
    engine.close();
    engine = newEngine(WorkerOptions.defaults(DuraflowEngine.defaultWorkerId()).withMissingCodeGrace(Duration.ZERO));
    client = engine.client();
    DurableClient anyName = new StoreDurableClient(store, null, new JacksonDataConverter(), Clock.systemUTC(),
        DuraflowEngine.DEFAULT_TASK_HUB);
    String id = anyName.startNew("NotOnAnyNode", "\"in\"");
    InstanceRecord failed = await(id);
    assertThat(failed.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(failed.failureDetails().errorType()).isEqualTo("NoWorkerHasCode");
    assertThat(failed.failureDetails().errorMessage()).contains("orchestration 'NotOnAnyNode'");
    assertThat(client.getHistory(id)).anySatisfy(e -> assertThat(e).isInstanceOf(ExecutionStarted.class));
  }

  @Test
  void taskHubs_areIndependent() throws Exception {
    DurableClient other = client.forTaskHub("OtherHub");
    client.startNew("HelloSequence", List.of("one"), StartOptions.withInstanceId("same-id"));
    other.startNew("HelloSequence", List.of("two"), StartOptions.withInstanceId("same-id"));
    assertThat(await("same-id").output()).isEqualTo("[\"Hello one!\"]");
    assertThat(other.waitForCompletion("same-id", WAIT).output()).isEqualTo("[\"Hello two!\"]");
    assertThat(client.purge("same-id")).isTrue();
    assertThat(other.getInstance("same-id")).isPresent();
  }
}
