package io.duraflow.replay;

import io.duraflow.action.OrchestratorAction;
import io.duraflow.action.SendEntityMessage;
import io.duraflow.api.EntityInstanceId;
import io.duraflow.api.EntityLock;
import io.duraflow.api.Task;
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
import java.util.TreeSet;

/**
 * The orchestration side of durable entities: signals, calls and critical sections, as
 * {@link SendEntityMessage} actions that history records as the message itself (so replay matches the
 * replayed code's message against the recorded one), and the entity's answers as task completions.
 *
 * <p>Design note, locks (as Durable Functions defines them): the entities of a critical section are
 * sorted into one global order ({@link EntityInstanceId#compareTo}) and the request visits them in that
 * order, each entity taking its lock before forwarding it. Two orchestrations contending on overlapping
 * sets therefore queue at the first entity they share and cannot each hold a lock the other waits for:
 * no deadlock. The last entity grants; release sends one unlock to every entity of the set, on
 * {@link EntityLock#close()} or when the orchestration ends.
 */
final class EntityCalls {
  private final ReplayContext ctx;
  /** The critical section whose lock request was sent and not yet released, or null. */
  private CriticalSection section;

  EntityCalls(ReplayContext ctx) {
    this.ctx = ctx;
  }

  private final class CriticalSection implements EntityLock {
    final String id;
    final List<EntityInstanceId> entities;
    boolean released;

    CriticalSection(String id, List<EntityInstanceId> entities) {
      this.id = id;
      this.entities = List.copyOf(entities);
    }

    @Override
    public List<EntityInstanceId> entities() {
      return entities;
    }

    @Override
    public void close() {
      if (released) {
        return;
      }
      released = true;
      if (section == this) {
        section = null;
      }
      for (EntityInstanceId e : entities) {
        int taskId = ctx.newTaskId();
        ctx.addAction(new SendEntityMessage(taskId, e.toInstanceId(),
            new EntityUnlockSent(ctx.currentInstant(), taskId, e.toInstanceId(), id, ctx.getInstanceId()), null));
      }
    }
  }

  void signal(EntityInstanceId target, String operation, Object input, Instant scheduledTime) {
    Objects.requireNonNull(target, "entity id");
    Objects.requireNonNull(operation, "operation");
    String json = ctx.serializeInput(input, "entity operation '" + operation + "' of " + target);
    int taskId = ctx.newTaskId();
    ctx.addAction(new SendEntityMessage(taskId, target.toInstanceId(), new EntityOperationSignaled(ctx.currentInstant(),
        taskId, target.toInstanceId(), operation, json, scheduledTime, ctx.getInstanceId()), scheduledTime));
  }

  <V> Task<V> call(EntityInstanceId target, String operation, Object input, Class<V> resultType) {
    Objects.requireNonNull(target, "entity id");
    Objects.requireNonNull(operation, "operation");
    if (section != null && !section.entities.contains(target)) {
      throw new IllegalStateException("Inside a critical section an orchestration can call only the entities it"
          + " locked " + section.entities + "; " + target + " is not one of them");
    }
    String json = ctx.serializeInput(input, "entity operation '" + operation + "' of " + target);
    int taskId = ctx.newTaskId();
    ctx.addAction(new SendEntityMessage(taskId, target.toInstanceId(), new EntityOperationCalled(ctx.currentInstant(),
        taskId, target.toInstanceId(), operation, json, ctx.getInstanceId(), ctx.executionId()), null));
    return ctx.openTask(taskId, target + " " + operation, resultType);
  }

  Task<EntityLock> lock(EntityInstanceId... targets) {
    Objects.requireNonNull(targets, "entity ids");
    if (targets.length == 0) {
      throw new IllegalArgumentException("lockEntities needs at least one entity");
    }
    if (section != null) {
      throw new IllegalStateException("This orchestration already holds a critical section on " + section.entities
          + "; release it (close the lock) before locking again");
    }
    TreeSet<EntityInstanceId> sorted = new TreeSet<>();
    for (EntityInstanceId t : targets) {
      sorted.add(Objects.requireNonNull(t, "entity id"));
    }
    List<EntityInstanceId> order = new ArrayList<>(sorted);
    CriticalSection cs = new CriticalSection(ctx.newUuid().toString(), order);
    section = cs;
    int taskId = ctx.newTaskId();
    List<String> lockSet = order.stream().map(EntityInstanceId::toInstanceId).toList();
    ctx.addAction(new SendEntityMessage(taskId, lockSet.get(0), new EntityLockRequested(ctx.currentInstant(), taskId,
        cs.id, lockSet, 0, ctx.getInstanceId(), ctx.executionId()), null));
    ReplayTask<Void> granted = ctx.openTask(taskId, "lock " + order, Void.class);
    ReplayTask<EntityLock> lock = new ReplayTask<>(ctx);
    granted.onDone(t -> {
      if (t.isFailed()) {
        lock.fail(t.failure());
      } else {
        lock.complete(cs);
      }
    });
    return lock;
  }

  /** At the end of the orchestration: a critical section still held is released, as Durable Functions does. */
  void releaseAtEnd() {
    if (section != null) {
      section.close();
    }
  }

  // ---------------------------------------------------------------- replay hooks

  /** The task id of an entity message recorded in history, or -1 when {@code e} is not one. */
  static int scheduledTaskId(HistoryEvent e) {
    if (e instanceof EntityOperationSignaled s) {
      return s.taskId();
    } else if (e instanceof EntityOperationCalled c) {
      return c.taskId();
    } else if (e instanceof EntityLockRequested l) {
      return l.taskId();
    } else if (e instanceof EntityUnlockSent u) {
      return u.taskId();
    }
    return -1;
  }

  /** Why the replayed {@code action} does not reproduce recorded entity message {@code e}, or null when it does. */
  static String mismatch(HistoryEvent e, OrchestratorAction action) {
    String what = "history records " + e.eventType() + " #" + scheduledTaskId(e) + describe(e);
    if (action == null) {
      return what + " but the replayed code did not send it";
    }
    if (!(action instanceof SendEntityMessage sem) || !sem.message().eventType().equals(e.eventType())
        || !describe(sem.message()).equals(describe(e))) {
      String now = action instanceof SendEntityMessage sem2 ? sem2.message().eventType() + describe(sem2.message())
          : action.getClass().getSimpleName();
      return what + " but the replayed code now does " + now + " as task #" + action.id();
    }
    return null;
  }

  private static String describe(HistoryEvent e) {
    if (e instanceof EntityOperationSignaled s) {
      return " '" + s.operation() + "' to " + s.targetInstanceId();
    } else if (e instanceof EntityOperationCalled c) {
      return " '" + c.operation() + "' to " + c.targetInstanceId();
    } else if (e instanceof EntityLockRequested l) {
      return " on " + l.lockSet();
    } else if (e instanceof EntityUnlockSent u) {
      return " to " + u.targetInstanceId();
    }
    return "";
  }

  /** Applies an entity's answer to the task waiting for it; false when {@code e} is not an answer. */
  boolean applyAnswer(HistoryEvent e) {
    if (e instanceof EntityOperationCompleted c) {
      ctx.completeTask(c.taskId(), c.result());
    } else if (e instanceof EntityOperationFailed f) {
      ctx.failTask(f.taskId(), f.failureDetails());
    } else if (e instanceof EntityLockGranted g) {
      ctx.completeTask(g.taskId(), null);
    } else {
      return false;
    }
    return true;
  }
}
