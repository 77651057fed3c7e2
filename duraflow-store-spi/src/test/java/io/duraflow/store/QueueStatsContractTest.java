package io.duraflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskScheduled;
import io.duraflow.history.TimerFired;
import io.duraflow.store.testing.ClockedStoreContract;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link OrchestrationStore#queueStats()} on every backend: only work a claim could take now counts
 * (visible, not leased), and the oldest age is measured from when the longest-waiting item became visible.
 * Kept apart from {@link OrchestrationStoreContractTest} so that suite stays readable; subclasses give a
 * real database.
 */
public abstract class QueueStatsContractTest extends ClockedStoreContract {
  private void create(String id) {
    store.createInstance(new NewInstance(HUB, id, new ExecutionStarted(clock.instant(), "Flow", null, "e-" + id, null, null)));
  }

  @Test
  void queueStats_emptyStore_nothingReady() {
    assertThat(store.queueStats()).isEqualTo(QueueStats.EMPTY);
  }

  @Test
  void queueStats_createdInstances_countedWithTheOldestCreationAsOldest() {
    create("a");
    clock.advance(Duration.ofSeconds(2));
    create("b");
    clock.advance(Duration.ofSeconds(3));
    create("c");
    clock.advance(Duration.ofSeconds(1));

    QueueStats stats = store.queueStats();

    assertThat(stats.orchestrations().ready()).isEqualTo(3);
    assertThat(stats.orchestrations().oldestVisibleAt()).isEqualTo(T0);
    assertThat(stats.orchestrations().oldestAge(clock.instant())).isEqualTo(Duration.ofSeconds(6));
    assertThat(stats.activities()).isEqualTo(QueueStats.Backlog.EMPTY);
  }

  @Test
  void queueStats_leasedInstance_notCountedUntilItsLeaseExpires() {
    create("a");
    clock.advance(Duration.ofSeconds(1));
    create("b");
    List<OrchestrationWorkItem> claimed = store.claimOrchestrationWorkItems("w", 1, LEASE);
    assertThat(claimed).extracting(OrchestrationWorkItem::instanceId).containsExactly("a"); // oldest first

    QueueStats whileLeased = store.queueStats();
    assertThat(whileLeased.orchestrations().ready()).isEqualTo(1);
    assertThat(whileLeased.orchestrations().oldestVisibleAt()).isEqualTo(T0.plusSeconds(1)); // b's, not a's

    clock.advance(LEASE);
    QueueStats afterExpiry = store.queueStats();
    assertThat(afterExpiry.orchestrations().ready()).isEqualTo(2);
    assertThat(afterExpiry.orchestrations().oldestVisibleAt()).isEqualTo(T0);
  }

  @Test
  void queueStats_timerNotDue_notCountedUntilItFires() {
    create("a");
    OrchestrationWorkItem item = store.claimOrchestrationWorkItems("w", 1, LEASE).get(0);
    Instant fireAt = T0.plusSeconds(60);
    List<HistoryEvent> history = new ArrayList<>();
    history.add(new OrchestratorStarted(T0));
    history.add(item.messages().get(0).event());
    store.commit(new OrchestrationStepCommit(item, false, history, running(item), List.of(),
        List.of(new OutboundMessage(HUB, "a", "e-a", new TimerFired(fireAt, 1, fireAt), fireAt)), List.of()));

    assertThat(store.queueStats().orchestrations()).isEqualTo(QueueStats.Backlog.EMPTY);

    clock.set(fireAt.plusSeconds(5));
    QueueStats fired = store.queueStats();
    assertThat(fired.orchestrations().ready()).isEqualTo(1);
    assertThat(fired.orchestrations().oldestVisibleAt()).isEqualTo(fireAt);
    assertThat(fired.orchestrations().oldestAge(clock.instant())).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void queueStats_scheduledActivities_countedUntilClaimed() {
    create("a");
    OrchestrationWorkItem item = store.claimOrchestrationWorkItems("w", 1, LEASE).get(0);
    clock.advance(Duration.ofSeconds(4));
    Instant scheduledAt = clock.instant();
    List<HistoryEvent> history = new ArrayList<>();
    history.add(new OrchestratorStarted(scheduledAt));
    history.add(item.messages().get(0).event());
    List<NewActivity> activities = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      history.add(new TaskScheduled(scheduledAt, i, "A", null));
      activities.add(new NewActivity(i, "A", null));
    }
    store.commit(new OrchestrationStepCommit(item, false, history, running(item), activities, List.of(), List.of()));
    clock.advance(Duration.ofSeconds(2));

    QueueStats scheduled = store.queueStats();
    assertThat(scheduled.activities().ready()).isEqualTo(3);
    assertThat(scheduled.activities().oldestVisibleAt()).isEqualTo(scheduledAt);
    assertThat(scheduled.activities().oldestAge(clock.instant())).isEqualTo(Duration.ofSeconds(2));
    assertThat(scheduled.orchestrations()).isEqualTo(QueueStats.Backlog.EMPTY); // it waits for them, nothing to step

    List<ActivityWorkItem> claimed = store.claimActivityWorkItems("w", 2, LEASE);
    assertThat(store.queueStats().activities().ready()).isEqualTo(1);

    store.completeActivity(claimed.get(0), new TaskCompleted(clock.instant(), claimed.get(0).taskId(), null));
    QueueStats oneDone = store.queueStats();
    assertThat(oneDone.activities().ready()).isEqualTo(1);
    assertThat(oneDone.orchestrations().ready()).isEqualTo(1); // the result is in the inbox, ready to step
  }

  private static InstanceUpdate running(OrchestrationWorkItem item) {
    InstanceRecord r = item.instance();
    return new InstanceUpdate(OrchestrationRuntimeStatus.RUNNING, r.name(), r.executionId(), r.input(), null, null, null);
  }
}
