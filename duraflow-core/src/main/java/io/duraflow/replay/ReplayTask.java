package io.duraflow.replay;

import io.duraflow.api.Task;
import io.duraflow.api.TaskCanceledException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A task completed by history events. Everything runs on the orchestration thread, so there is no
 * synchronisation; {@link #await()} pulls events from the context until the task is done.
 */
class ReplayTask<V> implements Task<V> {
  private final ReplayContext ctx;
  private boolean done;
  private V value;
  private RuntimeException failure;
  private List<Consumer<ReplayTask<V>>> callbacks;
  private Runnable canceller;

  ReplayTask(ReplayContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public V await() {
    while (!done) {
      ctx.processNextEvent();
    }
    if (failure != null) {
      throw failure;
    }
    return value;
  }

  @Override
  public boolean isDone() {
    return done;
  }

  @Override
  public boolean isFailed() {
    return done && failure != null;
  }

  /** Makes the task cancellable: {@code action} stops what the task waits for (see {@link #cancel}). */
  void onCancel(Runnable action) {
    this.canceller = action;
  }

  /**
   * Cancels the task if it is cancellable and not done: runs its canceller, then fails it with
   * {@link TaskCanceledException} unless the canceller already ended it. False when nothing happened.
   */
  boolean cancel(String why) {
    if (done || canceller == null) {
      return false;
    }
    Runnable c = canceller;
    canceller = null;
    c.run();
    fail(new TaskCanceledException(why));
    return true;
  }

  RuntimeException failure() {
    return failure;
  }

  V value() {
    return value;
  }

  void complete(V result) {
    if (!done) {
      done = true;
      value = result;
      fireCallbacks();
    }
  }

  void fail(RuntimeException e) {
    if (!done) {
      done = true;
      failure = e;
      fireCallbacks();
    }
  }

  /** Runs {@code callback} when the task is done (at once if it already is). */
  void onDone(Consumer<ReplayTask<V>> callback) {
    if (done) {
      callback.accept(this);
      return;
    }
    if (callbacks == null) {
      callbacks = new ArrayList<>(1);
    }
    callbacks.add(callback);
  }

  /** Forgets {@code callback} (by identity) if it has not run yet. */
  void removeCallback(Consumer<ReplayTask<V>> callback) {
    if (callbacks != null) {
      callbacks.removeIf(c -> c == callback);
    }
  }

  /** Callbacks waiting for this task; for tests of callback hygiene. */
  int pendingCallbacks() {
    return callbacks == null ? 0 : callbacks.size();
  }

  private void fireCallbacks() {
    if (callbacks != null) {
      List<Consumer<ReplayTask<V>>> cbs = callbacks;
      callbacks = null;
      cbs.forEach(cb -> cb.accept(this));
    }
  }
}
