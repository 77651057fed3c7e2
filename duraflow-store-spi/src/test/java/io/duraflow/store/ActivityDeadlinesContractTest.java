package io.duraflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duraflow.action.AttemptTimeouts;
import io.duraflow.api.ActivityTimeoutKind;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.EventRaised;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.ExecutionTerminated;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.TaskCancellationRequested;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskFailed;
import io.duraflow.history.TaskScheduled;
import io.duraflow.store.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Activity deadlines, heartbeats and cancellation in the store ({@link OrchestrationStore#expireActivities},
 * {@link OrchestrationStore#recordActivityHeartbeat}) on every backend, on a clock the test moves: a deadline
 * passes whoever holds the attempt, an attempt ends once, and its late result is refused.
 */
public abstract class ActivityDeadlinesContractTest {
  private static final String HUB = "hub";
  private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);

  protected MutableClock clock;
  protected OrchestrationStore store;

  /** A new, empty store whose timestamps come from {@code clock}. */
  protected abstract OrchestrationStore newStore(Clock clock);

  @BeforeEach
  void open() {
    clock = new MutableClock(T0);
    store = newStore(clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void expire_startToClosePassedWhileLeased_failsTheTaskOnceAndRefusesTheLateResult() {
    schedule("a", new NewActivity(1, "A", null, null, timeouts(Duration.ofSeconds(5), null, null), null));
    ActivityWorkItem running = claimOne("dead-node", LEASE); // a node that will never renew nor complete
    clock.advance(Duration.ofSeconds(4));
    assertThat(store.expireActivities(10)).isZero();

    clock.advance(Duration.ofSeconds(2));
    assertThat(store.expireActivities(10)).isEqualTo(1);
    assertThat(store.expireActivities(10)).isZero(); // ended once

    TaskFailed failed = onlyFailure("a");
    assertThat(failed.taskScheduledId()).isEqualTo(1);
    assertThat(ActivityTimeoutKind.of(failed.failureDetails())).contains(ActivityTimeoutKind.START_TO_CLOSE);
    assertThat(failed.failureDetails().errorMessage()).contains("'A'").contains("start-to-close").contains("PT5S");
    assertThatThrownBy(() -> store.completeActivity(running, new TaskCompleted(clock.instant(), 1, "\"late\"")))
        .isInstanceOf(LeaseLostException.class);
    assertThat(store.recordActivityHeartbeat(running, null)).isFalse();
  }

  @Test
  void expire_heartbeatsKeepTheAttemptAlive_untilTheyStop() {
    schedule("a", new NewActivity(1, "A", null, null, timeouts(null, Duration.ofSeconds(3), null), null));
    ActivityWorkItem running = claimOne("w", LEASE);
    assertThat(running.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(3));
    clock.advance(Duration.ofSeconds(2));
    assertThat(store.recordActivityHeartbeat(running, "{\"done\":7}")).isTrue();
    clock.advance(Duration.ofSeconds(2));
    assertThat(store.expireActivities(10)).as("a heartbeat 2 s ago, timeout 3 s").isZero();

    clock.advance(Duration.ofSeconds(2));
    assertThat(store.expireActivities(10)).isEqualTo(1);
    TaskFailed failed = onlyFailure("a");
    assertThat(ActivityTimeoutKind.of(failed.failureDetails())).contains(ActivityTimeoutKind.HEARTBEAT);
    assertThat(failed.heartbeatDetails()).isEqualTo("{\"done\":7}");
  }

  @Test
  void expire_scheduleToClose_firesForAnAttemptNobodyClaimed() {
    schedule("a", new NewActivity(1, "A", null, null, timeouts(Duration.ofSeconds(1), null, T0.plusSeconds(5)), null));
    clock.advance(Duration.ofSeconds(4));
    assertThat(store.expireActivities(10)).as("start-to-close counts from the claim only").isZero();
    clock.advance(Duration.ofSeconds(2));
    assertThat(store.expireActivities(10)).isEqualTo(1);
    assertThat(ActivityTimeoutKind.of(onlyFailure("a").failureDetails())).contains(ActivityTimeoutKind.SCHEDULE_TO_CLOSE);
    assertThat(store.claimActivityWorkItems("w", 10, LEASE)).isEmpty();
  }

  @Test
  void expire_redeliveredAttempt_keepsItsFirstStart() {
    schedule("a", new NewActivity(1, "A", null, null, timeouts(Duration.ofSeconds(5), null, null), null));
    claimOne("first", Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(3)); // the first node's lease ran out: another node takes the attempt over
    ActivityWorkItem again = claimOne("second", LEASE);
    assertThat(again.dequeueCount()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(3));
    assertThat(store.expireActivities(10)).as("5 s after the first claim").isEqualTo(1);
    assertThat(ActivityTimeoutKind.of(onlyFailure("a").failureDetails())).contains(ActivityTimeoutKind.START_TO_CLOSE);
  }

  @Test
  void expire_untimedActivity_neverExpires() {
    schedule("a", new NewActivity(1, "A", null));
    ActivityWorkItem running = claimOne("w", LEASE);
    clock.advance(Duration.ofDays(1));
    assertThat(store.expireActivities(10)).isZero();
    assertThat(running.heartbeatTimeout()).isNull();
    assertThat(store.recordActivityHeartbeat(running, "1")).isTrue(); // heartbeats work without a timeout too
  }

  @Test
  void claim_retryAttempt_carriesThePreviousHeartbeatDetails() {
    schedule("a", new NewActivity(1, "A", null, null, timeouts(Duration.ofSeconds(5), Duration.ofSeconds(2), null), "[3]"));
    ActivityWorkItem item = claimOne("w", LEASE);
    assertThat(item.heartbeatDetails()).isEqualTo("[3]");
    assertThat(item.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void terminate_cancelsRunningAttempts_andDropsIdleOnes() {
    schedule("a", new NewActivity(1, "A", null, null, timeouts(Duration.ofMinutes(5), null, null), null),
        new NewActivity(2, "B", null));
    ActivityWorkItem running = store.claimActivityWorkItems("w", 1, LEASE).get(0);
    store.sendMessage(HUB, "a", new ExecutionTerminated(clock.instant(), "stop"), clock.instant());
    OrchestrationWorkItem item = claimInstance();
    List<HistoryEvent> history = List.of(new OrchestratorStarted(clock.instant()), item.messages().get(0).event());
    InstanceRecord r = item.instance();
    store.commit(new OrchestrationStepCommit(item, false, history, new InstanceUpdate(OrchestrationRuntimeStatus.TERMINATED,
        r.name(), r.executionId(), r.input(), "\"stop\"", null, null), List.of(), List.of(), List.of()));

    assertThat(store.recordActivityHeartbeat(running, null)).as("the running attempt learns it on heartbeat").isFalse();
    assertThat(store.renewActivityLease(running, LEASE)).as("and on lease renewal").isFalse();
    assertThat(store.claimActivityWorkItems("w", 10, LEASE)).as("the idle one is gone").isEmpty();
    clock.advance(LEASE.plusSeconds(1));
    assertThat(store.claimActivityWorkItems("w", 10, LEASE)).as("a cancelled attempt is never run again").isEmpty();
    assertThat(store.expireActivities(10)).as("the row goes once its lease ended").isEqualTo(1);
    assertThat(store.claimOrchestrationWorkItems("w", 1, LEASE)).as("nothing delivered for a cancellation").isEmpty();
  }

  @Test
  void commit_taskCancellationRequested_cancelsThatTaskOnly() {
    schedule("a", new NewActivity(1, "A", null), new NewActivity(2, "B", null), new NewActivity(3, "C", null));
    ActivityWorkItem runningA = store.claimActivityWorkItems("w", 1, LEASE).get(0);
    assertThat(runningA.taskId()).isEqualTo(1);
    store.sendMessage(HUB, "a", new EventRaised(clock.instant(), "stop", null), clock.instant());
    OrchestrationWorkItem item = claimInstance();
    InstanceRecord r = item.instance();
    store.commit(new OrchestrationStepCommit(item, false, List.of(new OrchestratorStarted(clock.instant()),
        item.messages().get(0).event(), new TaskCancellationRequested(clock.instant(), 4, 1),
        new TaskCancellationRequested(clock.instant(), 5, 2)),
        new InstanceUpdate(OrchestrationRuntimeStatus.RUNNING, r.name(), r.executionId(), r.input(), null, null, null),
        List.of(), List.of(), List.of()));

    assertThat(store.recordActivityHeartbeat(runningA, null)).as("the running attempt is told").isFalse();
    assertThat(store.claimActivityWorkItems("w", 10, LEASE)).as("the idle cancelled one is gone, the other stays")
        .extracting(ActivityWorkItem::taskId).containsExactly(3);
  }

  @Test
  void complete_beforeTheDeadline_leavesNothingToExpire() {
    schedule("a", new NewActivity(1, "A", null, null, timeouts(Duration.ofSeconds(5), null, null), null));
    ActivityWorkItem running = claimOne("w", LEASE);
    store.recordActivityHeartbeat(running, "1");
    store.completeActivity(running, new TaskCompleted(clock.instant(), 1, "\"ok\""));
    clock.advance(Duration.ofSeconds(10));
    assertThat(store.expireActivities(10)).isZero();
  }

  private static AttemptTimeouts timeouts(Duration startToClose, Duration heartbeat, Instant scheduleToCloseAt) {
    return new AttemptTimeouts(startToClose, heartbeat, scheduleToCloseAt);
  }

  /** Creates instance {@code id} and commits its first step, which schedules {@code activities}. */
  private void schedule(String id, NewActivity... activities) {
    store.createInstance(new NewInstance(HUB, id, new ExecutionStarted(clock.instant(), "Flow", null, "e-" + id, null, null)));
    OrchestrationWorkItem item = claimInstance();
    List<HistoryEvent> history = new ArrayList<>();
    history.add(new OrchestratorStarted(clock.instant()));
    history.add(item.messages().get(0).event());
    for (NewActivity a : activities) {
      history.add(new TaskScheduled(clock.instant(), a.taskId(), a.name(), a.input()));
    }
    InstanceRecord r = item.instance();
    store.commit(new OrchestrationStepCommit(item, false, history,
        new InstanceUpdate(OrchestrationRuntimeStatus.RUNNING, r.name(), r.executionId(), r.input(), null, null, null),
        List.of(activities), List.of(), List.of()));
  }

  private OrchestrationWorkItem claimInstance() {
    List<OrchestrationWorkItem> items = store.claimOrchestrationWorkItems("w", 1, LEASE);
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  private ActivityWorkItem claimOne(String owner, Duration lease) {
    List<ActivityWorkItem> items = store.claimActivityWorkItems(owner, 10, lease);
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  /** The one message waiting for instance {@code id}, which must be a TaskFailed. */
  private TaskFailed onlyFailure(String id) {
    OrchestrationWorkItem item = claimInstance();
    assertThat(item.instanceId()).isEqualTo(id);
    assertThat(item.messages()).hasSize(1);
    HistoryEvent e = item.messages().get(0).event();
    assertThat(e).isInstanceOf(TaskFailed.class);
    store.abandon(item, Duration.ZERO);
    return (TaskFailed) e;
  }
}
