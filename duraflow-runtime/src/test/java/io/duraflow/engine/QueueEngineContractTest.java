package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duraflow.api.InstanceAlreadyExistsException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.Task;
import io.duraflow.api.ActivityOptions;
import io.duraflow.api.SubOrchestrationOptions;
import io.duraflow.api.TaskRegistry;
import io.duraflow.client.DurableClient;
import io.duraflow.client.StartOptions;
import io.duraflow.history.TaskScheduled;
import io.duraflow.store.IdReusePolicy;
import io.duraflow.store.InstanceQuery;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.MutableClock;
import io.duraflow.worker.QueueOptions;
import io.duraflow.worker.WorkerOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Task queues, id reuse and tags through whole engines: several engines (nodes) with their own store
 * connections on one database. Limits are checked against what the activities themselves saw (how many
 * ran at once), never against timings.
 */
abstract class QueueEngineContractTest {
  static final Duration WAIT = Duration.ofSeconds(90);

  private final List<AutoCloseable> open = new ArrayList<>();
  private OrchestrationStore first;

  /** A new, empty database's store (the first node's). */
  protected abstract OrchestrationStore newStore(Clock clock);

  /** Another store over the database of {@code first} (another node's connections). */
  protected abstract OrchestrationStore sameDatabase(OrchestrationStore first, Clock clock);

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** Starts {@code n} engines on one database, each with {@code registry.get(i)} and {@code queues}. */
  private List<DuraflowEngine> engines(int n, Clock storeClock, java.util.function.IntFunction<TaskRegistry> registry,
      QueueOptions... queues) {
    List<DuraflowEngine> engines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      OrchestrationStore store = i == 0 ? newStore(storeClock) : sameDatabase(first, storeClock);
      if (i == 0) {
        first = store;
      }
      open.add(store);
      DuraflowEngine.Builder b = DuraflowEngine.builder().store(store).registry(registry.apply(i))
          .workerOptions(WorkerOptions.defaults("node" + i).withActivityConcurrency(4)
              .withMaxPollInterval(Duration.ofMillis(200))
              // Longer than the rate test moves its store clock, so that no lease lapses and no work runs twice.
              .withLeases(Duration.ofMinutes(10), Duration.ofMinutes(10)));
      for (QueueOptions q : queues) {
        b.queue(q);
      }
      DuraflowEngine engine = b.build().start();
      open.add(engine);
      engines.add(engine);
    }
    return engines;
  }

  /** How many activities run at once, and the most ever seen. */
  static final class Overlap {
    final AtomicInteger now = new AtomicInteger();
    final AtomicInteger max = new AtomicInteger();
    final AtomicInteger ran = new AtomicInteger();

    int run(int input) throws InterruptedException {
      max.accumulateAndGet(now.incrementAndGet(), Math::max);
      try {
        Thread.sleep(20); // some work, so that overlaps can happen at all; nothing is asserted on time
        return input;
      } finally {
        now.decrementAndGet();
        ran.incrementAndGet();
      }
    }
  }

  private static TaskRegistry fanOut(String queue, Overlap overlap) {
    return TaskRegistry.builder()
        .addOrchestration("QueuedFanOut", ctx -> {
          int n = ctx.getInput(Integer.class);
          List<Task<Integer>> tasks = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            tasks.add(ctx.callActivity("Work", i, ActivityOptions.builder().queue(queue).build(), Integer.class));
          }
          return ctx.allOf(tasks).await().size();
        })
        .addActivity("Work", ctx -> overlap.run(ctx.getInput(Integer.class)))
        .build();
  }

  private static void awaitCompleted(DurableClient client, List<String> ids) throws Exception {
    for (String id : ids) {
      InstanceRecord r = client.waitForCompletion(id, WAIT);
      assertThat(r.runtimeStatus()).as("instance %s: %s", id, r.failureDetails()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void globalConcurrency_threeEngines_neverMoreThanTheLimitAtOnce() throws Exception {
    Overlap overlap = new Overlap();
    List<DuraflowEngine> engines = engines(3, Clock.systemUTC(), i -> fanOut("limited", overlap),
        QueueOptions.named("limited").withConcurrency(2));
    DurableClient client = engines.get(0).client();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(engines.get(i % 3).client().startNew("QueuedFanOut", 6));
    }
    awaitCompleted(client, ids);
    assertThat(overlap.ran.get()).as("every activity ran").isGreaterThanOrEqualTo(24);
    assertThat(overlap.max.get()).as("running at once across 3 engines").isBetween(1, 2);
  }

  @Test
  void workerConcurrency_perEngine_heldOnEachWhileOthersRunToo() throws Exception {
    Overlap[] perEngine = {new Overlap(), new Overlap()};
    List<DuraflowEngine> engines = engines(2, Clock.systemUTC(), i -> fanOut("per-node", perEngine[i]),
        QueueOptions.named("per-node").withWorkerConcurrency(1));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(engines.get(i % 2).client().startNew("QueuedFanOut", 5));
    }
    awaitCompleted(engines.get(0).client(), ids);
    assertThat(perEngine[0].ran.get() + perEngine[1].ran.get()).isGreaterThanOrEqualTo(20);
    assertThat(perEngine[0].max.get()).as("on engine 0").isLessThanOrEqualTo(1);
    assertThat(perEngine[1].max.get()).as("on engine 1").isLessThanOrEqualTo(1);
  }

  @Test
  void rateLimit_twoEngines_atMostNPerPeriodThenTheRestWhenTimeMoves() throws Exception {
    // The store's clock stands still unless the test moves it: within one period no more than 3 may start.
    MutableClock storeClock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    Overlap overlap = new Overlap();
    List<DuraflowEngine> engines = engines(2, storeClock, i -> fanOut("rated", overlap),
        QueueOptions.named("rated").withRateLimit(3, Duration.ofMinutes(1)));
    String id = engines.get(1).client().startNew("QueuedFanOut", 7);
    for (int period = 1; period <= 3; period++) {
      int expected = Math.min(7, 3 * period);
      await(expected + " activities", () -> overlap.ran.get() >= expected);
      assertThat(overlap.ran.get()).as("started within period %s", period).isEqualTo(expected);
      storeClock.advance(Duration.ofMinutes(1));
    }
    awaitCompleted(engines.get(0).client(), List.of(id));
    assertThat(overlap.ran.get()).isEqualTo(7);
  }

  @Test
  void priorities_queueOfOne_higherPriorityRunsFirst() throws Exception {
    CountDownLatch blockerRunning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> order = new CopyOnWriteArrayList<>();
    TaskRegistry registry = TaskRegistry.builder()
        .addOrchestration("Blocker", ctx -> ctx.callActivity("Block", null, ActivityOptions.builder().queue("one").build(), String.class).await())
        .addActivity("Block", ctx -> {
          blockerRunning.countDown();
          return release.await(60, TimeUnit.SECONDS) ? "released" : "timed out";
        })
        .addOrchestration("Prioritized", ctx -> {
          int p = ctx.getInput(Integer.class);
          return ctx.callActivity("Record", p, ActivityOptions.builder().queue("one").priority(p).build(), Integer.class).await();
        })
        .addActivity("Record", ctx -> {
          order.add(ctx.getInput(Integer.class));
          return 0;
        })
        .build();
    DuraflowEngine engine = engines(1, Clock.systemUTC(), i -> registry, QueueOptions.named("one").withConcurrency(1)).get(0);
    DurableClient client = engine.client();
    List<String> ids = new ArrayList<>(List.of(client.startNew("Blocker", null)));
    assertThat(blockerRunning.await(60, TimeUnit.SECONDS)).isTrue();
    for (int p : new int[] {1, 9, 1, 9, 5, 1, 9}) {
      ids.add(client.startNew("Prioritized", p));
    }
    for (String id : ids.subList(1, ids.size())) { // queued behind the blocker before it is released
      await("activity of " + id + " scheduled",
          () -> client.getHistory(id).stream().anyMatch(e -> e instanceof TaskScheduled));
    }
    release.countDown();
    awaitCompleted(client, ids);
    assertThat(order).containsExactly(9, 9, 9, 5, 1, 1, 1);
  }

  // ------------------------------------------------------------------ instances in queues

  @Test
  void instanceQueue_startsAndChildren_atMostTheLimitOfInstancesAtOnce() throws Exception {
    Overlap overlap = new Overlap();
    TaskRegistry registry = TaskRegistry.builder()
        .addOrchestration("OneStep", ctx -> ctx.callActivity("Work", ctx.getInput(Integer.class), Integer.class).await())
        .addActivity("Work", ctx -> overlap.run(ctx.getInput(Integer.class)))
        .addOrchestration("Parent", ctx -> {
          List<Task<Integer>> children = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            children.add(ctx.callSubOrchestrator("OneStep", i, null, SubOrchestrationOptions.ofQueue("instances").withPriority(i),
                Integer.class));
          }
          return ctx.allOf(children).await().size();
        })
        .build();
    List<DuraflowEngine> engines = engines(3, Clock.systemUTC(), i -> registry,
        QueueOptions.named("instances").withConcurrency(2));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ids.add(engines.get(i % 3).client().startNew("OneStep", i, new StartOptions(null, null).withQueue("instances")));
    }
    ids.add(engines.get(0).client().startNew("Parent", null)); // not queued itself: its children are
    awaitCompleted(engines.get(1).client(), ids);
    assertThat(overlap.ran.get()).isEqualTo(12);
    assertThat(overlap.max.get()).as("instances of the queue at once (each runs one activity)").isBetween(1, 2);
  }

  @Test
  void queues_withVersionsTimeoutsAndTags_together() throws Exception {
    Overlap overlap = new Overlap();
    ActivityOptions queuedAndTimed = ActivityOptions.builder().queue("one").priority(3)
        .startToClose(Duration.ofMinutes(5)).build();
    TaskRegistry registry = TaskRegistry.builder()
        .addOrchestration("Versioned", "1", ctx -> -1)
        .addOrchestration("Versioned", "2", ctx -> ctx.callActivity("Work", ctx.getInput(Integer.class), queuedAndTimed,
            Integer.class).await())
        .addActivity("Work", ctx -> overlap.run(ctx.getInput(Integer.class)))
        .addOrchestration("Parent", ctx -> {
          List<Task<Integer>> children = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            children.add(ctx.callSubOrchestrator("Versioned", i, null,
                SubOrchestrationOptions.ofVersion("2").withQueue("instances"), Integer.class));
          }
          return ctx.allOf(children).await().stream().mapToInt(Integer::intValue).sum();
        })
        .build();
    List<DuraflowEngine> engines = engines(2, Clock.systemUTC(), i -> registry,
        QueueOptions.named("one").withConcurrency(1), QueueOptions.named("instances").withConcurrency(2));
    DurableClient client = engines.get(0).client();
    String started = client.startNew("Versioned", 7, new StartOptions(null, null).withVersion("2")
        .withQueue("instances").withTags(Map.of("customer", "acme")));
    String older = client.startNew("Versioned", 8, new StartOptions(null, null).withVersion("1")
        .withTags(Map.of("customer", "acme")));
    String parent = client.startNew("Parent", null);
    awaitCompleted(engines.get(1).client(), List.of(started, older, parent));

    assertThat(output(client, started)).as("version 2 ran its queued, timed activity").isEqualTo("7");
    assertThat(output(client, older)).isEqualTo("-1");
    assertThat(output(client, parent)).isEqualTo(String.valueOf(0 + 1 + 2));
    assertThat(overlap.ran.get()).isEqualTo(4);
    assertThat(overlap.max.get()).as("activities of queue 'one' at once").isEqualTo(1);
    InstanceQuery acme = new InstanceQuery(null, null, null, null, 100, null, "Versioned").withTags(Map.of("customer", "acme"));
    assertThat(ids(client, acme)).containsExactlyInAnyOrder(started, older);
    assertThat(ids(client, acme.withVersion("2"))).as("tag and version filters together").containsExactly(started);
    assertThat(ids(client, acme.withVersion("3"))).isEmpty();
    assertThat(client.countInstances(new InstanceQuery(null, null, null, null, 1, null, "Versioned").withVersion("2")))
        .as("the started one and the parent's three children").containsEntry(OrchestrationRuntimeStatus.COMPLETED, 4L);
  }

  // ------------------------------------------------------------------ id reuse

  private static TaskRegistry waiting() {
    return TaskRegistry.builder()
        .addOrchestration("WaitForGo", ctx -> {
          ctx.waitForExternalEvent("go", String.class).await();
          return ctx.getInput(String.class);
        })
        .build();
  }

  private static String output(DurableClient client, String id) throws Exception {
    InstanceRecord r = client.waitForCompletion(id, WAIT);
    assertThat(r.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    return r.output();
  }

  @Test
  void idReuse_eachPolicy() throws Exception {
    DurableClient client = engines(1, Clock.systemUTC(), i -> waiting()).get(0).client();
    StartOptions x = StartOptions.withInstanceId("x");
    client.startNew("WaitForGo", "first", x);

    assertThatThrownBy(() -> client.startNew("WaitForGo", "again", x))
        .as("default: fail if running").isInstanceOf(InstanceAlreadyExistsException.class);
    assertThat(client.startNew("WaitForGo", "kept?", x.withIdReuse(IdReusePolicy.USE_EXISTING))).isEqualTo("x");
    client.raiseEvent("x", "go", null);
    assertThat(output(client, "x")).as("the existing one ran on").isEqualTo("\"first\"");

    assertThatThrownBy(() -> client.startNew("WaitForGo", "no", x.withReuseCompleted(false)))
        .isInstanceOf(InstanceAlreadyExistsException.class).hasMessageContaining("denies reuse");
    assertThat(client.startNew("WaitForGo", "no", x.withReuseCompleted(false).withIdReuse(IdReusePolicy.USE_EXISTING)))
        .isEqualTo("x");
    assertThat(client.getInstance("x").orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);

    client.startNew("WaitForGo", "second", x); // a finished id is reused by default, as before
    await("second run waiting", () -> client.getInstance("x").orElseThrow().runtimeStatus() == OrchestrationRuntimeStatus.RUNNING);
    client.startNew("WaitForGo", "third", x.withIdReuse(IdReusePolicy.TERMINATE_IF_RUNNING));
    await("third run waiting", () -> "\"third\"".equals(client.getInstance("x").orElseThrow().input())
        && client.getInstance("x").orElseThrow().runtimeStatus() == OrchestrationRuntimeStatus.RUNNING);
    client.raiseEvent("x", "go", null);
    assertThat(output(client, "x")).as("the replacement ran").isEqualTo("\"third\"");
  }

  // ------------------------------------------------------------------ tags

  @Test
  void tags_atStartAndFromCode_foundByTheListFilter() throws Exception {
    TaskRegistry registry = TaskRegistry.builder()
        .addOrchestration("Tagged", ctx -> {
          ctx.setTags(Map.of("stage", "started"));
          String v = ctx.callActivity("Echo", ctx.getInput(String.class), String.class).await();
          ctx.setTags(Map.of("stage", "done", "echo", v));
          return v;
        })
        .addActivity("Echo", ctx -> ctx.getInput(String.class))
        .build();
    DurableClient client = engines(1, Clock.systemUTC(), i -> registry).get(0).client();
    String a = client.startNew("Tagged", "hello", new StartOptions(null, null).withTags(Map.of("customer", "acme")));
    String b = client.startNew("Tagged", "world", new StartOptions(null, null).withTags(Map.of("customer", "globex")));
    awaitCompleted(client, List.of(a, b));

    assertThat(ids(client, Map.of("customer", "acme"))).containsExactly(a);
    assertThat(ids(client, Map.of("stage", "done"))).containsExactlyInAnyOrder(a, b);
    assertThat(ids(client, Map.of("stage", "done", "echo", "world"))).containsExactly(b);
    assertThat(ids(client, Map.of("stage", "started"))).isEmpty();
    assertThat(client.getTags(a)).isEqualTo(Map.of("customer", "acme", "stage", "done", "echo", "hello"));
    assertThat(client.countInstances(new InstanceQuery(null, null, null, null, 1, null).withTags(Map.of("echo", "world"))))
        .containsEntry(OrchestrationRuntimeStatus.COMPLETED, 1L);
  }

  private static List<String> ids(DurableClient client, Map<String, String> tags) {
    return ids(client, new InstanceQuery(null, null, null, null, 100, null).withTags(tags));
  }

  private static List<String> ids(DurableClient client, InstanceQuery query) {
    return client.queryInstances(query).instances().stream().map(InstanceRecord::instanceId).toList();
  }
}
