package io.duraflow.replay;

import io.duraflow.api.DataConverter;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.HistoryEvent;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs orchestration code against history: the pure core of the engine, with no I/O.
 *
 * <p>{@link #execute} is the function from (past, new events) to actions that a unit test wants;
 * {@link #open} keeps the code running between steps so a long history is replayed only once.
 */
public final class OrchestrationExecutor implements AutoCloseable {
  private static final long STACK_SIZE = 512 * 1024;
  private static final AtomicInteger THREAD_COUNT = new AtomicInteger();
  private final TaskRegistry registry;
  private final DataConverter converter;
  private final ExecutorService threads;
  private final boolean ownsThreads;

  /** An executor with its own pool of orchestration threads, shut down by {@link #close()}. */
  public OrchestrationExecutor(TaskRegistry registry, DataConverter converter) {
    this(registry, converter, newThreadPool(), true);
  }

  /**
   * An executor running orchestration code on {@code threads}, which the caller owns. Each open session
   * holds one thread between its steps, so the pool must allow as many threads as sessions are kept open.
   */
  public OrchestrationExecutor(TaskRegistry registry, DataConverter converter, ExecutorService threads) {
    this(registry, converter, threads, false);
  }

  private OrchestrationExecutor(TaskRegistry registry, DataConverter converter, ExecutorService threads, boolean owns) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.converter = Objects.requireNonNull(converter, "converter");
    this.threads = Objects.requireNonNull(threads, "threads");
    this.ownsThreads = owns;
  }

  /**
   * A pool for orchestration threads: they live as long as their session (parked between steps); idle
   * ones are reused, then retire. Small stacks, since orchestration code only decides.
   */
  public static ExecutorService newThreadPool() {
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(null, r, "duraflow-orchestration-code-" + THREAD_COUNT.incrementAndGet(), STACK_SIZE);
      t.setDaemon(true);
      return t;
    });
  }

  /** Replays {@code past}, applies {@code newEvents} and returns what the step decided. */
  public OrchestratorResult execute(String instanceId, List<HistoryEvent> past, List<HistoryEvent> newEvents) {
    try (OrchestrationSession session = open(instanceId, past)) {
      return session.step(newEvents);
    }
  }

  /** A session positioned at the end of {@code past}; its first {@link OrchestrationSession#step} replays it. */
  public OrchestrationSession open(String instanceId, List<HistoryEvent> past) {
    Objects.requireNonNull(instanceId, "instanceId");
    ReplayContext ctx = new ReplayContext(instanceId, registry, converter);
    return new OrchestrationSession(ctx, past, "orchestration " + instanceId, threads);
  }

  public TaskRegistry registry() {
    return registry;
  }

  public DataConverter converter() {
    return converter;
  }

  /** Shuts down the thread pool if this executor created it; open sessions should be closed first. */
  @Override
  public void close() {
    if (ownsThreads) {
      threads.shutdownNow();
    }
  }
}
