package io.duraflow.entity;

import io.duraflow.api.DataConverter;
import io.duraflow.api.EntityInstanceId;
import io.duraflow.api.FailureDetails;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs a batch of an entity's queued messages, one at a time in arrival order, and returns what to commit.
 * Pure: no I/O; the same inputs give the same result (apart from the ids of orchestrations it starts).
 *
 * <p>Design note, locks: while the entity is locked by a critical section, only messages from the lock
 * holder run; the others are deferred (left queued, in order). When an unlock arrives, the deferred
 * messages run next, before later ones, so arrival order holds for everyone but the holder. A lock
 * request from another orchestration is deferred like any operation: it is granted when the lock is
 * free, which queues contending critical sections at their first shared entity.
 *
 * <p>An operation that throws is rolled back: its state change and messages are dropped, and a caller
 * gets an {@link EntityOperationFailed}.
 */
public final class EntityBatchExecutor {
  private final Function<String, TaskEntity> entities;
  private final DataConverter converter;

  /** @param entities the code of an entity name, or null when this node has none */
  public EntityBatchExecutor(Function<String, TaskEntity> entities, DataConverter converter) {
    this.entities = Objects.requireNonNull(entities, "entities");
    this.converter = Objects.requireNonNull(converter, "converter");
  }

  /**
   * Runs {@code batch} (messages in arrival order) on entity {@code id} holding {@code state} and
   * locked by {@code lockedBy} (null when unlocked), at batch time {@code now}.
   */
  public EntityBatchResult execute(EntityInstanceId id, String state, String lockedBy, List<HistoryEvent> batch,
      Instant now) {
    Batch b = new Batch(id, state, lockedBy, now);
    boolean[] done = new boolean[batch.size()];
    List<Integer> consumed = new ArrayList<>();
    boolean rescan = true;
    while (rescan) {
      rescan = false;
      for (int i = 0; i < batch.size(); i++) {
        if (done[i]) {
          continue;
        }
        HistoryEvent message = batch.get(i);
        if (b.lockedBy != null && !b.lockedBy.equals(sender(message))) {
          continue; // deferred until the holder unlocks
        }
        done[i] = true;
        consumed.add(i);
        boolean wasLocked = b.lockedBy != null;
        b.run(message);
        if (wasLocked && b.lockedBy == null) {
          rescan = true; // deferred messages run now, in their arrival order
          break;
        }
      }
    }
    consumed.sort(null);
    return new EntityBatchResult(b.state, b.lockedBy, consumed, b.messages, b.starts, b.operationsRun);
  }

  private static String sender(HistoryEvent m) {
    if (m instanceof EntityOperationSignaled s) {
      return s.parentInstanceId();
    } else if (m instanceof EntityOperationCalled c) {
      return c.parentInstanceId();
    } else if (m instanceof EntityLockRequested l) {
      return l.parentInstanceId();
    } else if (m instanceof EntityUnlockSent u) {
      return u.parentInstanceId();
    }
    return null;
  }

  /** The mutable state of one batch run. */
  private final class Batch {
    final EntityInstanceId id;
    final Instant now;
    String state;
    String lockedBy;
    final List<EntityMessage> messages = new ArrayList<>();
    final List<EntityStart> starts = new ArrayList<>();
    int operationsRun;

    Batch(EntityInstanceId id, String state, String lockedBy, Instant now) {
      this.id = id;
      this.state = state;
      this.lockedBy = lockedBy;
      this.now = now;
    }

    void run(HistoryEvent message) {
      if (message instanceof EntityOperationSignaled s) {
        operation(s.operation(), s.input(), null, null, -1);
      } else if (message instanceof EntityOperationCalled c) {
        operation(c.operation(), c.input(), c.parentInstanceId(), c.parentExecutionId(), c.taskId());
      } else if (message instanceof EntityLockRequested l) {
        lockedBy = l.parentInstanceId();
        int next = l.position() + 1;
        if (next < l.lockSet().size()) {
          messages.add(new EntityMessage(l.lockSet().get(next), null, new EntityLockRequested(now, l.taskId(),
              l.criticalSectionId(), l.lockSet(), next, l.parentInstanceId(), l.parentExecutionId()), null));
        } else {
          messages.add(new EntityMessage(l.parentInstanceId(), l.parentExecutionId(),
              new EntityLockGranted(now, l.taskId(), l.criticalSectionId()), null));
        }
      } else if (message instanceof EntityUnlockSent u) {
        if (u.parentInstanceId().equals(lockedBy)) {
          lockedBy = null;
        }
      }
      // Any other event in an entity queue is not for an entity: dropped (consumed) rather than retried forever.
    }

    private void operation(String name, String input, String caller, String callerExecution, int taskId) {
      operationsRun++;
      TaskEntity code = entities.apply(id.name());
      String before = state;
      int messagesBefore = messages.size();
      int startsBefore = starts.size();
      OperationContext ctx = new OperationContext(id, name, input, this);
      HistoryEvent answer;
      try {
        if (code == null) {
          throw new IllegalStateException("No entity named '" + id.name() + "' is registered on this worker");
        }
        Object result = code.run(ctx);
        answer = new EntityOperationCompleted(now, taskId, converter.serialize(result));
      } catch (Exception | StackOverflowError e) {
        state = before; // roll the failed operation back
        messages.subList(messagesBefore, messages.size()).clear();
        starts.subList(startsBefore, starts.size()).clear();
        answer = new EntityOperationFailed(now, taskId, FailureDetails.of(e));
      }
      if (caller != null) {
        messages.add(new EntityMessage(caller, callerExecution, answer, null));
      }
    }
  }

  /** The context of one operation. */
  private final class OperationContext implements io.duraflow.api.TaskEntityContext {
    private final EntityInstanceId id;
    private final String operation;
    private final String input;
    private final Batch batch;

    OperationContext(EntityInstanceId id, String operation, String input, Batch batch) {
      this.id = id;
      this.operation = operation;
      this.input = input;
      this.batch = batch;
    }

    @Override
    public EntityInstanceId entityId() {
      return id;
    }

    @Override
    public String operationName() {
      return operation;
    }

    @Override
    public <T> T getInput(Class<T> type) {
      return converter.deserialize(input, type);
    }

    @Override
    public String getRawInput() {
      return input;
    }

    @Override
    public boolean hasState() {
      return batch.state != null;
    }

    @Override
    public <T> T getState(Class<T> type) {
      return converter.deserialize(batch.state, type);
    }

    @Override
    public void setState(Object state) {
      batch.state = converter.serialize(state);
    }

    @Override
    public void deleteState() {
      batch.state = null;
    }

    @Override
    public Instant currentInstant() {
      return batch.now;
    }

    @Override
    public void signalEntity(EntityInstanceId target, String op, Object in) {
      signalEntity(target, op, in, null);
    }

    @Override
    public void signalEntity(EntityInstanceId target, String op, Object in, Instant scheduledTime) {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(op, "operation");
      batch.messages.add(new EntityMessage(target.toInstanceId(), null, new EntityOperationSignaled(batch.now, -1,
          target.toInstanceId(), op, converter.serialize(in), scheduledTime, null), scheduledTime));
    }

    @Override
    public String startNewOrchestration(String name, Object in, String instanceId) {
      Objects.requireNonNull(name, "name");
      String newId = instanceId != null ? instanceId : java.util.UUID.randomUUID().toString();
      batch.starts.add(new EntityStart(newId, name, converter.serialize(in)));
      return newId;
    }
  }
}
