package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.EntityInstanceId;
import io.duraflow.api.EntityLock;
import io.duraflow.api.NonDeterministicOrchestrationException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskEntityContext;
import io.duraflow.api.TaskFailedException;
import io.duraflow.api.TaskRegistry;
import io.duraflow.client.DurableClient;
import io.duraflow.history.EntityLockRequested;
import io.duraflow.history.EntityUnlockSent;
import io.duraflow.history.HistoryEvent;
import io.duraflow.store.EntityPage;
import io.duraflow.store.EntityQuery;
import io.duraflow.store.EntityRecord;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable entities over a real store, end to end (client, worker, orchestrations). Each backend runs the
 * whole suite by extending it ({@code SqliteEntityTest}, {@code PostgresEntityTest}).
 */
abstract class EntityContractTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final AtomicBoolean changedCode = new AtomicBoolean();

  @TempDir Path tempDir;
  OrchestrationStore store;
  DuraflowEngine engine;
  DurableClient client;

  protected abstract OrchestrationStore newStore(Path dir, Clock clock);

  /** A counter as a plain class: its fields are the state, its public methods the operations. */
  public static final class Counter {
    public int value;

    public void add(int amount) {
      value += amount;
    }

    public int get() {
      return value;
    }

    /** Changes the state, then fails: the change must be rolled back. */
    public void addThenFail(int amount) {
      value += amount;
      throw new IllegalStateException("refused to add " + amount);
    }
  }

  /** An entity as a function: records every "append" input, in the order it ran. */
  static Object journal(TaskEntityContext ctx) {
    List<String> entries = ctx.hasState() ? new ArrayList<>(Arrays.asList(ctx.getState(String[].class))) : new ArrayList<>();
    switch (ctx.operationName()) {
      case "append" -> {
        entries.add(ctx.getInput(String.class));
        ctx.setState(entries);
      }
      case "delete" -> ctx.deleteState();
      case "get" -> { }
      case "forward" -> ctx.signalEntity(new EntityInstanceId("counter", ctx.getInput(String.class)), "add", 1);
      case "start" -> ctx.startNewOrchestration("SignalCounter", ctx.getInput(String.class), null);
      default -> throw new IllegalArgumentException("unknown operation " + ctx.operationName());
    }
    return entries;
  }

  static TaskRegistry registry() {
    return TaskRegistry.builder()
        .addEntity("Counter", Counter.class)
        .addEntity("journal", EntityContractTest::journal)
        .addOrchestration("SignalCounter", ctx -> {
          EntityInstanceId id = new EntityInstanceId("counter", ctx.getInput(String.class));
          for (int i = 1; i <= 3; i++) {
            ctx.signalEntity(id, "add", i);
          }
          return ctx.callEntity(id, "get", null, Integer.class).await();
        })
        .addOrchestration("CallFails", ctx -> {
          EntityInstanceId id = new EntityInstanceId("counter", ctx.getInput(String.class));
          ctx.callEntity(id, "add", 10, Void.class).await();
          String failure;
          try {
            ctx.callEntity(id, "addThenFail", 5, Void.class).await();
            failure = "no failure";
          } catch (TaskFailedException e) {
            failure = e.failureDetails().errorMessage();
          }
          return failure + " / value " + ctx.callEntity(id, "get", null, Integer.class).await();
        })
        .addOrchestration("CriticalSection", ctx -> {
          String[] input = ctx.getInput(String[].class); // tag, then the journal keys to lock
          String tag = input[0];
          EntityInstanceId[] ids = Arrays.stream(input, 1, input.length)
              .map(k -> new EntityInstanceId("journal", k)).toArray(EntityInstanceId[]::new);
          try (EntityLock lock = ctx.lockEntities(ids).await()) {
            for (EntityInstanceId id : ids) {
              ctx.callEntity(id, "append", tag + ":begin", Object.class).await();
            }
            for (int i = ids.length - 1; i >= 0; i--) {
              ctx.callEntity(ids[i], "append", tag + ":end", Object.class).await();
            }
            return lock.entities().size();
          }
        })
        .addOrchestration("HoldLock", ctx -> {
          EntityInstanceId id = new EntityInstanceId("journal", ctx.getInput(String.class));
          try (EntityLock lock = ctx.lockEntities(id).await()) {
            ctx.callEntity(id, "append", "locked", Object.class).await();
            ctx.waitForExternalEvent("go", String.class).await();
            ctx.callEntity(id, "append", "released", Object.class).await();
          }
          return "done";
        })
        .addOrchestration("ChangingEntityCall", ctx -> {
          EntityInstanceId id = new EntityInstanceId("counter", "nd");
          ctx.callEntity(id, changedCode.get() ? "add" : "get", changedCode.get() ? 1 : null, Object.class).await();
          ctx.waitForExternalEvent("go", String.class).await();
          return "done";
        })
        .build();
  }

  @BeforeEach
  void startEngine() {
    changedCode.set(false);
    store = newStore(tempDir, Clock.systemUTC());
    engine = newEngine(WorkerOptions.defaults(DuraflowEngine.defaultWorkerId()));
    client = engine.client();
  }

  DuraflowEngine newEngine(WorkerOptions options) {
    return DuraflowEngine.builder().store(store).registry(registry()).workerOptions(options).build().start();
  }

  @AfterEach
  void stopEngine() {
    if (engine != null) {
      engine.close();
    }
    if (store != null) {
      store.close();
    }
  }

  /** Polls the entity until {@code condition} holds, or fails after {@link #WAIT}. */
  EntityRecord awaitEntity(EntityInstanceId id, Predicate<EntityRecord> condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Optional<EntityRecord> last = Optional.empty();
    while (System.nanoTime() < deadline) {
      last = client.getEntity(id);
      if (last.isPresent() && condition.test(last.get())) {
        return last.get();
      }
      Thread.sleep(10);
    }
    throw new AssertionError("entity " + id + " did not reach the expected state in " + WAIT + "; last: " + last);
  }

  List<String> journalOf(String key) {
    return client.getEntity(new EntityInstanceId("journal", key)).map(r -> List.of(
        new io.duraflow.json.JacksonDataConverter().deserialize(r.state(), String[].class))).orElse(List.of());
  }

  static int count(EntityRecord r) {
    return new io.duraflow.json.JacksonDataConverter().deserialize(r.state(), Counter.class).value;
  }

  @Test
  void clientSignals_runOneAtATimeInArrivalOrder() throws Exception {
    EntityInstanceId id = new EntityInstanceId("journal", "order");
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      sent.add("e" + i);
      client.signalEntity(id, "append", "e" + i);
    }
    awaitEntity(id, r -> journalOf("order").size() == sent.size());
    assertThat(journalOf("order")).containsExactlyElementsOf(sent);
    EntityRecord r = client.getEntity(id).orElseThrow();
    assertThat(r.lastOperationAt()).isNotNull();
    assertThat(r.backlog()).isZero();
  }

  @Test
  void getEntity_unknownEntity_isEmpty() {
    assertThat(client.getEntity(new EntityInstanceId("counter", "never-signalled"))).isEmpty();
  }

  @Test
  void orchestration_signalsThenCalls_seesItsSignalsApplied() throws Exception {
    String id = client.startNew("SignalCounter", "from-orchestration");
    InstanceRecord done = client.waitForCompletion(id, WAIT);
    assertThat(done.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    assertThat(done.output()).isEqualTo("6"); // 1 + 2 + 3, signalled before the call, in order
    List<String> kinds = client.getHistory(id).stream().map(HistoryEvent::eventType).toList();
    assertThat(kinds).contains("EntityOperationSignaled", "EntityOperationCalled", "EntityOperationCompleted");
  }

  @Test
  void callEntity_operationThrows_failsTheTaskAndRollsBackItsStateChange() throws Exception {
    String id = client.startNew("CallFails", "rollback");
    InstanceRecord done = client.waitForCompletion(id, WAIT);
    assertThat(done.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    assertThat(done.output()).contains("refused to add 5", "value 10");
    assertThat(count(client.getEntity(new EntityInstanceId("counter", "rollback")).orElseThrow())).isEqualTo(10);
  }

  @Test
  void entity_signalsAnotherEntityAndStartsAnOrchestration() throws Exception {
    client.signalEntity(new EntityInstanceId("journal", "sender"), "forward", "target");
    awaitEntity(new EntityInstanceId("counter", "target"), r -> count(r) == 1);
    client.signalEntity(new EntityInstanceId("journal", "sender"), "start", "started-by-entity");
    // The started orchestration adds 1 + 2 + 3 to the counter it names.
    awaitEntity(new EntityInstanceId("counter", "started-by-entity"), r -> count(r) == 6);
  }

  @Test
  void criticalSections_onOverlappingEntities_finishWithoutDeadlockAndDoNotInterleave() throws Exception {
    // Each lock set names its entities in a different order: without the global order they could deadlock.
    List<String[]> sets = List.of(new String[] {"A", "a", "b"}, new String[] {"B", "b", "a"},
        new String[] {"C", "c", "b"}, new String[] {"D", "a", "c"}, new String[] {"E", "c", "b", "a"});
    List<String> ids = new ArrayList<>();
    for (String[] set : sets) {
      ids.add(client.startNew("CriticalSection", set));
    }
    for (String id : ids) {
      InstanceRecord done = client.waitForCompletion(id, WAIT);
      assertThat(done.runtimeStatus()).as(id + " " + done.failureDetails()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    }
    for (String key : List.of("a", "b", "c")) {
      List<String> journal = journalOf(key);
      Set<String> tags = new HashSet<>();
      for (String[] set : sets) {
        if (Arrays.asList(set).subList(1, set.length).contains(key)) {
          tags.add(set[0]);
        }
      }
      assertThat(journal).hasSize(2 * tags.size());
      // No interleaving: every begin is immediately followed by the same section's end on this entity.
      for (int i = 0; i < journal.size(); i += 2) {
        String tag = journal.get(i).substring(0, 1);
        assertThat(journal.get(i)).isEqualTo(tag + ":begin");
        assertThat(journal.get(i + 1)).as("entity %s: %s", key, journal).isEqualTo(tag + ":end");
        tags.remove(tag);
      }
      assertThat(tags).isEmpty();
    }
    for (String id : ids) {
      List<HistoryEvent> history = client.getHistory(id);
      EntityLockRequested request = history.stream().filter(EntityLockRequested.class::isInstance)
          .map(EntityLockRequested.class::cast).findFirst().orElseThrow();
      assertThat(request.lockSet()).isSorted();
      assertThat(history.stream().filter(EntityUnlockSent.class::isInstance).count()).isEqualTo(request.lockSet().size());
    }
  }

  @Test
  void lockedEntity_signalFromAClientWaitsUntilRelease() throws Exception {
    String id = client.startNew("HoldLock", "held");
    EntityInstanceId entity = new EntityInstanceId("journal", "held");
    awaitEntity(entity, r -> journalOf("held").contains("locked"));
    client.signalEntity(entity, "append", "from-client"); // queued while the lock is held
    assertThat(client.getEntity(entity).orElseThrow().backlog()).isEqualTo(1);
    client.raiseEvent(id, "go", "now");
    assertThat(client.waitForCompletion(id, WAIT).runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    awaitEntity(entity, r -> journalOf("held").size() == 3);
    // Without the lock the client's signal, sent before "go", would have run before "released".
    assertThat(journalOf("held")).containsExactly("locked", "released", "from-client");
    assertThat(client.getEntity(entity).orElseThrow().lockedBy()).isNull();
  }

  @Test
  void lockHolderEnds_withoutClosing_releasesTheLock() throws Exception {
    String id = client.startNew("HoldLock", "terminated");
    EntityInstanceId entity = new EntityInstanceId("journal", "terminated");
    awaitEntity(entity, r -> journalOf("terminated").contains("locked"));
    assertThat(client.getEntity(entity).orElseThrow().lockedBy()).isEqualTo(id);
    client.terminate(id, "stop");
    client.waitForCompletion(id, WAIT);
    client.signalEntity(entity, "append", "after");
    awaitEntity(entity, r -> journalOf("terminated").contains("after"));
    // Either the unlock the orchestration sent at its end or the storage cleanup released it.
    client.cleanEntityStorage();
    assertThat(client.getEntity(entity).orElseThrow().lockedBy()).isNull();
  }

  @Test
  void deleteOperation_removesTheStateAndCleanupRemovesTheEntity() throws Exception {
    EntityInstanceId counter = new EntityInstanceId("counter", "to-delete");
    client.signalEntity(counter, "add", 3);
    awaitEntity(counter, r -> count(r) == 3);
    client.signalEntity(counter, "delete", null);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (client.getEntity(counter).isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(client.getEntity(counter)).isEmpty();
    assertThat(store.entities().getEntity(client.taskHub(), counter)).isPresent(); // a row without state
    assertThat(client.cleanEntityStorage().emptyEntitiesRemoved()).isEqualTo(1);
    assertThat(store.entities().getEntity(client.taskHub(), counter)).isEmpty();
  }

  @Test
  void queryEntities_pagesByNameAndKey_filtersByPrefixAndTime() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    List<String> keys = List.of("k1", "k2", "k3", "k4", "k5", "k6", "k7");
    for (String k : keys) {
      client.signalEntity(new EntityInstanceId("counter", k), "add", 1);
    }
    client.signalEntity(new EntityInstanceId("journal", "other"), "append", "x");
    for (String k : keys) {
      awaitEntity(new EntityInstanceId("counter", k), r -> count(r) == 1);
    }
    awaitEntity(new EntityInstanceId("journal", "other"), r -> true);
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      EntityPage page = client.queryEntities(new EntityQuery("count", before, null, false, false, 3, token));
      page.entities().forEach(e -> {
        assertThat(e.state()).isNull();
        seen.add(e.id().key());
      });
      token = page.continuationToken();
      pages++;
    } while (token != null);
    assertThat(seen).containsExactlyElementsOf(keys);
    assertThat(pages).isEqualTo(3);
    EntityPage withState = client.queryEntities(new EntityQuery("journal", null, null, true, false, 10, null));
    assertThat(withState.entities()).singleElement().satisfies(e -> assertThat(e.state()).contains("x"));
    assertThat(client.queryEntities(new EntityQuery(null, null, before, true, false, 10, null)).entities()).isEmpty();
  }

  @Test
  void nonDeterminism_entityCallChangedWhileRunning_failsTheInstance() throws Exception {
    engine.close();
    engine = newEngine(WorkerOptions.defaults("no-cache").withSessionCacheSize(0)); // replay every step
    client = engine.client();
    String id = client.startNew("ChangingEntityCall", null);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (client.getHistory(id).stream().noneMatch(e -> e.eventType().equals("EntityOperationCompleted"))) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(10);
    }
    changedCode.set(true);
    client.raiseEvent(id, "go", "now");
    InstanceRecord failed = client.waitForCompletion(id, WAIT);
    assertThat(failed.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(failed.failureDetails().errorType()).isEqualTo(NonDeterministicOrchestrationException.class.getName());
    assertThat(failed.failureDetails().errorMessage()).contains("'get'", "'add'", "@counter@nd");
  }
}
