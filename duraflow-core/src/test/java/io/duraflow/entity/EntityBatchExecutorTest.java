package io.duraflow.entity;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.DataConverter;
import io.duraflow.api.EntityInstanceId;
import io.duraflow.api.TaskEntity;
import io.duraflow.history.EntityLockGranted;
import io.duraflow.history.EntityLockRequested;
import io.duraflow.history.EntityOperationCalled;
import io.duraflow.history.EntityOperationCompleted;
import io.duraflow.history.EntityOperationFailed;
import io.duraflow.history.EntityOperationSignaled;
import io.duraflow.history.EntityUnlockSent;
import io.duraflow.history.HistoryEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Batches of entity messages, run with no store. */
class EntityBatchExecutorTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final EntityInstanceId ID = new EntityInstanceId("counter", "k");

  /** Integers only: enough for a counter. */
  private static final DataConverter INTS = new DataConverter() {
    @Override
    public String serialize(Object value) {
      return value == null ? null : value.toString();
    }

    @Override
    public <T> T deserialize(String json, Class<T> type) {
      return json == null ? null : type.cast(Integer.valueOf(json));
    }
  };

  /** add n (fails on a negative n after changing the state), get, signal a peer. */
  private static final TaskEntity COUNTER = ctx -> {
    int value = ctx.hasState() ? ctx.getState(Integer.class) : 0;
    switch (ctx.operationName()) {
      case "add" -> {
        int n = ctx.getInput(Integer.class);
        ctx.setState(value + n);
        ctx.signalEntity(new EntityInstanceId("audit", "k"), "saw", n);
        if (n < 0) {
          throw new IllegalArgumentException("negative " + n);
        }
      }
      case "get" -> { }
      default -> throw new IllegalArgumentException("unknown " + ctx.operationName());
    }
    return ctx.getState(Integer.class);
  };

  private final EntityBatchExecutor executor = new EntityBatchExecutor(Map.of("counter", COUNTER)::get, INTS);

  private static HistoryEvent signal(String op, String input, String from) {
    return new EntityOperationSignaled(NOW, -1, ID.toInstanceId(), op, input, null, from);
  }

  private static HistoryEvent call(int taskId, String op, String input, String from) {
    return new EntityOperationCalled(NOW, taskId, ID.toInstanceId(), op, input, from, "e-" + from);
  }

  @Test
  void execute_operationsRunInOrder_andCallersGetTheirResults() {
    EntityBatchResult r = executor.execute(ID, "1", null, List.of(signal("add", "2", null), call(7, "get", null, "o1"),
        signal("add", "4", null), call(8, "get", null, "o2")), NOW);
    assertThat(r.state()).isEqualTo("7");
    assertThat(r.consumed()).containsExactly(0, 1, 2, 3);
    assertThat(r.operationsRun()).isEqualTo(4);
    List<EntityMessage> answers = r.messages().stream().filter(m -> !m.targetInstanceId().startsWith("@")).toList();
    assertThat(answers).extracting(EntityMessage::targetInstanceId).containsExactly("o1", "o2");
    assertThat(answers.get(0).event()).isEqualTo(new EntityOperationCompleted(NOW, 7, "3"));
    assertThat(answers.get(0).executionId()).isEqualTo("e-o1");
    assertThat(answers.get(1).event()).isEqualTo(new EntityOperationCompleted(NOW, 8, "7"));
  }

  @Test
  void execute_failingOperation_isRolledBack_withItsMessages_andTheCallerGetsTheFailure() {
    EntityBatchResult r = executor.execute(ID, "10", null, List.of(call(3, "add", "-4", "o1"), signal("add", "1", null)), NOW);
    assertThat(r.state()).isEqualTo("11");
    // Only the successful operation's signal to the audit entity is sent, and the failure to the caller.
    assertThat(r.messages()).extracting(EntityMessage::targetInstanceId).containsExactly("o1", "@audit@k");
    assertThat(r.messages().get(0).event()).isInstanceOfSatisfying(EntityOperationFailed.class,
        f -> assertThat(f.failureDetails().errorMessage()).isEqualTo("negative -4"));
  }

  @Test
  void execute_unknownEntity_failsCallsWithAClearMessage() {
    EntityBatchExecutor none = new EntityBatchExecutor(n -> null, INTS);
    EntityBatchResult r = none.execute(ID, null, null, List.of(call(1, "get", null, "o1")), NOW);
    assertThat(r.messages().get(0).event()).isInstanceOfSatisfying(EntityOperationFailed.class,
        f -> assertThat(f.failureDetails().errorMessage()).contains("No entity named 'counter'"));
  }

  @Test
  void execute_lockRequest_locksAndForwardsToTheNextEntity_orGrantsAtTheLast() {
    List<String> set = List.of("@counter@k", "@counter@z");
    EntityBatchResult first = executor.execute(ID, null, null,
        List.of(new EntityLockRequested(NOW, 5, "cs", set, 0, "o1", "e1")), NOW);
    assertThat(first.lockedBy()).isEqualTo("o1");
    assertThat(first.messages()).singleElement().satisfies(m -> {
      assertThat(m.targetInstanceId()).isEqualTo("@counter@z");
      assertThat(((EntityLockRequested) m.event()).position()).isEqualTo(1);
    });
    EntityBatchResult last = executor.execute(new EntityInstanceId("counter", "z"), null, null,
        List.of(new EntityLockRequested(NOW, 5, "cs", set, 1, "o1", "e1")), NOW);
    assertThat(last.messages()).singleElement().satisfies(m -> {
      assertThat(m.targetInstanceId()).isEqualTo("o1");
      assertThat(m.event()).isEqualTo(new EntityLockGranted(NOW, 5, "cs"));
    });
  }

  @Test
  void execute_whileLocked_defersOthers_andRunsThemInOrderAfterTheUnlock() {
    EntityBatchResult r = executor.execute(ID, "0", "holder", List.of(
        signal("add", "1", null),                    // 0: deferred
        call(1, "add", "10", "holder"),              // 1: runs
        new EntityLockRequested(NOW, 9, "cs2", List.of(ID.toInstanceId()), 0, "other", "e"), // 2: deferred
        new EntityUnlockSent(NOW, 2, ID.toInstanceId(), "cs", "holder"), // 3: releases
        signal("add", "100", null)), NOW);           // 4: after the lock request: deferred again
    // After the unlock, message 0 runs, then the other orchestration's request takes the lock, so 4 waits.
    assertThat(r.consumed()).containsExactly(0, 1, 2, 3);
    assertThat(r.state()).isEqualTo("11");
    assertThat(r.lockedBy()).isEqualTo("other");
  }

  @Test
  void classEntity_methodsAreOperations_theObjectIsTheState_andDeleteIsBuiltIn() {
    EntityBatchExecutor classes = new EntityBatchExecutor(Map.<String, TaskEntity>of("counter",
        new ClassEntity<>(Tally.class))::get, new TallyConverter());
    EntityBatchResult r = classes.execute(ID, null, null, List.of(signal("Add", "3", null), call(1, "total", null, "o"),
        signal("delete", null, null)), NOW);
    assertThat(r.messages()).singleElement().satisfies(m -> assertThat(m.event()).isEqualTo(new EntityOperationCompleted(NOW, 1, "3")));
    assertThat(r.state()).isNull();
  }

  /** A class entity. */
  public static final class Tally {
    public int n;

    public void add(int amount) {
      n += amount;
    }

    public int total() {
      return n;
    }
  }

  /** Tally as its number; integers as themselves. */
  private static final class TallyConverter implements DataConverter {
    @Override
    public String serialize(Object value) {
      return value == null ? null : value instanceof Tally t ? String.valueOf(t.n) : value.toString();
    }

    @Override
    public <T> T deserialize(String json, Class<T> type) {
      if (json == null) {
        return null;
      }
      if (type == Tally.class) {
        Tally t = new Tally();
        t.n = Integer.parseInt(json);
        return type.cast(t);
      }
      return type == int.class ? (T) Integer.valueOf(json) : type.cast(Integer.valueOf(json));
    }
  }
}
