package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskRegistry;
import io.duraflow.client.DurableClient;
import io.duraflow.client.StoreDurableClient;
import io.duraflow.history.ExecutionCompleted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.json.JacksonDataConverter;
import io.duraflow.samples.Samples;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.NewInstance;
import io.duraflow.store.OrchestrationStepCommit;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.store.StepCommitResult;
import io.duraflow.store.testing.ForwardingOrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import io.duraflow.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast path's failure modes and its promise, on a real SQLite store: what a step writes is counted at
 * the store boundary (a forwarding store), so the assertions are about calls made, not about timing.
 */
class FastPathTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Map<String, AtomicInteger> slowStepRuns = new ConcurrentHashMap<>();
  static final AtomicBoolean releaseRunaway = new AtomicBoolean();
  static volatile CountDownLatch activityGate = new CountDownLatch(0);
  static final AtomicInteger gatedActivitiesStarted = new AtomicInteger();

  @TempDir Path dir;
  OrchestrationStore real;
  CountingStore store;

  /** Counts the store calls a worker makes (counted as they start: none fails in these tests). */
  static final class CountingStore extends ForwardingOrchestrationStore {
    final AtomicInteger eagerStarts = new AtomicInteger();
    final AtomicInteger commits = new AtomicInteger();
    final AtomicInteger claimedSteps = new AtomicInteger();
    final AtomicInteger completedThroughInbox = new AtomicInteger();

    CountingStore(OrchestrationStore delegate) {
      super(delegate);
    }

    @Override
    public StepCommitResult createInstance(NewInstance request, OrchestrationStepCommit firstStep) {
      eagerStarts.incrementAndGet(); // before: the store tells waiters of a completion inside the call
      return super.createInstance(request, firstStep);
    }

    volatile java.util.function.Consumer<OrchestrationStepCommit> beforeCommit = c -> { };

    @Override
    public StepCommitResult commit(OrchestrationStepCommit commit) {
      commits.incrementAndGet();
      beforeCommit.accept(commit);
      return super.commit(commit);
    }

    @Override
    public List<OrchestrationWorkItem> claimOrchestrationWorkItems(String owner, int max, Duration lease,
        java.util.Set<String> names) {
      List<OrchestrationWorkItem> items = super.claimOrchestrationWorkItems(owner, max, lease, names);
      claimedSteps.addAndGet(items.size());
      return items;
    }

    @Override
    public void completeActivity(ActivityWorkItem item, HistoryEvent result) {
      completedThroughInbox.incrementAndGet();
      super.completeActivity(item, result);
    }
  }

  static final java.util.concurrent.atomic.AtomicReference<Thread> secondActivityThread = new java.util.concurrent.atomic.AtomicReference<>();
  static volatile CountDownLatch secondGate = new CountDownLatch(0);

  static TaskRegistry registry() {
    return Samples.register(TaskRegistry.builder())
        .addOrchestration("PairThenTimer", ctx -> {
          io.duraflow.api.Task<String> quick = ctx.callActivity("Quick", null, String.class);
          io.duraflow.api.Task<String> second = ctx.callActivity("Second", null, String.class);
          quick.await();
          ctx.createTimer(Duration.ofMillis(20)).await(); // a timer: the step after Quick gives the hold up
          return quick.await() + "+" + second.await();
        })
        .addActivity("Quick", ctx -> "quick")
        .addActivity("Second", ctx -> {
          secondActivityThread.set(Thread.currentThread());
          secondGate.await(60, TimeUnit.SECONDS);
          return "second";
        })
        .addOrchestration("SlowStep", ctx -> {
          if (!ctx.isReplaying()) {
            slowStepRuns.computeIfAbsent(ctx.getInstanceId(), k -> new AtomicInteger()).incrementAndGet();
          }
          long until = System.nanoTime() + Duration.ofMillis(2500).toNanos(); // longer than the lease, within the deadline
          while (System.nanoTime() < until) {
            Thread.onSpinWait();
          }
          return "slow but done";
        })
        .addOrchestration("Runaway", ctx -> {
          while (!releaseRunaway.get()) {
            Thread.onSpinWait(); // never yields: only the step deadline gets the worker out
          }
          return "released";
        })
        .addOrchestration("Gated", ctx -> ctx.callActivity("WaitAtGate", null, String.class).await())
        .addActivity("WaitAtGate", ctx -> {
          gatedActivitiesStarted.incrementAndGet();
          activityGate.await(60, TimeUnit.SECONDS);
          return "through";
        })
        .build();
  }

  @BeforeEach
  void open() {
    real = TestDatabases.sqlite(dir, Clock.systemUTC());
    store = new CountingStore(real);
    slowStepRuns.clear();
    releaseRunaway.set(false);
    gatedActivitiesStarted.set(0);
  }

  @AfterEach
  void close() {
    releaseRunaway.set(true);
    activityGate.countDown();
    real.close();
  }

  DuraflowEngine engine(WorkerOptions options) {
    return DuraflowEngine.builder().store(store).registry(registry()).workerOptions(options).build().start();
  }

  static WorkerOptions options(String id) {
    return WorkerOptions.defaults(id).withMaxPollInterval(Duration.ofMillis(50));
  }

  @Test
  void helloSequence_onTheFastPath_isOneEagerStartAndOneCommitPerActivity() throws Exception {
    try (DuraflowEngine engine = engine(options("fast"))) {
      String id = engine.client().startNew("HelloSequence", null);
      InstanceRecord done = engine.client().waitForCompletion(id, WAIT);

      assertThat(done.output()).isEqualTo("[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\"]");
      assertThat(store.eagerStarts).hasValue(1);
      assertThat(store.commits).as("one per activity result, each with the next step").hasValue(3);
      assertThat(store.claimedSteps).as("no claim; inbox completions: " + store.completedThroughInbox).hasValue(0);
      assertThat(store.completedThroughInbox).as("no inbox round trip").hasValue(0);
      HistoryInvariants.check(engine.client());
    }
  }

  @Test
  void helloSequence_withTheFastPathOff_goesThroughInboxAndClaims() throws Exception {
    try (DuraflowEngine engine = engine(options("slow").withFastPath(false))) {
      String id = engine.client().startNew("HelloSequence", null);
      InstanceRecord done = engine.client().waitForCompletion(id, WAIT);

      assertThat(done.output()).isEqualTo("[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\"]");
      assertThat(store.eagerStarts).hasValue(0);
      assertThat(store.claimedSteps).hasValue(4);
      assertThat(store.completedThroughInbox).hasValue(3);
    }
  }

  @Test
  void slowStep_keepsItsLease_soNoOtherWorkerRunsItToo() throws Exception {
    WorkerOptions shortLease = options("a").withLeases(Duration.ofMillis(900), Duration.ofSeconds(5));
    DurableClient starter = new StoreDurableClient(store, null, new JacksonDataConverter(), Clock.systemUTC(),
        DuraflowEngine.DEFAULT_TASK_HUB);
    try (DuraflowEngine a = engine(shortLease); DuraflowEngine b = engine(shortLease.withFastPath(true)
        .withLeases(Duration.ofMillis(900), Duration.ofSeconds(5)))) {
      String id = starter.startNew("SlowStep", null);
      InstanceRecord done = starter.waitForCompletion(id, WAIT);

      assertThat(done.output()).isEqualTo("\"slow but done\"");
      assertThat(slowStepRuns.get(id)).as("the step ran on one worker only").hasValue(1);
      assertThat(starter.getHistory(id)).filteredOn(ExecutionCompleted.class::isInstance).hasSize(1);
    }
  }

  @Test
  void runawayStep_hitsItsDeadline_instanceFailsAndTheWorkerKeepsServing() throws Exception {
    try (DuraflowEngine engine = engine(options("deadline").withStepDeadline(Duration.ofMillis(500)))) {
      String runaway = engine.client().startNew("Runaway", null);
      InstanceRecord failed = engine.client().waitForCompletion(runaway, WAIT);

      assertThat(failed.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
      assertThat(failed.failureDetails().errorMessage()).contains("'" + runaway + "'", "did not finish within 500 ms",
          "activity");
      InstanceRecord healthy = engine.client().waitForCompletion(engine.client().startNew("HelloSequence", null), WAIT);
      assertThat(healthy.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    }
  }

  @Test
  void terminateWhileHeld_isAppliedWithoutWaitingForTheRunningActivity() throws Exception {
    activityGate = new CountDownLatch(1);
    try (DuraflowEngine engine = engine(options("held"))) {
      String id = engine.client().startNew("Gated", null);
      awaitTrue(() -> gatedActivitiesStarted.get() == 1 && engine.worker().heldInstances() == 1);

      engine.client().terminate(id, "operator");
      InstanceRecord terminated = engine.client().waitForCompletion(id, WAIT);

      assertThat(terminated.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.TERMINATED);
      assertThat(activityGate.getCount()).as("the activity is still running").isEqualTo(1);
      activityGate.countDown();
      awaitTrue(() -> engine.worker().heldInstances() == 0);
      assertThat(engine.client().getInstance(id).orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.TERMINATED);
    }
  }

  @Test
  void resultArrivingWhileAHoldEndingStepRuns_goesThroughTheStoreAndIsNotLost() throws Exception {
    secondGate = new CountDownLatch(1);
    secondActivityThread.set(null);
    AtomicBoolean first = new AtomicBoolean(true);
    store.beforeCommit = c -> {
      boolean quickDone = c.completedActivities().stream().anyMatch(a -> a.name().equals("Quick"));
      if (quickDone && first.getAndSet(false)) {
        // The step after Quick is committing: let Second finish now, and wait until its thread has handed
        // the result over (it is idle again in the pool) before this commit ends the hold.
        secondGate.countDown();
        try {
          awaitTrue(() -> {
            Thread t = secondActivityThread.get();
            return t != null && (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
          });
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    try (DuraflowEngine engine = engine(options("pair"))) {
      String id = engine.client().startNew("PairThenTimer", null);
      // Well within the 60 s activity lease after which a lost result would come back by a re-run.
      InstanceRecord done = engine.client().waitForCompletion(id, Duration.ofSeconds(20));

      assertThat(done.output()).isEqualTo("\"quick+second\"");
      assertThat(first.get()).as("the interleaving under test happened").isFalse();
      assertThat(store.completedThroughInbox).as("Second's result went through the store").hasValue(1);
      HistoryInvariants.check(engine.client());
    }
  }

  static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within " + WAIT);
      }
      Thread.sleep(10);
    }
  }
}
