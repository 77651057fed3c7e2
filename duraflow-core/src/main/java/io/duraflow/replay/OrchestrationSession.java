package io.duraflow.replay;

import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.HistoryEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One instance's orchestration code, kept running between steps so that a step costs time proportional
 * to its new events rather than to the whole history.
 *
 * <p>Design note: the code runs on a thread of its own (borrowed from a pool, since starting threads is
 * expensive). {@link #step} hands that thread a batch of events
 * and blocks until the code has consumed all of them and is waiting for more (or has finished); only one
 * of the two threads runs at a time, so the code sees events in a fixed order and stays deterministic. A
 * session opened on existing history replays it first. {@link #close()} unwinds a waiting thread with an
 * {@link UnwindSignal}. A session is used by one caller thread at a time.
 */
public final class OrchestrationSession implements AutoCloseable {
  private final Object lock = new Object();
  private final ArrayDeque<HistoryEvent> inbox = new ArrayDeque<>();
  private final ReplayContext ctx;
  private final String threadName;
  private final Executor threads;
  private boolean started;
  private boolean orchestrationTurn;
  private boolean finished;
  private boolean closed;
  private long historySize;
  private Thread codeThread;

  OrchestrationSession(ReplayContext ctx, List<HistoryEvent> past, String threadName, Executor threads) {
    this.ctx = ctx;
    this.threadName = threadName;
    this.threads = threads;
    this.inbox.addAll(past);
    this.historySize = past.size();
    ctx.attach(this, past);
  }

  /**
   * Delivers {@code newEvents} and runs the code until it waits for more or ends.
   *
   * @return the actions of this step; empty once the execution has ended
   */
  public OrchestratorResult step(List<HistoryEvent> newEvents) {
    return step(newEvents, null);
  }

  /**
   * Like {@link #step(List)}, but gives up when the code has not yielded within {@code deadline} (null: no
   * limit): the code is then interrupted and the session closed, since code that neither awaits a task nor
   * returns (a busy loop, blocking I/O) would otherwise pin the caller's thread too.
   *
   * @throws StepDeadlineExceededException when the deadline passed
   */
  public OrchestratorResult step(List<HistoryEvent> newEvents, Duration deadline) {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("session of instance '" + ctx.getInstanceId() + "' is closed");
      }
      if (finished) {
        return new OrchestratorResult(List.of(), ctx.customStatus(), false);
      }
      inbox.addAll(newEvents);
      orchestrationTurn = true;
      boolean replaying = !started && historySize > 0;
      if (!started) {
        started = true;
        threads.execute(this::runOrchestration);
      } else {
        lock.notifyAll();
      }
      boolean interrupted = false;
      long end = deadline == null ? Long.MAX_VALUE : System.nanoTime() + deadline.toNanos();
      while (orchestrationTurn) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          closed = true;
          if (codeThread != null) {
            codeThread.interrupt();
          }
          lock.notifyAll();
          throw new StepDeadlineExceededException(ctx.getInstanceId(), deadline, replaying);
        }
        try {
          if (end == Long.MAX_VALUE) {
            lock.wait();
          } else {
            lock.wait(Math.max(1, left / 1_000_000));
          }
        } catch (InterruptedException e) {
          interrupted = true; // the step must finish: the orchestration thread is mid-step
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (ctx.vmError() != null) {
        closed = true;
        throw ctx.vmError();
      }
      return ctx.drainResult();
    }
  }

  /** Number of history events this session has seen or produced; kept in step with the store by the caller. */
  public long historySize() {
    return historySize;
  }

  /** Records events appended to history for this step (new events plus those derived from actions). */
  public void addHistorySize(long appended) {
    historySize += appended;
  }

  /** The execution id of the running execution. */
  public String executionId() {
    return ctx.executionId();
  }

  /**
   * The start event of the running execution, once a step has replayed it (null before the first step):
   * what the caller needs of the execution's start without keeping its history.
   */
  public ExecutionStarted started() {
    return ctx.started();
  }

  /** True once the code has returned, failed or been terminated. */
  public boolean isFinished() {
    synchronized (lock) {
      return finished;
    }
  }

  /** Stops the orchestration thread if it is waiting. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
  }

  /** Called on the orchestration thread: the next event, waiting for the next step if there is none. */
  HistoryEvent take() {
    synchronized (lock) {
      if (closed) {
        throw new UnwindSignal("session closed"); // e.g. past its deadline before the code got its thread
      }
      while (inbox.isEmpty()) {
        orchestrationTurn = false;
        lock.notifyAll();
        while (!orchestrationTurn && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            closed = true;
          }
        }
        if (closed) {
          throw new UnwindSignal("session closed");
        }
      }
      return inbox.poll();
    }
  }

  /** Called on the orchestration thread: the next event of this step, or null without waiting. */
  HistoryEvent poll() {
    synchronized (lock) {
      return inbox.poll();
    }
  }

  private void runOrchestration() {
    Thread current = Thread.currentThread();
    String poolName = current.getName();
    current.setName(threadName); // thread dumps then show which instance a thread runs
    boolean closedBeforeStart;
    synchronized (lock) {
      codeThread = current;
      closedBeforeStart = closed;
    }
    try {
      if (!closedBeforeStart) {
        ctx.run();
      }
    } finally {
      current.setName(poolName);
      synchronized (lock) {
        codeThread = null;
        finished = true;
        orchestrationTurn = false;
        lock.notifyAll();
      }
    }
  }
}
