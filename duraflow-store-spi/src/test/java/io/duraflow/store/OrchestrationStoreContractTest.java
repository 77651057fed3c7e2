package io.duraflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duraflow.api.FailureDetails;
import io.duraflow.api.InstanceAlreadyExistsException;
import io.duraflow.api.InstanceNotFoundException;
import io.duraflow.api.InvalidInstanceStateException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.EventRaised;
import io.duraflow.history.ExecutionCompleted;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.ExecutionTerminated;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskScheduled;
import io.duraflow.history.TimerFired;
import io.duraflow.store.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OrchestrationStore} must have. Subclasses provide a fresh, empty store on a
 * real database. The whole suite runs with a non-UTC default time zone (which is also PostgreSQL's
 * session time zone, since the driver sends it) to catch any timestamp conversion through local time.
 */
public abstract class OrchestrationStoreContractTest {

  protected static final String HUB = "hub";
  private static final Instant T0 = Instant.parse("2026-03-29T01:30:00.000Z"); // a DST switch in Europe
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static TimeZone originalZone;

  protected MutableClock clock;
  protected OrchestrationStore store;

  /** A new, empty store whose timestamps come from {@code clock}. */
  protected abstract OrchestrationStore newStore(Clock clock);

  /** Another store over the same database (and schema) as {@link #store}, as a second process would open it. */
  protected abstract OrchestrationStore openSameDatabase(Clock clock);

  /** A connection to the store's database, for the invariant checks after each test. */
  protected abstract java.sql.Connection connectTo(OrchestrationStore store) throws java.sql.SQLException;

  @BeforeAll
  static void useNonUtcTimeZone() {
    originalZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kathmandu")); // +05:45, no zone should ever matter
  }

  @AfterAll
  static void restoreTimeZone() {
    TimeZone.setDefault(originalZone);
  }

  @BeforeEach
  void openStore() {
    clock = new MutableClock(T0);
    store = newStore(clock);
  }

  @AfterEach
  void checkInvariantsAndClose() throws Exception {
    try (java.sql.Connection c = connectTo(store)) {
      assertThat(io.duraflow.store.testing.TestDatabases.invariantViolations(c)).as("store invariants").isEmpty();
    } finally {
      store.close();
    }
  }

  // ------------------------------------------------------------------ helpers

  protected static ExecutionStarted started(String name, String input, String executionId) {
    return new ExecutionStarted(T0, name, input, executionId, null, null);
  }

  protected void create(String id) {
    store.createInstance(new NewInstance(HUB, id, started("Flow", "\"in-" + id + "\"", "e-" + id)));
  }

  private OrchestrationWorkItem claimOne() {
    List<OrchestrationWorkItem> items = store.claimOrchestrationWorkItems("w1", 1, LEASE);
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  private static InstanceUpdate update(OrchestrationWorkItem item, OrchestrationRuntimeStatus status) {
    InstanceRecord r = item.instance();
    return new InstanceUpdate(status, r.name(), r.executionId(), r.input(), null, null, null);
  }

  private static List<HistoryEvent> step(Instant at, HistoryEvent... events) {
    List<HistoryEvent> all = new ArrayList<>();
    all.add(new OrchestratorStarted(at));
    all.addAll(List.of(events));
    return all;
  }

  private static OrchestrationStepCommit commit(OrchestrationWorkItem item, OrchestrationRuntimeStatus status,
      List<HistoryEvent> history) {
    return new OrchestrationStepCommit(item, false, history, update(item, status), List.of(), List.of(), List.of());
  }

  private static OrchestrationWorkItem withVersion(OrchestrationWorkItem item, long version) {
    return new OrchestrationWorkItem(item.instance(), version, item.messages());
  }

  /** Claims instance {@code id}, giving back any other instance the claim picked up. */
  private OrchestrationWorkItem claim(String id) {
    OrchestrationWorkItem found = null;
    for (OrchestrationWorkItem item : store.claimOrchestrationWorkItems("w1", 1000, LEASE)) {
      if (item.instanceId().equals(id)) {
        found = item;
      } else {
        store.abandon(item, Duration.ZERO);
      }
    }
    assertThat(found).as("claimable instance " + id).isNotNull();
    return found;
  }

  /** Runs the first step of instance {@code id}: Running, with one history step. */
  private OrchestrationWorkItem startAndRun(String id) {
    create(id);
    OrchestrationWorkItem item = claim(id);
    store.commit(commit(item, OrchestrationRuntimeStatus.RUNNING, step(clock.instant(), item.messages().get(0).event())));
    return item;
  }

  private void complete(String id) {
    clock.advance(Duration.ofMillis(1));
    store.sendMessage(HUB, id, new EventRaised(clock.instant(), "done", null), null);
    OrchestrationWorkItem item = claim(id);
    store.commit(new OrchestrationStepCommit(item, false,
        step(clock.instant(), new ExecutionCompleted(clock.instant(), OrchestrationRuntimeStatus.COMPLETED, "\"ok\"", null)),
        new InstanceUpdate(OrchestrationRuntimeStatus.COMPLETED, item.instance().name(), item.instance().executionId(),
            item.instance().input(), "\"ok\"", null, null),
        List.of(), List.of(), List.of()));
  }

  // ------------------------------------------------------------------ create and send

  @Test
  void health_storeThatWritesNormally_isHealthy() {
    create("i1");
    assertThat(store.health()).isEqualTo(StoreHealth.HEALTHY);
  }

  @Test
  void createInstance_new_isPendingWithStartedMessage() {
    ExecutionStarted es = new ExecutionStarted(T0, "Flow", "{\"x\":1}", "exec-1", null, null);
    store.createInstance(new NewInstance(HUB, "i1", es));

    InstanceRecord r = store.getInstance(HUB, "i1").orElseThrow();
    assertThat(r.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.PENDING);
    assertThat(r.name()).isEqualTo("Flow");
    assertThat(r.executionId()).isEqualTo("exec-1");
    assertThat(r.input()).isEqualTo("{\"x\":1}");
    assertThat(r.createdAt()).isEqualTo(T0);
    assertThat(r.lastUpdatedAt()).isEqualTo(T0);
    assertThat(r.historySize()).isZero();
    assertThat(r.parentInstanceId()).isNull();
    assertThat(r.scheduledStartAt()).isNull();
    assertThat(store.getInstance(HUB, "other")).isEmpty();
    assertThat(store.getInstance("otherHub", "i1")).isEmpty();

    OrchestrationWorkItem item = claimOne();
    assertThat(item.instance()).isEqualTo(r);
    assertThat(item.lockVersion()).isPositive();
    assertThat(item.messages()).extracting(InboxMessage::event).containsExactly(es);
  }

  @Test
  void createInstance_nonTerminalExists_throwsAlreadyExists() {
    create("i1");
    assertThatThrownBy(() -> create("i1"))
        .isInstanceOf(InstanceAlreadyExistsException.class)
        .hasMessageContaining("i1")
        .hasMessageContaining("Pending");
    startAndRun("i2");
    assertThatThrownBy(() -> create("i2")).isInstanceOf(InstanceAlreadyExistsException.class).hasMessageContaining("Running");
  }

  @Test
  void createInstance_sameIdOtherTaskHub_isIndependent() {
    create("i1");
    store.createInstance(new NewInstance("hub2", "i1", started("Other", null, "x")));
    assertThat(store.getInstance("hub2", "i1").orElseThrow().name()).isEqualTo("Other");
    assertThat(store.getInstance(HUB, "i1").orElseThrow().name()).isEqualTo("Flow");
  }

  @Test
  void createInstance_terminalExists_replacesItWithHistoryAndInbox() {
    startAndRun("i1");
    complete("i1");
    store.sendMessage(HUB, "i1", new EventRaised(clock.instant(), "late", null), null);
    assertThat(store.getHistory(HUB, "i1")).isNotEmpty();

    clock.advance(Duration.ofSeconds(5));
    store.createInstance(new NewInstance(HUB, "i1", started("Flow2", "2", "exec-2")));

    InstanceRecord r = store.getInstance(HUB, "i1").orElseThrow();
    assertThat(r.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.PENDING);
    assertThat(r.name()).isEqualTo("Flow2");
    assertThat(r.executionId()).isEqualTo("exec-2");
    assertThat(r.output()).isNull();
    assertThat(r.historySize()).isZero();
    assertThat(r.createdAt()).isEqualTo(clock.instant());
    assertThat(store.getHistory(HUB, "i1")).isEmpty();
    OrchestrationWorkItem item = claimOne();
    assertThat(item.messages()).extracting(m -> m.event().eventType()).containsExactly("ExecutionStarted");
  }

  @Test
  void createInstance_scheduledStart_messageVisibleThen() {
    Instant at = T0.plusSeconds(60);
    store.createInstance(new NewInstance(HUB, "i1", new ExecutionStarted(T0, "Flow", null, "e", null, at)));
    assertThat(store.getInstance(HUB, "i1").orElseThrow().scheduledStartAt()).isEqualTo(at);
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE)).isEmpty();
    clock.set(at);
    assertThat(claimOne().instanceId()).isEqualTo("i1");
  }

  @Test
  void sendMessage_unknownInstance_throwsNotFound() {
    assertThatThrownBy(() -> store.sendMessage(HUB, "nope", new EventRaised(T0, "e", null), T0))
        .isInstanceOf(InstanceNotFoundException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void sendMessage_messagesComeInArrivalOrderWithNullExecutionId() {
    create("i1");
    for (int i = 0; i < 5; i++) {
      store.sendMessage(HUB, "i1", new EventRaised(T0, "e" + i, String.valueOf(i)), null);
    }
    OrchestrationWorkItem item = claimOne();
    assertThat(item.messages()).hasSize(6);
    assertThat(item.messages()).extracting(InboxMessage::id).isSorted();
    assertThat(item.messages().subList(1, 6)).extracting(m -> ((EventRaised) m.event()).name())
        .containsExactly("e0", "e1", "e2", "e3", "e4");
    assertThat(item.messages().subList(1, 6)).extracting(InboxMessage::executionId).containsOnlyNulls();
  }

  // ------------------------------------------------------------------ claims and leases

  @Test
  void claim_leasedInstance_notClaimedAgainUntilLeaseExpires() {
    create("i1");
    OrchestrationWorkItem first = claimOne();
    assertThat(store.claimOrchestrationWorkItems("w2", 10, LEASE)).isEmpty();
    clock.advance(LEASE.minusMillis(1));
    assertThat(store.claimOrchestrationWorkItems("w2", 10, LEASE)).isEmpty();
    clock.advance(Duration.ofMillis(1));
    List<OrchestrationWorkItem> again = store.claimOrchestrationWorkItems("w2", 10, LEASE);
    assertThat(again).hasSize(1);
    assertThat(again.get(0).lockVersion()).isGreaterThan(first.lockVersion());
    assertThat(again.get(0).messages()).isEqualTo(first.messages());
    assertThatThrownBy(() -> store.commit(commit(first, OrchestrationRuntimeStatus.RUNNING, step(T0))))
        .isInstanceOf(LeaseLostException.class)
        .hasMessageContaining("i1");
    assertThat(store.renewLease(first, LEASE)).isFalse();
  }

  @Test
  void renewLease_live_extendsIt() {
    create("i1");
    OrchestrationWorkItem item = claimOne();
    clock.advance(Duration.ofSeconds(20));
    assertThat(store.renewLease(item, LEASE)).isTrue();
    clock.advance(Duration.ofSeconds(20)); // 40 s after the claim, 20 s after the renewal
    assertThat(store.claimOrchestrationWorkItems("w2", 10, LEASE)).isEmpty();
    store.commit(commit(item, OrchestrationRuntimeStatus.RUNNING, step(clock.instant())));
  }

  @Test
  void claim_respectsMaxAndOnlyVisibleMessages() {
    for (int i = 0; i < 5; i++) {
      create("i" + i);
    }
    store.sendMessage(HUB, "i0", new TimerFired(T0, 1, T0.plusSeconds(10)), T0.plusSeconds(10));
    List<OrchestrationWorkItem> items = store.claimOrchestrationWorkItems("w", 3, LEASE);
    assertThat(items).hasSize(3);
    items.addAll(store.claimOrchestrationWorkItems("w", 10, LEASE));
    assertThat(items).extracting(OrchestrationWorkItem::instanceId).containsExactlyInAnyOrder("i0", "i1", "i2", "i3", "i4");
    OrchestrationWorkItem i0 = items.stream().filter(i -> i.instanceId().equals("i0")).findFirst().orElseThrow();
    assertThat(i0.messages()).hasSize(1); // the timer is not visible yet
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE)).isEmpty();
  }

  @Test
  void commit_wrongVersion_throwsLeaseLostAndWritesNothing() {
    create("i1");
    OrchestrationWorkItem item = claimOne();
    OrchestrationWorkItem stale = withVersion(item, item.lockVersion() - 1);
    OrchestrationStepCommit c = new OrchestrationStepCommit(stale, false,
        step(T0, item.messages().get(0).event(), new TaskScheduled(T0, 0, "A", null)),
        update(item, OrchestrationRuntimeStatus.RUNNING),
        List.of(new NewActivity(0, "A", null)),
        List.of(new OutboundMessage(HUB, "i1", "e-i1", new TimerFired(T0, 1, T0), T0)),
        List.of(new NewInstance(HUB, "child", started("Child", null, "c"))));
    assertThatThrownBy(() -> store.commit(c)).isInstanceOf(LeaseLostException.class);

    assertThat(store.getHistory(HUB, "i1")).isEmpty();
    assertThat(store.getInstance(HUB, "i1").orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.PENDING);
    assertThat(store.getInstance(HUB, "child")).isEmpty();
    assertThat(store.claimActivityWorkItems("w", 10, LEASE)).isEmpty();
    clock.advance(LEASE);
    assertThat(claimOne().messages()).isEqualTo(item.messages()); // the message was not consumed
  }

  @Test
  void commit_sameItemTwice_secondThrowsLeaseLost() {
    create("i1");
    OrchestrationWorkItem item = claimOne();
    store.commit(commit(item, OrchestrationRuntimeStatus.RUNNING, step(T0, item.messages().get(0).event())));
    assertThatThrownBy(() -> store.commit(commit(item, OrchestrationRuntimeStatus.RUNNING, step(T0))))
        .isInstanceOf(LeaseLostException.class);
    assertThat(store.getHistory(HUB, "i1")).hasSize(2);
  }

  @Test
  void commit_appendsHistoryInOrderAndKeepsUnclaimedMessages() {
    create("i1");
    OrchestrationWorkItem item = claimOne();
    store.sendMessage(HUB, "i1", new EventRaised(T0, "during", null), null); // arrives during the step
    List<HistoryEvent> first = step(T0, item.messages().get(0).event());
    store.commit(commit(item, OrchestrationRuntimeStatus.RUNNING, first));

    InstanceRecord r = store.getInstance(HUB, "i1").orElseThrow();
    assertThat(r.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);
    assertThat(r.historySize()).isEqualTo(2);
    assertThat(store.getHistory(HUB, "i1")).isEqualTo(first);

    clock.advance(Duration.ofSeconds(1));
    OrchestrationWorkItem next = claimOne();
    assertThat(next.instance().historySize()).isEqualTo(2);
    assertThat(next.messages()).extracting(m -> m.event().eventType()).containsExactly("EventRaised");
    List<HistoryEvent> second = step(clock.instant(), next.messages().get(0).event());
    store.commit(commit(next, OrchestrationRuntimeStatus.RUNNING, second));

    List<HistoryEvent> all = new ArrayList<>(first);
    all.addAll(second);
    assertThat(store.getHistory(HUB, "i1")).isEqualTo(all);
    assertThat(store.loadHistory(HUB, "i1", "e-i1", 0)).isEqualTo(all);
    assertThat(store.loadHistory(HUB, "i1", "e-i1", 2)).isEqualTo(second);
    assertThat(store.loadHistory(HUB, "i1", "e-i1", 4)).isEmpty();
    assertThat(store.getInstance(HUB, "i1").orElseThrow().historySize()).isEqualTo(4);
    assertThat(store.getInstance(HUB, "i1").orElseThrow().lastUpdatedAt()).isEqualTo(clock.instant());
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE)).isEmpty();
  }

  @Test
  void commit_replaceHistory_startsNewExecution() {
    startAndRun("i1");
    store.sendMessage(HUB, "i1", new EventRaised(T0, "go", null), null);
    OrchestrationWorkItem item = claimOne();
    ExecutionStarted next = started("Flow", "\"again\"", "exec-2");
    store.commit(new OrchestrationStepCommit(item, true, List.of(),
        new InstanceUpdate(OrchestrationRuntimeStatus.CONTINUED_AS_NEW, "Flow", "exec-2", "\"again\"", null, null, null),
        List.of(), List.of(new OutboundMessage(HUB, "i1", null, next, T0)), List.of()));

    InstanceRecord r = store.getInstance(HUB, "i1").orElseThrow();
    assertThat(r.executionId()).isEqualTo("exec-2");
    assertThat(r.input()).isEqualTo("\"again\"");
    assertThat(r.historySize()).isZero();
    assertThat(r.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.CONTINUED_AS_NEW);
    assertThat(store.getHistory(HUB, "i1")).isEmpty();
    assertThat(store.loadHistory(HUB, "i1", "e-i1", 0)).isEmpty();

    OrchestrationWorkItem second = claimOne();
    assertThat(second.messages()).extracting(InboxMessage::event).containsExactly(next);
    List<HistoryEvent> h = step(T0, next);
    store.commit(commit(second, OrchestrationRuntimeStatus.RUNNING, h));
    assertThat(store.getHistory(HUB, "i1")).isEqualTo(h);
    assertThat(store.loadHistory(HUB, "i1", "exec-2", 1)).isEqualTo(h.subList(1, 2));

    // Rewind-style replacement within the same execution.
    store.sendMessage(HUB, "i1", new EventRaised(T0, "rewind", null), null);
    OrchestrationWorkItem third = claimOne();
    store.commit(new OrchestrationStepCommit(third, true, h.subList(0, 1), update(third, OrchestrationRuntimeStatus.RUNNING),
        List.of(), List.of(), List.of()));
    assertThat(store.getHistory(HUB, "i1")).isEqualTo(h.subList(0, 1));
    assertThat(store.getInstance(HUB, "i1").orElseThrow().historySize()).isEqualTo(1);
  }

  @Test
  void commit_setsOutputFailureAndCustomStatus() {
    create("i1");
    OrchestrationWorkItem item = claimOne();
    FailureDetails failure = new FailureDetails("x.Boom", "boom", "trace", new FailureDetails("y.Cause", "cause"));
    store.commit(new OrchestrationStepCommit(item, false, step(T0),
        new InstanceUpdate(OrchestrationRuntimeStatus.FAILED, "Flow", "e-i1", "\"in\"", "\"out\"", "\"custom\"", failure),
        List.of(), List.of(), List.of()));
    InstanceRecord r = store.getInstance(HUB, "i1").orElseThrow();
    assertThat(r.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(r.output()).isEqualTo("\"out\"");
    assertThat(r.customStatus()).isEqualTo("\"custom\"");
    assertThat(r.failureDetails()).isEqualTo(failure);
  }

  @Test
  void commit_timerMessage_visibleOnlyWhenDue() {
    create("i1");
    OrchestrationWorkItem item = claimOne();
    Instant fireAt = T0.plusSeconds(10);
    TimerFired fired = new TimerFired(fireAt, 1, fireAt);
    store.commit(new OrchestrationStepCommit(item, false, step(T0), update(item, OrchestrationRuntimeStatus.RUNNING),
        List.of(), List.of(new OutboundMessage(HUB, "i1", "e-i1", fired, fireAt)), List.of()));
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE)).isEmpty();
    clock.set(fireAt.minusMillis(1));
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE)).isEmpty();
    clock.set(fireAt);
    OrchestrationWorkItem due = claimOne();
    assertThat(due.messages()).singleElement().satisfies(m -> {
      assertThat(m.event()).isEqualTo(fired);
      assertThat(m.executionId()).isEqualTo("e-i1");
    });
  }

  @Test
  void commit_timerDueBetweenMilliseconds_isNotVisibleBeforeItsFireTime() {
    create("i1");
    OrchestrationWorkItem item = claimOne();
    // Stored times have millisecond precision: a timer due 0.6 ms into a millisecond must not become
    // visible at the start of that millisecond, 0.6 ms early.
    Instant fireAt = T0.plusSeconds(10).plusNanos(600_000);
    TimerFired fired = new TimerFired(fireAt, 1, fireAt);
    store.commit(new OrchestrationStepCommit(item, false, step(T0), update(item, OrchestrationRuntimeStatus.RUNNING),
        List.of(), List.of(new OutboundMessage(HUB, "i1", "e-i1", fired, fireAt)), List.of()));
    clock.set(fireAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(clock.instant()).isBefore(fireAt);
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE)).isEmpty();
    clock.set(fireAt);
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE)).isEmpty();
    clock.set(fireAt.plusNanos(400_000));
    assertThat(claimOne().messages()).singleElement().satisfies(m -> assertThat(m.event()).isEqualTo(fired));
  }

  @Test
  void createInstance_scheduledStartBetweenMilliseconds_isNotVisibleBeforeIt() {
    Instant at = T0.plusSeconds(60).plusNanos(1_000);
    store.createInstance(new NewInstance(HUB, "i1", new ExecutionStarted(T0, "Flow", null, "e", null, at)));
    clock.set(at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE)).isEmpty();
    clock.set(at.plusMillis(1));
    assertThat(claimOne().instanceId()).isEqualTo("i1");
  }

  @Test
  void commit_messageToOtherInstances_deliveredOrDroppedWhenUnknown() {
    create("a");
    create("b");
    OrchestrationWorkItem a = store.claimOrchestrationWorkItems("w", 10, LEASE).stream()
        .filter(i -> i.instanceId().equals("a")).findFirst().orElseThrow();
    EventRaised ev = new EventRaised(T0, "hello", "1");
    store.commit(new OrchestrationStepCommit(a, false, step(T0), update(a, OrchestrationRuntimeStatus.RUNNING), List.of(),
        List.of(new OutboundMessage(HUB, "b", null, ev, T0), new OutboundMessage(HUB, "ghost", null, ev, T0),
            new OutboundMessage("hub2", "b", null, ev, T0)),
        List.of()));
    assertThat(store.getInstance(HUB, "ghost")).isEmpty();
    clock.advance(LEASE);
    OrchestrationWorkItem b = store.claimOrchestrationWorkItems("w", 10, LEASE).stream()
        .filter(i -> i.instanceId().equals("b")).findFirst().orElseThrow();
    assertThat(b.messages()).extracting(InboxMessage::event).endsWith(ev);
  }

  @Test
  void commit_newInstances_createAbsentReplaceTerminalLeaveActive() {
    startAndRun("running");
    startAndRun("done");
    complete("done");
    create("parent");
    OrchestrationWorkItem parent = claimOne();
    ExecutionStarted.ParentInstance link = new ExecutionStarted.ParentInstance(HUB, "parent", "e-parent", 4);
    List<NewInstance> children = List.of(
        new NewInstance(HUB, "fresh", new ExecutionStarted(T0, "Child", "1", "c1", link, null)),
        new NewInstance(HUB, "running", new ExecutionStarted(T0, "Child", "2", "c2", link, null)),
        new NewInstance(HUB, "done", new ExecutionStarted(T0, "Child", "3", "c3", link, null)));
    store.commit(new OrchestrationStepCommit(parent, false, step(T0), update(parent, OrchestrationRuntimeStatus.RUNNING),
        List.of(), List.of(), children));

    InstanceRecord fresh = store.getInstance(HUB, "fresh").orElseThrow();
    assertThat(fresh.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.PENDING);
    assertThat(fresh.parentInstanceId()).isEqualTo("parent");
    assertThat(fresh.parent()).isEqualTo(link);
    assertThat(fresh.executionId()).isEqualTo("c1");
    InstanceRecord running = store.getInstance(HUB, "running").orElseThrow();
    assertThat(running.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);
    assertThat(running.executionId()).isEqualTo("e-running");
    InstanceRecord replaced = store.getInstance(HUB, "done").orElseThrow();
    assertThat(replaced.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.PENDING);
    assertThat(replaced.executionId()).isEqualTo("c3");
    assertThat(replaced.parentInstanceId()).isEqualTo("parent");

    List<OrchestrationWorkItem> items = store.claimOrchestrationWorkItems("w", 10, LEASE);
    assertThat(items).extracting(OrchestrationWorkItem::instanceId).containsExactlyInAnyOrder("fresh", "done", "parent");
    assertThat(items).filteredOn(i -> !i.instanceId().equals("parent"))
        .allSatisfy(i -> assertThat(((ExecutionStarted) i.messages().get(0).event()).parent()).isEqualTo(link));
    // The id held by a running instance fails the parent's task in the same transaction.
    OrchestrationWorkItem told = items.stream().filter(i -> i.instanceId().equals("parent")).findFirst().orElseThrow();
    assertThat(told.messages()).singleElement().extracting(InboxMessage::event)
        .isInstanceOfSatisfying(io.duraflow.history.SubOrchestrationInstanceFailed.class, f -> {
          assertThat(f.taskScheduledId()).isEqualTo(4);
          assertThat(f.failureDetails().errorMessage()).contains("running");
        });
  }

  // ------------------------------------------------------------------ fast path: kept leases, eager start

  private OrchestrationStepCommit holdWith(OrchestrationWorkItem item, List<HistoryEvent> history, List<NewActivity> activities,
      List<ActivityWorkItem> completed) {
    return new OrchestrationStepCommit(item, false, history, update(item, OrchestrationRuntimeStatus.RUNNING), activities,
        List.of(), List.of()).withLeases(activities.isEmpty() ? null : new ActivityLease("w1", LEASE, activities.size()),
        new InstanceLease("w1", LEASE), completed);
  }

  @Test
  void commit_keepLease_holdsInstanceAndNextCommitConsumesLocalResults() {
    create("i1");
    OrchestrationWorkItem item = claimOne();
    StepCommitResult first = store.commit(holdWith(item, step(T0, item.messages().get(0).event(),
        new TaskScheduled(T0, 0, "A", "1")), List.of(new NewActivity(0, "A", "1")), List.of()));

    assertThat(first.heldItem()).isNotNull();
    assertThat(first.heldItem().lockVersion()).isGreaterThan(item.lockVersion());
    assertThat(first.heldItem().instance().historySize()).isEqualTo(3);
    assertThat(first.heldItem().messages()).isEmpty();
    assertThat(first.messagesWaiting()).isFalse();
    assertThat(first.leasedActivities()).singleElement().extracting(ActivityWorkItem::taskId).isEqualTo(0);
    assertThat(store.claimActivityWorkItems("w2", 10, LEASE)).isEmpty();

    ActivityWorkItem activity = first.leasedActivities().get(0);
    OrchestrationWorkItem held = first.heldItem();
    StepCommitResult second = store.commit(new OrchestrationStepCommit(held, false,
        step(T0, new TaskCompleted(T0, 0, "\"r\"")), update(held, OrchestrationRuntimeStatus.COMPLETED), List.of(),
        List.of(), List.of()).withLeases(null, null, List.of(activity)));

    assertThat(second.heldItem()).isNull();
    assertThat(store.getInstance(HUB, "i1").orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    assertThat(store.getHistory(HUB, "i1")).extracting(HistoryEvent::eventType).containsExactly(
        "OrchestratorStarted", "ExecutionStarted", "TaskScheduled", "OrchestratorStarted", "TaskCompleted");
    assertThatThrownBy(() -> store.completeActivity(activity, new TaskCompleted(T0, 0, "1")))
        .as("the activity row went with the commit").isInstanceOf(LeaseLostException.class);
  }

  @Test
  void traceContext_ofStartAndActivities_survivesTheStore() {
    io.duraflow.history.TraceContext startTrace =
        new io.duraflow.history.TraceContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "k=v");
    io.duraflow.history.TraceContext stepTrace =
        new io.duraflow.history.TraceContext("00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01", null);
    store.createInstance(new NewInstance(HUB, "i1", new ExecutionStarted(T0, "Flow", null, "e", null, null, startTrace)));
    OrchestrationWorkItem item = claimOne();
    assertThat(((ExecutionStarted) item.messages().get(0).event()).parentTrace()).isEqualTo(startTrace);

    StepCommitResult first = store.commit(holdWith(item, step(T0, item.messages().get(0).event(),
            new TaskScheduled(T0, 0, "A", "1"), new TaskScheduled(T0, 1, "B", "2")),
        List.of(new NewActivity(0, "A", "1", stepTrace)), List.of()));
    store.commit(new OrchestrationStepCommit(first.heldItem(), false, step(T0), update(first.heldItem(),
        OrchestrationRuntimeStatus.RUNNING), List.of(new NewActivity(1, "B", "2", stepTrace), new NewActivity(2, "C", "3")),
        List.of(), List.of()));

    assertThat(first.leasedActivities()).singleElement().extracting(ActivityWorkItem::trace).isEqualTo(stepTrace);
    assertThat(store.claimActivityWorkItems("w2", 10, LEASE)).extracting(ActivityWorkItem::name, ActivityWorkItem::trace)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("B", stepTrace), org.assertj.core.groups.Tuple.tuple("C", null));
    assertThat(((ExecutionStarted) store.getHistory(HUB, "i1").get(1)).parentTrace()).isEqualTo(startTrace);
  }

  @Test
  void commit_keepLease_instanceIsNotClaimableUntilTheLeaseExpires() {
    create("i1");
    OrchestrationWorkItem item = claimOne();
    StepCommitResult held = store.commit(holdWith(item, step(T0, item.messages().get(0).event()), List.of(), List.of()));
    store.sendMessage(HUB, "i1", new EventRaised(T0, "go", "1"), clock.instant());

    assertThat(store.claimOrchestrationWorkItems("w2", 10, LEASE)).isEmpty();
    assertThat(store.renewLeases(List.of(held.heldItem()), LEASE)).containsExactly(new LeaseState(true, true));
    clock.advance(LEASE.plusSeconds(1));
    OrchestrationWorkItem taken = claimOne();
    assertThat(taken.messages()).extracting(InboxMessage::event).containsExactly(new EventRaised(T0, "go", "1"));
    assertThat(store.renewLeases(List.of(held.heldItem()), LEASE)).containsExactly(new LeaseState(false, false));
    assertThatThrownBy(() -> store.commit(holdWith(held.heldItem(), step(T0), List.of(), List.of())))
        .isInstanceOf(LeaseLostException.class);
  }

  @Test
  void commit_heldStepWithMessageWaiting_reportsIt() {
    create("i1");
    OrchestrationWorkItem item = claimOne();
    StepCommitResult held = store.commit(holdWith(item, step(T0, item.messages().get(0).event()), List.of(), List.of()));
    assertThat(store.renewLeases(List.of(held.heldItem()), LEASE)).containsExactly(new LeaseState(true, false));
    store.sendMessage(HUB, "i1", new EventRaised(T0, "go", "1"), clock.instant());

    StepCommitResult next = store.commit(holdWith(held.heldItem(), step(T0), List.of(), List.of()));

    assertThat(next.heldItem()).isNotNull();
    assertThat(next.messagesWaiting()).isTrue();
    store.abandon(next.heldItem(), Duration.ZERO);
    assertThat(claimOne().messages()).hasSize(1);
  }

  @Test
  void commit_completedActivityWhoseLeaseWasLost_failsAndWritesNothing() {
    create("i1");
    OrchestrationWorkItem item = claimOne();
    StepCommitResult first = store.commit(holdWith(item, step(T0, item.messages().get(0).event(),
        new TaskScheduled(T0, 0, "A", "1")), List.of(new NewActivity(0, "A", "1")), List.of()));
    ActivityWorkItem mine = first.leasedActivities().get(0);
    clock.advance(LEASE.plusSeconds(1));
    ActivityWorkItem theirs = store.claimActivityWorkItems("w2", 10, LEASE).get(0); // our activity lease expired
    // Nobody claimed the instance (nothing is in its inbox), so only the activity's lease check can refuse.
    assertThatThrownBy(() -> store.commit(holdWith(first.heldItem(), step(T0, new TaskCompleted(T0, 0, "1")), List.of(),
        List.of(mine)))).isInstanceOf(LeaseLostException.class);
    assertThat(store.getHistory(HUB, "i1")).hasSize(3);
    // The other worker's result makes the instance claimable for whoever continues it.
    store.completeActivity(theirs, new TaskCompleted(T0, 0, "2"));
    assertThat(claimOne().messages()).extracting(InboxMessage::event).containsExactly(new TaskCompleted(T0, 0, "2"));
  }

  @Test
  void createInstance_withFirstStep_commitsBothAndKeepsTheLease() {
    ExecutionStarted start = started("Flow", "\"x\"", "e-1");
    InstanceRecord pending = new InstanceRecord(HUB, "eager", "Flow", "e-1", OrchestrationRuntimeStatus.PENDING, "\"x\"",
        null, null, null, T0, T0, null, null, 0);
    OrchestrationWorkItem stand = new OrchestrationWorkItem(pending, 0, List.of());
    StepCommitResult r = store.createInstance(new NewInstance(HUB, "eager", start),
        holdWith(stand, step(T0, start, new TaskScheduled(T0, 0, "A", "1")), List.of(new NewActivity(0, "A", "1")), List.of()));

    assertThat(r.heldItem()).isNotNull();
    assertThat(r.leasedActivities()).hasSize(1);
    InstanceRecord row = store.getInstance(HUB, "eager").orElseThrow();
    assertThat(row.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);
    assertThat(row.historySize()).isEqualTo(3);
    assertThat(r.instance()).as("the row as committed").isEqualTo(row);
    assertThat(store.getHistory(HUB, "eager")).extracting(HistoryEvent::eventType)
        .containsExactly("OrchestratorStarted", "ExecutionStarted", "TaskScheduled");
    assertThat(store.claimOrchestrationWorkItems("w2", 10, LEASE)).as("leased, and nothing in the inbox").isEmpty();
    assertThatThrownBy(() -> store.createInstance(new NewInstance(HUB, "eager", start),
        holdWith(stand, step(T0, start), List.of(), List.of()))).isInstanceOf(InstanceAlreadyExistsException.class);
    assertThat(store.getHistory(HUB, "eager")).hasSize(3);
    // A released first step leaves the instance claimable only when it has messages.
    store.commit(new OrchestrationStepCommit(r.heldItem(), false, step(T0), update(r.heldItem(), OrchestrationRuntimeStatus.RUNNING),
        List.of(), List.of(), List.of()));
    assertThat(store.claimOrchestrationWorkItems("w2", 10, LEASE)).isEmpty();
  }

  @Test
  void commit_terminal_tellsCompletionListenersOnce() {
    List<String> done = Collections.synchronizedList(new ArrayList<>());
    List<InstanceRecord> states = Collections.synchronizedList(new ArrayList<>());
    CompletionListener listener = (hub, id, state) -> {
      done.add(hub + "/" + id);
      states.add(state);
    };
    store.addCompletionListener(listener);
    create("i1");
    OrchestrationWorkItem item = claimOne();
    store.commit(commit(item, OrchestrationRuntimeStatus.RUNNING, step(T0, item.messages().get(0).event())));
    assertThat(done).isEmpty();
    store.sendMessage(HUB, "i1", new EventRaised(T0, "go", "1"), clock.instant());
    OrchestrationWorkItem next = claimOne();
    store.commit(commit(next, OrchestrationRuntimeStatus.COMPLETED, step(T0)));
    assertThat(done).containsExactly(HUB + "/i1");
    assertThat(states).as("the row as committed, read back identically").containsExactly(store.getInstance(HUB, "i1").orElseThrow());
    store.removeCompletionListener(listener);
  }

  @Test
  void abandonAfterFailure_countsFailedAttemptsForTheNextClaimerUntilACommit() {
    create("i1");
    OrchestrationWorkItem first = claimOne();
    assertThat(first.failedAttempts()).isZero();
    store.abandonAfterFailure(first, Duration.ZERO);
    OrchestrationWorkItem second = store.claimOrchestrationWorkItems("w2", 1, LEASE).get(0);
    assertThat(second.failedAttempts()).as("counted by the store, seen by another claimer").isEqualTo(1);
    store.abandonAfterFailure(second, Duration.ZERO);
    OrchestrationWorkItem third = claimOne();
    assertThat(third.failedAttempts()).isEqualTo(2);
    store.abandon(third, Duration.ZERO);
    OrchestrationWorkItem fourth = claimOne();
    assertThat(fourth.failedAttempts()).as("a plain abandon is not a failure").isEqualTo(2);
    store.commit(commit(fourth, OrchestrationRuntimeStatus.RUNNING, step(T0, fourth.messages().get(0).event())));
    store.sendMessage(HUB, "i1", new EventRaised(T0, "go", "1"), clock.instant());
    assertThat(claimOne().failedAttempts()).as("a commit resets the count").isZero();
  }

  @Test
  void abandon_withDelay_notClaimableUntilThenAndOldItemIsStale() {
    create("i1");
    OrchestrationWorkItem item = claimOne();
    store.abandon(item, Duration.ofSeconds(5));
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE)).isEmpty();
    clock.advance(Duration.ofMillis(4999));
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE)).isEmpty();
    clock.advance(Duration.ofMillis(1));
    OrchestrationWorkItem again = claimOne();
    assertThat(again.messages()).isEqualTo(item.messages());
    assertThatThrownBy(() -> store.commit(commit(item, OrchestrationRuntimeStatus.RUNNING, step(T0))))
        .isInstanceOf(LeaseLostException.class);
    store.abandon(again, Duration.ZERO);
    assertThat(claimOne().instanceId()).isEqualTo("i1");
  }

  // ------------------------------------------------------------------ activities

  private OrchestrationWorkItem scheduleActivities(String id, int count) {
    create(id);
    OrchestrationWorkItem item = claimOne();
    List<NewActivity> activities = new ArrayList<>();
    List<HistoryEvent> events = new ArrayList<>();
    events.add(item.messages().get(0).event());
    for (int t = 0; t < count; t++) {
      activities.add(new NewActivity(t, "Act" + t, "\"arg" + t + "\""));
      events.add(new TaskScheduled(T0, t, "Act" + t, "\"arg" + t + "\""));
    }
    store.commit(new OrchestrationStepCommit(item, false, step(T0, events.toArray(HistoryEvent[]::new)),
        update(item, OrchestrationRuntimeStatus.RUNNING), activities, List.of(), List.of()));
    return item;
  }

  @Test
  void releaseLeasesOf_givesBackOneOwnersLeasesAtOnce_andLeaseHoldersListsWhoHoldsWhat() {
    scheduleActivities("i1", 2);
    create("i2");
    create("i3");
    OrchestrationWorkItem deadItem = store.claimOrchestrationWorkItems("dead", 1, LEASE).get(0);
    OrchestrationWorkItem aliveItem = store.claimOrchestrationWorkItems("alive", 1, LEASE).get(0);
    ActivityWorkItem deadActivity = store.claimActivityWorkItems("dead", 1, LEASE).get(0);
    ActivityWorkItem aliveActivity = store.claimActivityWorkItems("alive", 1, LEASE).get(0);
    Instant expiry = clock.instant().plus(LEASE).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    assertThat(store.leaseHolders()).containsExactly(
        new LeaseHolder("alive", 1, 1, expiry), new LeaseHolder("dead", 1, 1, expiry));

    assertThat(store.releaseLeasesOf("dead")).isEqualTo(new ReleasedLeases(1, 1));

    // Claimable at once, long before the leases would have expired; the other owner's stay held.
    OrchestrationWorkItem reclaimed = store.claimOrchestrationWorkItems("restarted", 10, LEASE).get(0);
    assertThat(reclaimed.instanceId()).isEqualTo(deadItem.instanceId());
    assertThat(store.claimOrchestrationWorkItems("restarted", 10, LEASE)).isEmpty();
    assertThat(store.claimActivityWorkItems("restarted", 10, LEASE)).extracting(ActivityWorkItem::id)
        .containsExactly(deadActivity.id());
    assertThatThrownBy(() -> store.commit(commit(deadItem, OrchestrationRuntimeStatus.RUNNING, step(T0))))
        .isInstanceOf(LeaseLostException.class);
    assertThatThrownBy(() -> store.completeActivity(deadActivity, new TaskCompleted(T0, deadActivity.taskId(), "1")))
        .isInstanceOf(LeaseLostException.class);
    assertThat(store.leaseHolders()).extracting(LeaseHolder::owner).containsExactly("alive", "restarted");
    assertThat(store.releaseLeasesOf("nobody").isEmpty()).isTrue();
    store.commit(commit(aliveItem, OrchestrationRuntimeStatus.RUNNING, step(T0, aliveItem.messages().get(0).event())));
    store.completeActivity(aliveActivity, new TaskCompleted(T0, aliveActivity.taskId(), "2"));
  }

  @Test
  void claims_withNames_takeOnlyWorkOfThoseNames() {
    store.createInstance(new NewInstance(HUB, "a1", started("Alpha", null, "e-a1")));
    store.createInstance(new NewInstance(HUB, "b1", started("Beta", null, "e-b1")));
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE, Set.of())).isEmpty();
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE, Set.of("Gamma"))).isEmpty();
    OrchestrationWorkItem beta = store.claimOrchestrationWorkItems("w", 10, LEASE, Set.of("Beta", "Gamma")).get(0);
    assertThat(beta.instanceId()).isEqualTo("b1");
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE, Set.of("Beta"))).isEmpty();
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE, null)).extracting(OrchestrationWorkItem::instanceId)
        .containsExactly("a1");

    // A step's activities are leased to the committer only where it has their code; the rest stay visible.
    List<NewActivity> activities = List.of(new NewActivity(0, "Known", "1"), new NewActivity(1, "Unknown", "2"),
        new NewActivity(2, "Known", "3"));
    List<HistoryEvent> events = new ArrayList<>();
    events.add(beta.messages().get(0).event());
    activities.forEach(a -> events.add(new TaskScheduled(T0, a.taskId(), a.name(), a.input())));
    StepCommitResult r = store.commit(new OrchestrationStepCommit(beta, false, step(T0, events.toArray(HistoryEvent[]::new)),
        update(beta, OrchestrationRuntimeStatus.RUNNING), activities, List.of(), List.of())
        .withLeases(new ActivityLease("w", LEASE, 10, Set.of("Known")), null, List.of()));
    assertThat(r.leasedActivities()).extracting(ActivityWorkItem::taskId).containsExactly(0, 2);
    assertThat(store.claimActivityWorkItems("w2", 10, LEASE, Set.of("Known"))).isEmpty();
    assertThat(store.claimActivityWorkItems("w2", 10, LEASE, Set.of())).isEmpty();
    assertThat(store.claimActivityWorkItems("w2", 10, LEASE, Set.of("Unknown", "Other")))
        .extracting(ActivityWorkItem::taskId).containsExactly(1);
  }

  @Test
  void claims_withNames_alsoTakeAnInstanceOfAnyNameWithATerminateRequest() {
    store.createInstance(new NewInstance(HUB, "x1", started("Elsewhere", null, "e-x1")));
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE, Set.of("Mine"))).isEmpty();
    store.sendMessage(HUB, "x1", new ExecutionTerminated(T0, "stop"), null);
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE, Set.of("Mine"))).singleElement()
        .satisfies(item -> assertThat(item.messages()).extracting(m -> m.event().eventType())
            .containsExactly("ExecutionStarted", "ExecutionTerminated"));
  }

  @Test
  void workers_heartbeatListAndRemove_andReadyWorkNames() {
    Instant started = clock.instant();
    store.heartbeat(new WorkerInfo("w-a", started, null, Set.of("Flow", "Other"), Set.of("Act0")));
    store.heartbeat(new WorkerInfo("w-b", started, null, Set.of(), Set.of("Act1", "Act with space")));
    assertThat(store.liveWorkers(Duration.ofSeconds(15))).extracting(WorkerInfo::workerId).containsExactly("w-a", "w-b");
    WorkerInfo a = store.liveWorkers(Duration.ofSeconds(15)).get(0);
    assertThat(a.orchestrations()).containsExactlyInAnyOrder("Flow", "Other");
    assertThat(a.activities()).containsExactly("Act0");
    assertThat(store.liveWorkers(Duration.ofSeconds(15)).get(1).activities()).containsExactlyInAnyOrder("Act1", "Act with space");
    assertThat(a.heartbeatAt()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

    clock.advance(Duration.ofSeconds(20));
    store.heartbeat(new WorkerInfo("w-b", started, null, Set.of(), Set.of("Act1")));
    assertThat(store.liveWorkers(Duration.ofSeconds(15))).as("w-a missed its heartbeats")
        .extracting(WorkerInfo::workerId).containsExactly("w-b");
    store.removeWorker("w-b");
    store.removeWorker("never-there");
    assertThat(store.liveWorkers(Duration.ofDays(1))).extracting(WorkerInfo::workerId).containsExactly("w-a");

    assertThat(store.readyWorkNames()).isEqualTo(new ReadyWorkNames(Set.of(), Set.of()));
    scheduleActivities("i1", 2); // Flow instance i1, now not ready; activities Act0 and Act1 ready
    create("i2");
    assertThat(store.readyWorkNames()).isEqualTo(new ReadyWorkNames(Set.of("Flow"), Set.of("Act0", "Act1")));
    store.claimActivityWorkItems("w", 1, LEASE);
    assertThat(store.readyWorkNames().activities()).as("a leased activity is not ready").hasSize(1);
  }

  @Test
  void lockNodeIdentity_isExclusiveUntilClosed() {
    Optional<NodeIdentity> first = store.lockNodeIdentity("node-a");
    assertThat(first).map(NodeIdentity::nodeId).contains("node-a");
    try (OrchestrationStore second = openSameDatabase(clock)) {
      assertThat(second.lockNodeIdentity("node-a")).as("held by the first store").isEmpty();
      Optional<NodeIdentity> other = second.lockNodeIdentity("node-b");
      assertThat(other).as("another name is free").isPresent();
      other.get().close();
      first.get().close();
      Optional<NodeIdentity> again = second.lockNodeIdentity("node-a");
      assertThat(again).as("free once its holder closed it").isPresent();
      again.get().close();
    }
  }

  @Test
  void activity_claimAndComplete_deliversResultToInstance() {
    scheduleActivities("i1", 2);
    List<ActivityWorkItem> items = store.claimActivityWorkItems("w", 10, LEASE);
    assertThat(items).hasSize(2);
    ActivityWorkItem a = items.get(0);
    assertThat(a.taskHub()).isEqualTo(HUB);
    assertThat(a.instanceId()).isEqualTo("i1");
    assertThat(a.executionId()).isEqualTo("e-i1");
    assertThat(a.taskId()).isZero();
    assertThat(a.name()).isEqualTo("Act0");
    assertThat(a.input()).isEqualTo("\"arg0\"");
    assertThat(a.dequeueCount()).isEqualTo(1);
    assertThat(store.claimActivityWorkItems("w", 10, LEASE)).isEmpty();

    TaskCompleted result = new TaskCompleted(T0, 0, "\"r\"");
    store.completeActivity(a, result);
    OrchestrationWorkItem item = claimOne();
    assertThat(item.messages()).singleElement().satisfies(m -> {
      assertThat(m.event()).isEqualTo(result);
      assertThat(m.executionId()).isEqualTo("e-i1");
    });
    assertThatThrownBy(() -> store.completeActivity(a, result)).isInstanceOf(LeaseLostException.class);
    clock.advance(LEASE);
    assertThat(store.claimActivityWorkItems("w", 10, LEASE)).extracting(ActivityWorkItem::taskId).containsExactly(1);
  }

  @Test
  void commit_activityLease_leasesUpToMaxToTheCommitterAndLeavesTheRestClaimable() {
    create("i1");
    OrchestrationWorkItem item = claimOne();
    List<NewActivity> activities = List.of(new NewActivity(0, "A0", "0"), new NewActivity(1, "A1", "1"),
        new NewActivity(2, "A2", "2"));
    List<ActivityWorkItem> leased = store.commit(new OrchestrationStepCommit(item, false,
        step(T0, item.messages().get(0).event()), update(item, OrchestrationRuntimeStatus.RUNNING), activities,
        List.of(), List.of()).withLeases(new ActivityLease("w1", LEASE, 2), null, List.of())).leasedActivities();

    assertThat(leased).extracting(ActivityWorkItem::taskId).containsExactly(0, 1);
    assertThat(leased).allSatisfy(a -> {
      assertThat(a.instanceId()).isEqualTo("i1");
      assertThat(a.executionId()).isEqualTo("e-i1");
      assertThat(a.dequeueCount()).isEqualTo(1);
    });
    assertThat(leased.get(1).name()).isEqualTo("A1");
    assertThat(leased.get(1).input()).isEqualTo("1");
    // Only the unleased one is claimable; the leased ones complete like claimed ones.
    List<ActivityWorkItem> claimed = store.claimActivityWorkItems("w2", 10, LEASE);
    assertThat(claimed).extracting(ActivityWorkItem::taskId).containsExactly(2);
    store.completeActivity(leased.get(0), new TaskCompleted(T0, 0, "\"r0\""));
    assertThat(claimOne().messages()).extracting(m -> m.event()).containsExactly(new TaskCompleted(T0, 0, "\"r0\""));
    // A leased activity whose worker vanished is claimable once the lease expires.
    clock.advance(LEASE);
    assertThat(store.claimActivityWorkItems("w2", 10, LEASE)).extracting(ActivityWorkItem::taskId).contains(1);
    assertThatThrownBy(() -> store.completeActivity(leased.get(1), new TaskCompleted(T0, 1, "1")))
        .isInstanceOf(LeaseLostException.class);
  }

  @Test
  void activity_leaseExpired_reclaimedAndOldCompletionLost() {
    scheduleActivities("i1", 1);
    ActivityWorkItem first = store.claimActivityWorkItems("w1", 10, LEASE).get(0);
    clock.advance(LEASE.minusMillis(1));
    assertThat(store.claimActivityWorkItems("w2", 10, LEASE)).isEmpty();
    clock.advance(Duration.ofMillis(1));
    ActivityWorkItem second = store.claimActivityWorkItems("w2", 10, LEASE).get(0);
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.dequeueCount()).isEqualTo(2);
    assertThat(second.lockVersion()).isGreaterThan(first.lockVersion());

    assertThatThrownBy(() -> store.completeActivity(first, new TaskCompleted(T0, 0, "1")))
        .isInstanceOf(LeaseLostException.class)
        .hasMessageContaining("i1");
    assertThat(store.renewActivityLease(first, LEASE)).isFalse();
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE)).isEmpty(); // nothing was delivered
    store.completeActivity(second, new TaskCompleted(T0, 0, "2"));
    assertThat(((TaskCompleted) claimOne().messages().get(0).event()).result()).isEqualTo("2");
  }

  @Test
  void activity_renewAndAbandon() {
    scheduleActivities("i1", 1);
    ActivityWorkItem a = store.claimActivityWorkItems("w1", 10, LEASE).get(0);
    clock.advance(Duration.ofSeconds(20));
    assertThat(store.renewActivityLease(a, LEASE)).isTrue();
    clock.advance(Duration.ofSeconds(20));
    assertThat(store.claimActivityWorkItems("w2", 10, LEASE)).isEmpty();
    store.abandonActivity(a, Duration.ofSeconds(3));
    clock.advance(Duration.ofMillis(2999));
    assertThat(store.claimActivityWorkItems("w2", 10, LEASE)).isEmpty();
    clock.advance(Duration.ofMillis(1));
    ActivityWorkItem again = store.claimActivityWorkItems("w2", 10, LEASE).get(0);
    assertThat(again.dequeueCount()).isEqualTo(2);
    assertThatThrownBy(() -> store.completeActivity(a, new TaskCompleted(T0, 0, null))).isInstanceOf(LeaseLostException.class);
    store.completeActivity(again, new TaskCompleted(T0, 0, null));
  }

  // ------------------------------------------------------------------ concurrency

  @Test
  void claim_concurrentWorkers_neverGetTheSameItem() throws Exception {
    int n = 120;
    for (int i = 0; i < n; i++) {
      create("c" + i);
    }
    scheduleActivities("acts", n);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String owner = "w" + t;
        futures.add(pool.submit(() -> {
          List<String> got = new ArrayList<>();
          while (true) {
            List<OrchestrationWorkItem> o = store.claimOrchestrationWorkItems(owner, 3, LEASE);
            List<ActivityWorkItem> a = store.claimActivityWorkItems(owner, 3, LEASE);
            if (o.isEmpty() && a.isEmpty()) {
              return got;
            }
            o.forEach(i -> got.add("o:" + i.instanceId()));
            a.forEach(i -> got.add("a:" + i.taskId()));
          }
        }));
      }
      List<String> all = new ArrayList<>();
      for (Future<List<String>> f : futures) {
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(new HashSet<>(all)).hasSize(all.size());
      assertThat(all).hasSize(2 * n);
    } finally {
      pool.shutdownNow();
    }
  }

  // ------------------------------------------------------------------ queries

  @Test
  void queryInstances_filtersAndPaginates() {
    for (int i = 0; i < 7; i++) {
      create("order-" + i);
      clock.advance(Duration.ofSeconds(1));
    }
    create("order_x"); // '_' would be a LIKE wildcard
    create("other-1");
    OrchestrationWorkItem five = claim("order-5");
    store.commit(commit(five, OrchestrationRuntimeStatus.RUNNING, step(T0)));

    InstancePage all = store.queryInstances(HUB, new InstanceQuery(null, null, null, null, 100, null));
    assertThat(all.instances()).hasSize(9);
    assertThat(all.continuationToken()).isNull();
    assertThat(all.instances()).extracting(InstanceRecord::createdAt).isSorted();

    List<String> paged = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      InstancePage page = store.queryInstances(HUB, new InstanceQuery(null, null, null, "order-", 3, token));
      page.instances().forEach(r -> paged.add(r.instanceId()));
      token = page.continuationToken();
      pages++;
    } while (token != null);
    assertThat(paged).containsExactly("order-0", "order-1", "order-2", "order-3", "order-4", "order-5", "order-6");
    assertThat(pages).isEqualTo(3);

    InstancePage exact = store.queryInstances(HUB, new InstanceQuery(null, null, null, "order-", 7, null));
    assertThat(exact.instances()).hasSize(7);
    assertThat(exact.continuationToken()).as("no token when no further row exists").isNull();

    InstancePage range = store.queryInstances(HUB,
        new InstanceQuery(null, T0.plusSeconds(2), T0.plusSeconds(4), null, 100, null));
    assertThat(range.instances()).extracting(InstanceRecord::instanceId).containsExactly("order-2", "order-3", "order-4");

    InstancePage running = store.queryInstances(HUB,
        new InstanceQuery(Set.of(OrchestrationRuntimeStatus.RUNNING), null, null, null, 100, null));
    assertThat(running.instances()).extracting(InstanceRecord::instanceId).containsExactly("order-5");
    assertThat(store.queryInstances(HUB, new InstanceQuery(null, null, null, "order_", 100, null)).instances())
        .extracting(InstanceRecord::instanceId).containsExactly("order_x");
    assertThat(store.queryInstances("hub2", new InstanceQuery(null, null, null, null, 100, null)).instances()).isEmpty();
    assertThatThrownBy(() -> store.queryInstances(HUB, new InstanceQuery(null, null, null, null, 3, "garbage!")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void queryInstances_newestFirst_pagesBackwardsThroughTheSameRows() {
    for (int i = 0; i < 5; i++) {
      create("order-" + i);
      clock.advance(Duration.ofSeconds(1));
    }
    // Two instances created at the same instant: ties go by instance id, descending.
    create("order-5b");
    create("order-5a");

    List<String> oldestFirst = new ArrayList<>();
    store.queryInstances(HUB, new InstanceQuery(null, null, null, "order-", 100, null))
        .instances().forEach(r -> oldestFirst.add(r.instanceId()));
    List<String> paged = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      InstancePage page = store.queryInstances(HUB,
          new InstanceQuery(null, null, null, "order-", 3, token, null, true));
      page.instances().forEach(r -> paged.add(r.instanceId()));
      token = page.continuationToken();
      pages++;
    } while (token != null);

    List<String> reversed = new ArrayList<>(oldestFirst);
    java.util.Collections.reverse(reversed);
    assertThat(oldestFirst).hasSize(7);
    assertThat(paged).isEqualTo(reversed);
    assertThat(paged.subList(0, 2)).containsExactly("order-5b", "order-5a");
    assertThat(pages).isEqualTo(3);
    InstancePage newestRunning = store.queryInstances(HUB, new InstanceQuery(
        Set.of(OrchestrationRuntimeStatus.RUNNING), null, null, null, 10, null, null, true));
    assertThat(newestRunning.instances()).isEmpty();
  }

  @Test
  void getHistorySlice_readsAPageOfTheCurrentExecution() {
    scheduleActivities("i1", 6);
    List<HistoryEvent> all = store.getHistory(HUB, "i1");
    assertThat(all).hasSizeGreaterThan(5);

    assertThat(store.getHistorySlice(HUB, "i1", 0, 3)).isEqualTo(all.subList(0, 3));
    assertThat(store.getHistorySlice(HUB, "i1", 3, 3)).isEqualTo(all.subList(3, 6));
    assertThat(store.getHistorySlice(HUB, "i1", all.size() - 2, 100)).isEqualTo(all.subList(all.size() - 2, all.size()));
    assertThat(store.getHistorySlice(HUB, "i1", all.size(), 10)).isEmpty();
    assertThat(store.getHistorySlice(HUB, "unknown", 0, 10)).isEmpty();
    assertThatThrownBy(() -> store.getHistorySlice(HUB, "i1", -1, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.getHistorySlice(HUB, "i1", 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------------ purge

  @Test
  void queryAndCountInstances_byName_andCountsPerStatusWithTheSameFilters() {
    store.createInstance(new NewInstance(HUB, "a1", started("Alpha", null, "e-a1")));
    store.createInstance(new NewInstance(HUB, "a2", started("Alpha", null, "e-a2")));
    store.createInstance(new NewInstance(HUB, "b1", started("Beta", null, "e-b1")));
    store.createInstance(new NewInstance("OtherHub", "a9", started("Alpha", null, "e-a9")));
    OrchestrationWorkItem a1 = claim("a1");
    store.commit(commit(a1, OrchestrationRuntimeStatus.RUNNING, step(clock.instant(), a1.messages().get(0).event())));

    InstancePage alpha = store.queryInstances(HUB, new InstanceQuery(null, null, null, null, 10, null, "Alpha"));
    assertThat(alpha.instances()).extracting(InstanceRecord::instanceId).containsExactly("a1", "a2");
    assertThat(store.queryInstances(HUB, new InstanceQuery(null, null, null, null, 10, null, "Alp")).instances())
        .as("an exact name, not a prefix").isEmpty();

    assertThat(store.countInstances(HUB, new InstanceQuery(null, null, null, null, 1, null))).isEqualTo(
        java.util.Map.of(OrchestrationRuntimeStatus.RUNNING, 1L, OrchestrationRuntimeStatus.PENDING, 2L));
    assertThat(store.countInstances(HUB, new InstanceQuery(null, null, null, null, 1, null, "Alpha"))).isEqualTo(
        java.util.Map.of(OrchestrationRuntimeStatus.RUNNING, 1L, OrchestrationRuntimeStatus.PENDING, 1L));
    assertThat(store.countInstances(HUB, new InstanceQuery(Set.of(OrchestrationRuntimeStatus.PENDING), null, null,
        "b", 1, null))).isEqualTo(java.util.Map.of(OrchestrationRuntimeStatus.PENDING, 1L));
    assertThat(store.countInstances("NoHub", new InstanceQuery(null, null, null, null, 1, null))).isEmpty();
  }

  @Test
  void purgeInstance_terminalDeleted_nonTerminalRefused_unknownFalse() {
    scheduleActivities("done", 1);
    complete("done");
    store.sendMessage(HUB, "done", new EventRaised(T0, "late", null), null);
    startAndRun("running");

    assertThat(store.purgeInstance(HUB, "done")).isTrue();
    assertThat(store.getInstance(HUB, "done")).isEmpty();
    assertThat(store.getHistory(HUB, "done")).isEmpty();
    assertThat(store.claimActivityWorkItems("w", 10, LEASE)).isEmpty();
    assertThat(store.claimOrchestrationWorkItems("w", 10, LEASE)).isEmpty();
    assertThat(store.purgeInstance(HUB, "done")).isFalse();

    assertThatThrownBy(() -> store.purgeInstance(HUB, "running"))
        .isInstanceOf(InvalidInstanceStateException.class)
        .hasMessageContaining("running")
        .hasMessageContaining("Running");
    assertThat(store.getInstance(HUB, "running")).isPresent();
  }

  @Test
  void purgeInstances_byFilter_deletesOnlyMatchingTerminal() {
    startAndRun("old-done");
    complete("old-done");
    clock.advance(Duration.ofHours(1));
    Instant later = clock.instant();
    startAndRun("new-done");
    complete("new-done");
    startAndRun("new-running");

    assertThat(store.purgeInstances(HUB, new PurgeFilter(null, null, Set.of(OrchestrationRuntimeStatus.RUNNING)))).isZero();
    assertThat(store.purgeInstances(HUB, new PurgeFilter(later, null, null))).isEqualTo(1);
    assertThat(store.getInstance(HUB, "new-done")).isEmpty();
    assertThat(store.getInstance(HUB, "old-done")).isPresent();
    assertThat(store.getInstance(HUB, "new-running")).isPresent();
    assertThat(store.purgeInstances(HUB, new PurgeFilter(null, null, Set.of(OrchestrationRuntimeStatus.COMPLETED)))).isEqualTo(1);
    assertThat(store.getHistory(HUB, "old-done")).isEmpty();
    assertThat(store.queryInstances(HUB, new InstanceQuery(null, null, null, null, 10, null)).instances())
        .extracting(InstanceRecord::instanceId).containsExactly("new-running");
  }

  // ------------------------------------------------------------------ time

  @Test
  void timestamps_roundTripWithoutDrift_includingFarFuture() {
    Instant far = Instant.parse("9999-12-31T23:59:59.999Z");
    Instant old = Instant.parse("1970-01-01T00:00:00.001Z");
    Instant precise = Instant.parse("2026-10-25T00:59:59.123456789Z"); // nanos are kept inside event JSON
    clock.set(far);
    store.createInstance(new NewInstance(HUB, "far", new ExecutionStarted(precise, "F", null, "e", null, far)));
    InstanceRecord r = store.getInstance(HUB, "far").orElseThrow();
    assertThat(r.createdAt()).isEqualTo(far);
    assertThat(r.lastUpdatedAt()).isEqualTo(far);
    assertThat(r.scheduledStartAt()).isEqualTo(far);
    OrchestrationWorkItem item = claimOne();
    assertThat(((ExecutionStarted) item.messages().get(0).event()).timestamp()).isEqualTo(precise);

    clock.set(old);
    store.createInstance(new NewInstance(HUB, "old", started("O", null, "e")));
    assertThat(store.getInstance(HUB, "old").orElseThrow().createdAt()).isEqualTo(old);
    InstancePage page = store.queryInstances(HUB, new InstanceQuery(null, far, far, null, 10, null));
    assertThat(page.instances()).extracting(InstanceRecord::instanceId).containsExactly("far");
  }

  // ------------------------------------------------------------------ listeners

  @Test
  void workListener_firesAfterMessagesAndActivities() throws InterruptedException {
    CountDownLatch created = new CountDownLatch(1);
    store.addWorkListener(created::countDown);
    create("i1");
    assertThat(created.await(10, TimeUnit.SECONDS)).isTrue();

    OrchestrationWorkItem item = claimOne();
    CountDownLatch scheduled = new CountDownLatch(1);
    store.addWorkListener(scheduled::countDown);
    store.commit(new OrchestrationStepCommit(item, false, step(T0), update(item, OrchestrationRuntimeStatus.RUNNING),
        List.of(new NewActivity(0, "A", null)), List.of(), List.of()));
    assertThat(scheduled.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void getHistory_unknownInstance_isEmpty() {
    assertThat(store.getHistory(HUB, "nope")).isEmpty();
    assertThat(store.loadHistory(HUB, "nope", "e", 0)).isEmpty();
    assertThat(Collections.<String>emptyList()).isEmpty();
  }
}
