package io.duraflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duraflow.api.EntityInstanceId;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.EntityLockGranted;
import io.duraflow.history.EntityOperationCompleted;
import io.duraflow.history.EntityOperationSignaled;
import io.duraflow.history.EntityUnlockSent;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.store.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EntityStore} on every backend: queueing, leases, batch commits (atomic and version-checked),
 * messages deferred by a lock, delivery to instances and entities, queries and cleanup. Subclasses give a
 * real database.
 */
public abstract class EntityStoreContractTest {
  private static final String HUB = "hub";
  private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final EntityInstanceId COUNTER = new EntityInstanceId("counter", "c1");

  protected MutableClock clock;
  protected OrchestrationStore store;
  protected EntityStore entities;

  /** A new, empty store whose timestamps come from {@code clock}. */
  protected abstract OrchestrationStore newStore(Clock clock);

  @BeforeEach
  void open() {
    clock = new MutableClock(T0);
    store = newStore(clock);
    entities = store.entities();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private EntityOperationSignaled op(String name, String input, String from) {
    return new EntityOperationSignaled(clock.instant(), -1, COUNTER.toInstanceId(), name, input, null, from);
  }

  private EntityWorkItem claimOne(String owner) {
    List<EntityWorkItem> items = entities.claimEntityWorkItems(owner, 10, 100, LEASE, null);
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  private static EntityBatchCommit consumeAll(EntityWorkItem item, String state, String lockedBy,
      List<OutboundMessage> messages) {
    return new EntityBatchCommit(item, state, lockedBy, item.messages(), true, messages, List.of());
  }

  @Test
  void signal_createsTheEntity_andClaimsGiveItsMessagesInArrivalOrder() {
    assertThat(entities.getEntity(HUB, COUNTER)).isEmpty();
    for (int i = 0; i < 5; i++) {
      entities.signalEntity(HUB, COUNTER, op("add", String.valueOf(i), null), clock.instant());
    }
    EntityRecord before = entities.getEntity(HUB, COUNTER).orElseThrow();
    assertThat(before.state()).isNull();
    assertThat(before.lastOperationAt()).isNull();
    assertThat(before.backlog()).isEqualTo(5);
    EntityWorkItem item = claimOne("w1");
    assertThat(item.messages()).extracting(m -> ((EntityOperationSignaled) m.event()).input())
        .containsExactly("0", "1", "2", "3", "4");
    assertThat(item.messages()).extracting(InboxMessage::id).isSorted();
  }

  @Test
  void claim_leasesOneNodeAtATime_untilTheLeaseExpires() {
    entities.signalEntity(HUB, COUNTER, op("add", "1", null), clock.instant());
    EntityWorkItem first = claimOne("w1");
    assertThat(entities.claimEntityWorkItems("w2", 10, 100, LEASE, null)).isEmpty();
    clock.advance(LEASE.plusSeconds(1));
    EntityWorkItem second = claimOne("w2");
    assertThat(second.lockVersion()).isGreaterThan(first.lockVersion());
    // The first node's lease is gone: its commit writes nothing.
    assertThatThrownBy(() -> entities.commitEntityBatch(consumeAll(first, "1", null, List.of())))
        .isInstanceOf(LeaseLostException.class);
    entities.commitEntityBatch(consumeAll(second, "1", null, List.of()));
    EntityRecord after = entities.getEntity(HUB, COUNTER).orElseThrow();
    assertThat(after.state()).isEqualTo("1");
    assertThat(after.backlog()).isZero();
    assertThat(after.lastOperationAt()).isEqualTo(clock.instant());
    // Committing the same item twice fails the second time.
    assertThatThrownBy(() -> entities.commitEntityBatch(consumeAll(second, "2", null, List.of())))
        .isInstanceOf(LeaseLostException.class);
    assertThat(entities.getEntity(HUB, COUNTER).orElseThrow().state()).isEqualTo("1");
  }

  @Test
  void claim_batchSizeLimitsMessages_andTheRestIsClaimableAfterTheCommit() {
    for (int i = 0; i < 7; i++) {
      entities.signalEntity(HUB, COUNTER, op("add", String.valueOf(i), null), clock.instant());
    }
    EntityWorkItem first = entities.claimEntityWorkItems("w", 1, 3, LEASE, null).get(0);
    assertThat(first.messages()).hasSize(3);
    entities.commitEntityBatch(consumeAll(first, "3", null, List.of()));
    EntityWorkItem second = entities.claimEntityWorkItems("w", 1, 100, LEASE, null).get(0);
    assertThat(second.messages()).extracting(m -> ((EntityOperationSignaled) m.event()).input())
        .containsExactly("3", "4", "5", "6");
    assertThat(second.state()).isEqualTo("3");
  }

  @Test
  void claim_filtersByName_andScheduledMessagesWaitForTheirTime() {
    entities.signalEntity(HUB, COUNTER, op("add", "1", null), clock.instant().plusSeconds(60));
    assertThat(entities.claimEntityWorkItems("w", 10, 100, LEASE, null)).isEmpty();
    clock.advance(Duration.ofSeconds(61));
    assertThat(entities.claimEntityWorkItems("w", 10, 100, LEASE, Set.of("other"))).isEmpty();
    assertThat(entities.claimEntityWorkItems("w", 10, 100, LEASE, Set.of("counter"))).hasSize(1);
  }

  @Test
  void commit_deliversToInstancesAndEntities_andKeepsDeferredMessagesQueued() {
    store.createInstance(new NewInstance(HUB, "orch", new ExecutionStarted(clock.instant(), "Flow", null, "e1", null, null)));
    entities.signalEntity(HUB, COUNTER, op("lock", null, "orch"), clock.instant());
    entities.signalEntity(HUB, COUNTER, op("add", "1", "someone-else"), clock.instant());
    EntityWorkItem item = claimOne("w");
    EntityInstanceId other = new EntityInstanceId("counter", "c2");
    HistoryEvent granted = new EntityLockGranted(clock.instant(), 3, "cs");
    HistoryEvent forwarded = new EntityOperationSignaled(clock.instant(), -1, other.toInstanceId(), "add", "5", null, null);
    // The batch ran the first message and deferred the second (the entity is now locked by "orch").
    entities.commitEntityBatch(new EntityBatchCommit(item, "0", "orch", List.of(item.messages().get(0)), true,
        List.of(new OutboundMessage(HUB, "orch", "e1", granted, null),
            new OutboundMessage(HUB, other.toInstanceId(), null, forwarded, null)), List.of()));
    EntityRecord locked = entities.getEntity(HUB, COUNTER).orElseThrow();
    assertThat(locked.lockedBy()).isEqualTo("orch");
    assertThat(locked.backlog()).isEqualTo(1);
    // Only the other entity is ready: the locked one's deferred message does not make it claimable.
    List<EntityWorkItem> ready = entities.claimEntityWorkItems("w", 10, 100, LEASE, null);
    assertThat(ready).extracting(EntityWorkItem::id).containsExactly(other);
    assertThat(store.getInstance(HUB, "orch")).isPresent();
    OrchestrationWorkItem orch = store.claimOrchestrationWorkItems("w", 10, LEASE).get(0);
    assertThat(orch.messages()).extracting(InboxMessage::event).contains(granted);
    // The holder's unlock makes the entity ready again, with the deferred message still first.
    entities.signalEntity(HUB, COUNTER, new EntityUnlockSent(clock.instant(), 4, COUNTER.toInstanceId(), "cs", "orch"),
        clock.instant());
    EntityWorkItem again = claimOne("w");
    assertThat(again.lockedBy()).isEqualTo("orch");
    assertThat(again.messages()).extracting(m -> m.event().eventType())
        .containsExactly("EntityOperationSignaled", "EntityUnlockSent");
  }

  @Test
  void commit_startsOrchestrations_inTheSameTransaction() {
    entities.signalEntity(HUB, COUNTER, op("start", null, null), clock.instant());
    EntityWorkItem item = claimOne("w");
    entities.commitEntityBatch(new EntityBatchCommit(item, null, null, item.messages(), true, List.of(),
        List.of(new NewInstance(HUB, "started", new ExecutionStarted(clock.instant(), "Flow", "\"x\"", "e9", null, null)))));
    assertThat(store.getInstance(HUB, "started").orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.PENDING);
  }

  @Test
  void abandon_releasesTheLease_andTheEntityIsClaimableAfterTheDelay() {
    entities.signalEntity(HUB, COUNTER, op("add", "1", null), clock.instant());
    EntityWorkItem item = claimOne("w1");
    entities.abandonEntity(item, Duration.ofSeconds(5));
    assertThat(entities.claimEntityWorkItems("w2", 10, 100, LEASE, null)).isEmpty();
    clock.advance(Duration.ofSeconds(6));
    assertThat(claimOne("w2").messages()).hasSize(1);
  }

  @Test
  void query_pagesByNameThenKey_withPrefixTimeAndStateFilters() {
    List<EntityInstanceId> ids = List.of(new EntityInstanceId("alpha", "1"), new EntityInstanceId("beta", "1"),
        new EntityInstanceId("beta", "2"), new EntityInstanceId("beta", "3"), new EntityInstanceId("betamax", "1"));
    for (EntityInstanceId id : ids) {
      entities.signalEntity(HUB, id, new EntityOperationSignaled(clock.instant(), -1, id.toInstanceId(), "set", "1", null, null),
          clock.instant());
      clock.advance(Duration.ofSeconds(1)); // the i-th entity's last operation runs at T0 + i + 1 s
      EntityWorkItem item = claimOne("w");
      entities.commitEntityBatch(consumeAll(item, "{\"v\":1}", null, List.of()));
    }
    entities.signalEntity(HUB, new EntityInstanceId("beta", "empty"), op("x", null, null), clock.instant());
    EntityPage first = entities.queryEntities(HUB, new EntityQuery("@beta", null, null, true, false, 2, null));
    assertThat(first.entities()).extracting(e -> e.id().toInstanceId()).containsExactly("@beta@1", "@beta@2");
    assertThat(first.entities().get(0).state()).isEqualTo("{\"v\":1}");
    EntityPage second = entities.queryEntities(HUB, new EntityQuery("@beta", null, null, true, false, 2,
        first.continuationToken()));
    assertThat(second.entities()).extracting(e -> e.id().toInstanceId()).containsExactly("@beta@3", "@betamax@1");
    assertThat(second.continuationToken()).isNull();
    assertThat(entities.queryEntities(HUB, EntityQuery.all().withName("beta")).entities()).hasSize(3);
    assertThat(entities.queryEntities(HUB, new EntityQuery("@beta@", null, null, false, true, 10, null)).entities())
        .extracting(e -> e.id().key()).containsExactly("1", "2", "3", "empty");
    assertThat(entities.queryEntities(HUB, new EntityQuery(null, T0.plusSeconds(3), T0.plusSeconds(5), false, false, 10,
        null)).entities()).extracting(e -> e.id().toInstanceId()).containsExactly("@beta@2", "@beta@3");
    assertThat(entities.queryEntities("other-hub", EntityQuery.all()).entities()).isEmpty();
    assertThatThrownBy(() -> entities.queryEntities(HUB, new EntityQuery(null, null, null, false, false, 2, "bogus")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("continuation token");
  }

  @Test
  void cleanEntityStorage_removesEmptyEntities_andReleasesLocksOfEndedOrchestrations() {
    EntityInstanceId empty = new EntityInstanceId("counter", "empty");
    entities.signalEntity(HUB, empty, op("delete", null, null), clock.instant());
    entities.commitEntityBatch(consumeAll(claimOne("w"), null, null, List.of()));
    entities.signalEntity(HUB, COUNTER, op("lock", null, "gone-orchestration"), clock.instant());
    entities.signalEntity(HUB, COUNTER, op("add", "1", null), clock.instant());
    EntityWorkItem item = claimOne("w");
    entities.commitEntityBatch(new EntityBatchCommit(item, "0", "gone-orchestration", List.of(item.messages().get(0)),
        true, List.of(), List.of()));
    assertThat(entities.claimEntityWorkItems("w", 10, 100, LEASE, null)).isEmpty(); // deferred behind the lock
    EntityCleanup cleanup = entities.cleanEntityStorage(HUB);
    assertThat(cleanup).isEqualTo(new EntityCleanup(1, 1));
    assertThat(entities.getEntity(HUB, empty)).isEmpty();
    assertThat(entities.getEntity(HUB, COUNTER).orElseThrow().lockedBy()).isNull();
    assertThat(claimOne("w").messages()).hasSize(1); // the deferred message can run now
  }

  @Test
  void entityMessage_inAnOrchestrationStep_isQueuedInTheSameCommit() {
    store.createInstance(new NewInstance(HUB, "orch", new ExecutionStarted(clock.instant(), "Flow", null, "e1", null, null)));
    OrchestrationWorkItem item = store.claimOrchestrationWorkItems("w", 1, LEASE).get(0);
    HistoryEvent call = op("add", "2", "orch");
    InstanceUpdate update = new InstanceUpdate(OrchestrationRuntimeStatus.RUNNING, "Flow", "e1", null, null, null, null);
    store.commit(new OrchestrationStepCommit(item, false, List.of(item.messages().get(0).event(), call), update, List.of(),
        List.of(new OutboundMessage(HUB, COUNTER.toInstanceId(), null, call, null)), List.of()));
    EntityWorkItem entity = claimOne("w");
    assertThat(entity.messages()).extracting(InboxMessage::event).containsExactly(call);
    entities.commitEntityBatch(consumeAll(entity, "2", null,
        List.of(new OutboundMessage(HUB, "orch", "e1", new EntityOperationCompleted(clock.instant(), -1, "2"), null))));
    assertThat(store.claimOrchestrationWorkItems("w", 1, LEASE).get(0).messages())
        .extracting(m -> m.event().eventType()).containsExactly("EntityOperationCompleted");
  }

  @Test
  void instanceWhoseIdLooksLikeAnEntity_stillGetsItsOwnMessages() {
    // Only entity messages are routed to entity queues: an orchestration's timer to itself is not one.
    String id = "@not@an-entity";
    store.createInstance(new NewInstance(HUB, id, new ExecutionStarted(clock.instant(), "Flow", null, "e1", null, null)));
    store.sendMessage(HUB, id, new io.duraflow.history.EventRaised(clock.instant(), "go", null), clock.instant());
    OrchestrationWorkItem item = store.claimOrchestrationWorkItems("w", 1, LEASE).get(0);
    assertThat(item.messages()).extracting(m -> m.event().eventType()).containsExactly("ExecutionStarted", "EventRaised");
    assertThat(entities.getEntity(HUB, EntityInstanceId.fromInstanceId(id))).isEmpty();
  }

  @Test
  void releaseLeasesOf_aRestartedNode_givesBackItsEntityLeasesAtOnce() {
    entities.signalEntity(HUB, COUNTER, op("add", "1", null), clock.instant());
    EntityWorkItem lost = claimOne("dead");
    store.releaseLeasesOf("dead");
    EntityWorkItem again = claimOne("w2"); // before the lease would have expired
    assertThatThrownBy(() -> entities.commitEntityBatch(consumeAll(lost, "1", null, List.of())))
        .isInstanceOf(LeaseLostException.class);
    entities.commitEntityBatch(consumeAll(again, "1", null, List.of()));
    assertThat(entities.getEntity(HUB, COUNTER).orElseThrow().state()).isEqualTo("1");
  }
}
