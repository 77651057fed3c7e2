package io.duraflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duraflow.api.InstanceAlreadyExistsException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.ExecutionCompleted;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskScheduled;
import io.duraflow.store.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Task queues (limits, priorities), id reuse policies and instance tags on every backend. Several stores
 * over one database stand for several nodes: the limits must hold across them, since the store enforces
 * them in the claim. Time comes from a {@link MutableClock}, so rate windows are exact, not timing-bound.
 */
public abstract class QueueContractTest {
  private static final String HUB = "hub";
  private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);

  protected MutableClock clock;
  protected OrchestrationStore store;
  private final List<OrchestrationStore> others = new ArrayList<>();

  /** A new, empty store whose timestamps come from {@code clock}. */
  protected abstract OrchestrationStore newStore(Clock clock);

  /** Another store over the database of {@link #store} (another node). */
  protected abstract OrchestrationStore openSameDatabase(Clock clock);

  @BeforeEach
  void open() {
    clock = new MutableClock(T0);
    store = newStore(clock);
  }

  @AfterEach
  void close() {
    others.forEach(OrchestrationStore::close);
    store.close();
  }

  private OrchestrationStore node() {
    OrchestrationStore s = openSameDatabase(clock);
    others.add(s);
    return s;
  }

  // ------------------------------------------------------------------ queues

  @Test
  void claim_globalConcurrency_heldAcrossNodes() {
    store.defineQueue(new QueueDefinition("q", 2, null, null));
    schedule("a", "q", 0, 5);
    OrchestrationStore other = node();

    List<ActivityWorkItem> first = store.claimActivityWorkItems("n1", 10, LEASE, null, Map.of());
    List<ActivityWorkItem> second = other.claimActivityWorkItems("n2", 10, LEASE, null, Map.of());

    assertThat(first).hasSize(2).allMatch(i -> "q".equals(i.queue()));
    assertThat(second).as("the queue is full for every node").isEmpty();

    store.completeActivity(first.get(0), new TaskCompleted(clock.instant(), first.get(0).taskId(), null));
    assertThat(other.claimActivityWorkItems("n2", 10, LEASE, null, Map.of())).as("one slot freed").hasSize(1);
    assertThat(store.claimActivityWorkItems("n1", 10, LEASE, null, Map.of())).isEmpty();

    clock.advance(LEASE.plusMillis(1)); // every lease expired: the node that held them is gone
    assertThat(other.claimActivityWorkItems("n2", 10, LEASE, null, Map.of())).hasSize(2);
  }

  @Test
  void claim_concurrentClaimsOnSeveralNodes_neverExceedTheLimit() throws Exception {
    store.defineQueue(new QueueDefinition("q", 3, null, null));
    schedule("a", "q", 0, 40);
    List<OrchestrationStore> nodes = List.of(store, node(), node(), node());
    Set<Long> leased = ConcurrentHashMap.newKeySet();
    AtomicInteger maxLeased = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int n = 0; n < nodes.size(); n++) {
        OrchestrationStore s = nodes.get(n);
        String owner = "n" + n;
        runs.add(pool.submit(() -> {
          go.await();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (done.get() < 40 && System.nanoTime() < deadline) {
            List<ActivityWorkItem> claimed = s.claimActivityWorkItems(owner, 5, LEASE, null, Map.of());
            claimed.forEach(item -> assertThat(leased.add(item.id())).as("item %s leased twice", item.id()).isTrue());
            maxLeased.accumulateAndGet(leased.size(), Math::max);
            for (ActivityWorkItem item : claimed) {
              leased.remove(item.id()); // before completing: once completed, another claim may take its slot
              s.completeActivity(item, new TaskCompleted(clock.instant(), item.taskId(), null));
              done.incrementAndGet();
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> run : runs) {
        run.get(90, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(done.get()).as("all work ran").isEqualTo(40);
    assertThat(maxLeased.get()).as("leased at once across nodes").isBetween(1, 3);
  }

  @Test
  void claim_rateLimit_atMostNInAnyPeriodAcrossNodes() {
    store.defineQueue(new QueueDefinition("q", null, 3, Duration.ofSeconds(10)));
    schedule("a", "q", 0, 8);
    OrchestrationStore other = node();

    assertThat(claimAndComplete(store, 2)).hasSize(2);
    clock.advance(Duration.ofSeconds(4));
    assertThat(claimAndComplete(other, 10)).as("one left in the window").hasSize(1);
    assertThat(claimAndComplete(store, 10)).isEmpty();
    clock.advance(Duration.ofSeconds(6)); // T0 + 10s: the first two left the window, the third did not
    assertThat(claimAndComplete(other, 10)).hasSize(2);
    clock.advance(Duration.ofSeconds(4)); // T0 + 14s: the third left it
    assertThat(claimAndComplete(store, 10)).hasSize(1);
    clock.advance(Duration.ofSeconds(10));
    assertThat(claimAndComplete(other, 10)).as("the rest").hasSize(2);
  }

  @Test
  void claim_nodeRoom_boundsThisCallerOnly() {
    store.defineQueue(new QueueDefinition("q", null, null, null));
    schedule("a", "q", 0, 4);

    assertThat(store.claimActivityWorkItems("n1", 10, LEASE, null, Map.of("q", 1))).hasSize(1);
    assertThat(store.claimActivityWorkItems("n1", 10, LEASE, null, Map.of("q", 0))).isEmpty();
    assertThat(node().claimActivityWorkItems("n2", 10, LEASE, null, Map.of())).hasSize(3);
  }

  @Test
  void claim_priorities_higherFirstWithinAQueue() {
    store.defineQueue(new QueueDefinition("q", 1, null, null));
    create("a");
    OrchestrationWorkItem item = store.claimOrchestrationWorkItems("w", 1, LEASE).get(0);
    int[] priorities = {1, 5, 3, 5, 0};
    List<NewActivity> activities = new ArrayList<>();
    for (int i = 0; i < priorities.length; i++) {
      activities.add(new NewActivity(i, "A", null, null, "q", priorities[i]));
    }
    commitScheduling(item, activities);

    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < priorities.length; i++) {
      List<ActivityWorkItem> one = store.claimActivityWorkItems("w", 5, LEASE, null, Map.of());
      assertThat(one).hasSize(1);
      order.add(priorities[one.get(0).taskId()]);
      store.completeActivity(one.get(0), new TaskCompleted(clock.instant(), one.get(0).taskId(), null));
    }
    assertThat(order).isSortedAccordingTo(java.util.Comparator.reverseOrder()).hasSize(priorities.length);
  }

  @Test
  void claim_defaultAndUndefinedQueues_unlimited() {
    store.defineQueue(new QueueDefinition("q", 1, null, null));
    create("a");
    OrchestrationWorkItem item = store.claimOrchestrationWorkItems("w", 1, LEASE).get(0);
    commitScheduling(item, List.of(new NewActivity(0, "A", null), new NewActivity(1, "A", null),
        new NewActivity(2, "A", null, null, "nobody-defined-this", 0), new NewActivity(3, "A", null, null, "q", 0),
        new NewActivity(4, "A", null, null, "q", 0)));

    List<ActivityWorkItem> claimed = store.claimActivityWorkItems("w", 10, LEASE);
    assertThat(claimed).extracting(ActivityWorkItem::taskId).containsExactlyInAnyOrder(0, 1, 2, 3);
  }

  @Test
  void defineQueue_again_replacesTheLimits() {
    store.defineQueue(new QueueDefinition("q", 1, null, null));
    schedule("a", "q", 0, 3);
    assertThat(store.claimActivityWorkItems("w", 10, LEASE, null, Map.of())).hasSize(1);
    node().defineQueue(new QueueDefinition("q", 3, null, null));
    assertThat(store.claimActivityWorkItems("w", 10, LEASE, null, Map.of())).hasSize(2);
  }

  // ------------------------------------------------------------------ instances in queues

  private void createQueued(String id, String queue, int priority) {
    store.createInstance(new NewInstance(HUB, id, started(id, "e-" + id), null, true, null, queue, priority));
  }

  private List<String> claimIds(OrchestrationStore s, int max) {
    return s.claimOrchestrationWorkItems("n", max, LEASE).stream().map(OrchestrationWorkItem::instanceId).toList();
  }

  @Test
  void admit_instanceConcurrency_countsFromFirstClaimUntilFinished() {
    store.defineQueue(new QueueDefinition("iq", 1, null, null));
    createQueued("a", "iq", 0);
    createQueued("b", "iq", 0);
    create("plain");
    OrchestrationStore other = node();

    assertThat(claimIds(store, 10)).containsExactlyInAnyOrder("a", "plain");
    assertThat(claimIds(other, 10)).as("a holds the only slot while its first step is leased").isEmpty();
    OrchestrationWorkItem a = null;
    clock.advance(LEASE.plusMillis(1)); // the lease lapses: a is claimable again, b still waits behind it
    List<OrchestrationWorkItem> again = other.claimOrchestrationWorkItems("n2", 10, LEASE);
    assertThat(again).extracting(OrchestrationWorkItem::instanceId).containsExactlyInAnyOrder("a", "plain");
    a = again.stream().filter(i -> i.instanceId().equals("a")).findFirst().orElseThrow();
    List<HistoryEvent> history = List.of(new OrchestratorStarted(clock.instant()), a.messages().get(0).event());
    other.commit(new OrchestrationStepCommit(a, false, history, new InstanceUpdate(OrchestrationRuntimeStatus.RUNNING,
        "Flow", "e-a", null, null, null, null), List.of(), List.of(), List.of()));
    assertThat(claimIds(store, 10)).as("a runs, so b still waits").isEmpty();

    store.sendMessage(HUB, "a", new io.duraflow.history.ExecutionTerminated(clock.instant(), "done"), null);
    OrchestrationWorkItem end = store.claimOrchestrationWorkItems("n", 10, LEASE).get(0);
    store.commit(new OrchestrationStepCommit(end, false, List.of(new OrchestratorStarted(clock.instant())),
        new InstanceUpdate(OrchestrationRuntimeStatus.TERMINATED, "Flow", "e-a", null, null, null, null),
        List.of(), List.of(), List.of()));
    assertThat(claimIds(other, 10)).as("a finished: b's turn").containsExactly("b");
  }

  @Test
  void admit_priorityAndRate_higherFirstAtMostNPerPeriod() {
    store.defineQueue(new QueueDefinition("iq", null, 2, Duration.ofSeconds(10)));
    createQueued("low", "iq", 1);
    createQueued("high", "iq", 9);
    createQueued("mid", "iq", 5);

    assertThat(claimIds(store, 1)).containsExactly("high");
    assertThat(claimIds(node(), 10)).as("the second of two per window").containsExactly("mid");
    assertThat(claimIds(store, 10)).as("low waits for the next window").isEmpty();
    clock.advance(LEASE.plusMillis(1)); // leases lapse (unfinished first steps run again); the window passed
    assertThat(claimIds(store, 10)).as("two per window, by priority").containsExactly("high", "mid");
  }

  @Test
  void admit_terminateOfAQueuedInstance_passesAFullQueue() {
    store.defineQueue(new QueueDefinition("iq", 1, null, null));
    createQueued("a", "iq", 0);
    createQueued("b", "iq", 0);
    assertThat(claimIds(store, 1)).containsExactly("a");
    store.sendMessage(HUB, "b", new io.duraflow.history.ExecutionTerminated(clock.instant(), "not needed"), null);
    assertThat(claimIds(store, 10)).containsExactly("b");
  }

  // ------------------------------------------------------------------ id reuse

  @Test
  void create_runningId_failsByDefault() {
    create("a");
    assertThatThrownBy(() -> create("a")).isInstanceOf(InstanceAlreadyExistsException.class)
        .hasMessageContaining("'a'");
  }

  @Test
  void create_runningIdTerminateIfRunning_replacesIt() {
    create("a");
    store.createInstance(new NewInstance(HUB, "a", started("a", "second"), IdReusePolicy.TERMINATE_IF_RUNNING, true, null));

    InstanceRecord r = store.getInstance(HUB, "a").orElseThrow();
    assertThat(r.executionId()).isEqualTo("second");
    assertThat(r.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.PENDING);
    OrchestrationWorkItem item = store.claimOrchestrationWorkItems("w", 5, LEASE).get(0);
    assertThat(item.messages()).as("only the new start waits").hasSize(1)
        .allMatch(m -> m.event() instanceof ExecutionStarted s && s.executionId().equals("second"));
  }

  @Test
  void create_runningIdUseExisting_keepsIt() {
    create("a");
    store.createInstance(new NewInstance(HUB, "a", started("a", "second"), IdReusePolicy.USE_EXISTING, true, null));

    assertThat(store.getInstance(HUB, "a").orElseThrow().executionId()).isEqualTo("e-a");
    assertThat(store.claimOrchestrationWorkItems("w", 5, LEASE).get(0).messages()).hasSize(1);
  }

  @Test
  void create_completedId_reusedUnlessDenied() {
    create("a");
    complete("a");
    assertThatThrownBy(() -> store.createInstance(
        new NewInstance(HUB, "a", started("a", "second"), IdReusePolicy.FAIL_IF_RUNNING, false, null)))
        .isInstanceOf(InstanceAlreadyExistsException.class).hasMessageContaining("denies reuse");
    store.createInstance(new NewInstance(HUB, "a", started("a", "third"), IdReusePolicy.USE_EXISTING, false, null));
    assertThat(store.getInstance(HUB, "a").orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);

    store.createInstance(new NewInstance(HUB, "a", started("a", "fourth"), IdReusePolicy.USE_EXISTING, true, null));
    assertThat(store.getInstance(HUB, "a").orElseThrow().executionId()).as("a finished id is reused").isEqualTo("fourth");
  }

  // ------------------------------------------------------------------ tags

  @Test
  void tags_setAtStartAndByStepAndClient_filterListsAndCounts() {
    store.createInstance(new NewInstance(HUB, "a", started("a", "e-a"), null, true, Map.of("customer", "acme", "tier", "gold")));
    store.createInstance(new NewInstance(HUB, "b", started("b", "e-b"), null, true, Map.of("customer", "acme")));
    create("c");
    OrchestrationWorkItem c = store.claimOrchestrationWorkItems("w", 5, LEASE).stream()
        .filter(i -> i.instanceId().equals("c")).findFirst().orElseThrow();
    List<HistoryEvent> history = List.of(new OrchestratorStarted(clock.instant()), c.messages().get(0).event());
    store.commit(new OrchestrationStepCommit(c, false, history, new InstanceUpdate(OrchestrationRuntimeStatus.RUNNING,
        "Flow", "e-c", null, null, null, null, null, Map.of("customer", "globex")), List.of(), List.of(), List.of()));
    store.setTags(HUB, "b", new java.util.HashMap<>(Map.of("tier", "gold")));

    assertThat(ids(Map.of("customer", "acme"))).containsExactly("a", "b");
    assertThat(ids(Map.of("customer", "acme", "tier", "gold"))).containsExactly("a", "b");
    assertThat(ids(Map.of("customer", "globex"))).containsExactly("c");
    assertThat(ids(Map.of("customer", "nobody"))).isEmpty();
    assertThat(store.countInstances(HUB, query(Map.of("customer", "acme"))))
        .containsEntry(OrchestrationRuntimeStatus.PENDING, 2L).hasSize(1);
    assertThat(store.getTags(HUB, "a")).isEqualTo(Map.of("customer", "acme", "tier", "gold"));

    java.util.Map<String, String> remove = new java.util.HashMap<>();
    remove.put("tier", null);
    store.setTags(HUB, "a", remove);
    assertThat(store.getTags(HUB, "a")).isEqualTo(Map.of("customer", "acme"));
  }

  @Test
  void tags_replacedOrPurgedInstance_loosesTheOldTags() {
    store.createInstance(new NewInstance(HUB, "a", started("a", "e-a"), null, true, Map.of("k", "old")));
    complete("a");
    store.createInstance(new NewInstance(HUB, "a", started("a", "e2"), null, true, Map.of("j", "new")));
    assertThat(store.getTags(HUB, "a")).isEqualTo(Map.of("j", "new"));

    complete("a");
    assertThat(store.purgeInstance(HUB, "a")).isTrue();
    assertThat(store.getTags(HUB, "a")).isEmpty();
    assertThat(ids(Map.of("j", "new"))).isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  private List<String> ids(Map<String, String> tags) {
    return store.queryInstances(HUB, query(tags)).instances().stream().map(InstanceRecord::instanceId).toList();
  }

  private static InstanceQuery query(Map<String, String> tags) {
    return new InstanceQuery(null, null, null, null, 100, null).withTags(tags);
  }

  private ExecutionStarted started(String id, String executionId) {
    return new ExecutionStarted(clock.instant(), "Flow", null, executionId, null, null);
  }

  private void create(String id) {
    store.createInstance(new NewInstance(HUB, id, started(id, "e-" + id)));
  }

  private void complete(String id) {
    OrchestrationWorkItem item = store.claimOrchestrationWorkItems("w", 5, LEASE).stream()
        .filter(i -> i.instanceId().equals(id)).findFirst().orElseThrow();
    InstanceRecord r = item.instance();
    List<HistoryEvent> history = List.of(new OrchestratorStarted(clock.instant()), item.messages().get(0).event(),
        new ExecutionCompleted(clock.instant(), OrchestrationRuntimeStatus.COMPLETED, null, null));
    store.commit(new OrchestrationStepCommit(item, false, history, new InstanceUpdate(OrchestrationRuntimeStatus.COMPLETED,
        r.name(), r.executionId(), r.input(), null, null, null), List.of(), List.of(), List.of()));
  }

  /** Creates instance {@code id} and a step that schedules {@code n} activities in {@code queue}. */
  private void schedule(String id, String queue, int priority, int n) {
    create(id);
    OrchestrationWorkItem item = store.claimOrchestrationWorkItems("w", 1, LEASE).get(0);
    List<NewActivity> activities = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      activities.add(new NewActivity(i, "A", null, null, queue, priority));
    }
    commitScheduling(item, activities);
  }

  private void commitScheduling(OrchestrationWorkItem item, List<NewActivity> activities) {
    List<HistoryEvent> history = new ArrayList<>();
    history.add(new OrchestratorStarted(clock.instant()));
    history.add(item.messages().get(0).event());
    activities.forEach(a -> history.add(new TaskScheduled(clock.instant(), a.taskId(), a.name(), null)));
    InstanceRecord r = item.instance();
    store.commit(new OrchestrationStepCommit(item, false, history, new InstanceUpdate(OrchestrationRuntimeStatus.RUNNING,
        r.name(), r.executionId(), r.input(), null, null, null), activities, List.of(), List.of()));
  }

  private List<ActivityWorkItem> claimAndComplete(OrchestrationStore s, int max) {
    List<ActivityWorkItem> items = s.claimActivityWorkItems("n", max, LEASE, null, Map.of());
    items.forEach(i -> s.completeActivity(i, new TaskCompleted(clock.instant(), i.taskId(), null)));
    return items;
  }
}
