package io.duraflow.worker;

import io.duraflow.api.DataConverter;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.HistoryEvent;
import io.duraflow.replay.OrchestrationExecutor;
import io.duraflow.store.ActivityLease;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.LeaseLostException;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationWorkItem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O shell around the replay core: claims orchestration and activity work items from the store,
 * runs them on bounded thread pools and commits the results.
 *
 * <p>Two dispatcher threads poll the store (woken early by the store's work listener, backing off to
 * {@link WorkerOptions#maxPollInterval()} when idle) and claim no more items than they have free threads
 * for. Activity leases are renewed while activities run. Any failure of one item is logged with its
 * instance id and the item is abandoned for a retry; the loops keep running.
 */
public final class Worker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  private static final Duration MIN_POLL = Duration.ofMillis(5);
  /** Consecutive failures of an instance's step after which the instance is failed. */
  static final int MAX_STEP_ATTEMPTS = 5;

  private final OrchestrationStore store;
  private final WorkerOptions options;
  private final OrchestrationStepRunner stepRunner;
  private final ActivityRunner activityRunner;
  private final SessionCache cache;
  private final WorkSignal orchestrationSignal = new WorkSignal();
  private final WorkSignal activitySignal = new WorkSignal();
  private final Semaphore orchestrationPermits;
  private final Semaphore activityPermits;
  private final ExecutorService orchestrationPool;
  private final ExecutorService activityPool;
  private final ScheduledExecutorService leaseRenewer;
  private final Map<Long, ActivityWorkItem> runningActivities = new ConcurrentHashMap<>();
  private final Map<String, Integer> failedSteps = new ConcurrentHashMap<>();
  /** Activities leased to this worker by its own step commits, waiting for an activity thread. */
  private final Queue<ActivityWorkItem> leasedActivities = new ConcurrentLinkedQueue<>();
  private final Timer stepTimer;
  private final Counter stepFailures;
  private final Counter activitiesRun;
  private volatile boolean running;
  private Thread orchestrationLoop;
  private Thread activityLoop;

  public Worker(OrchestrationStore store, TaskRegistry registry, DataConverter converter, Clock clock,
      WorkerOptions options, MeterRegistry meters) {
    this.store = store;
    this.options = options;
    this.cache = new SessionCache(options.sessionCacheSize());
    this.stepRunner = new OrchestrationStepRunner(store, new OrchestrationExecutor(registry, converter), cache, clock,
        this::activityLeaseOffer, this::acceptLeasedActivities);
    this.activityRunner = new ActivityRunner(registry, converter, clock);
    this.orchestrationPermits = new Semaphore(options.orchestrationConcurrency());
    this.activityPermits = new Semaphore(options.activityConcurrency());
    this.orchestrationPool = Executors.newFixedThreadPool(options.orchestrationConcurrency(), named("duraflow-orchestration"));
    this.activityPool = Executors.newFixedThreadPool(options.activityConcurrency(), named("duraflow-activity"));
    this.leaseRenewer = Executors.newSingleThreadScheduledExecutor(named("duraflow-lease-renewer"));
    this.stepTimer = Timer.builder("duraflow.orchestration.step").description("one orchestration step, claim to commit").register(meters);
    this.stepFailures = Counter.builder("duraflow.orchestration.step.failures").register(meters);
    this.activitiesRun = Counter.builder("duraflow.activity.runs").register(meters);
  }

  /** Starts polling. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    store.addWorkListener(() -> {
      orchestrationSignal.signal();
      activitySignal.signal();
    });
    orchestrationLoop = new Thread(this::orchestrationLoop, "duraflow-orchestration-dispatcher");
    activityLoop = new Thread(this::activityLoop, "duraflow-activity-dispatcher");
    orchestrationLoop.setDaemon(true);
    activityLoop.setDaemon(true);
    orchestrationLoop.start();
    activityLoop.start();
    long renewEvery = Math.max(1, options.activityLease().toMillis() / 3);
    leaseRenewer.scheduleAtFixedRate(this::renewActivityLeases, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
    log.info("Worker {} polling {}", options.workerId(), store.describe());
  }

  /** The number of instances whose orchestration code is loaded between steps. */
  public int cachedSessions() {
    return cache.size();
  }

  private void orchestrationLoop() {
    dispatchLoop("orchestration", orchestrationPermits, orchestrationSignal,
        n -> store.claimOrchestrationWorkItems(options.workerId(), n, options.orchestrationLease()),
        item -> orchestrationPool.execute(() -> runStep(item)));
  }

  /**
   * A step that keeps failing the same way (a bug, a value the store rejects) would otherwise be retried
   * forever: fail the instance with the error instead, so it shows up as Failed and can be rewound.
   */
  private boolean giveUp(OrchestrationWorkItem item, Throwable cause, int failures) {
    try {
      stepRunner.failInstance(item, cause, failures);
      log.error("Step of instance '{}' failed {} times in a row; the instance is now Failed", item.instanceId(), failures, cause);
      return true;
    } catch (RuntimeException e) {
      log.warn("Could not fail instance '{}' after {} failed steps either", item.instanceId(), failures, e);
      return false;
    }
  }

  private void activityLoop() {
    dispatchLoop("activity", activityPermits, activitySignal, this::nextActivities,
        item -> {
          runningActivities.put(item.id(), item);
          activityPool.execute(() -> runActivity(item));
        });
  }

  /** Activities this worker leased to itself first, then whatever the store has. */
  private List<ActivityWorkItem> nextActivities(int max) {
    List<ActivityWorkItem> local = new ArrayList<>();
    ActivityWorkItem item;
    while (local.size() < max && (item = leasedActivities.poll()) != null) {
      local.add(item);
    }
    return local.isEmpty() ? store.claimActivityWorkItems(options.workerId(), max, options.activityLease()) : local;
  }

  /** How many of a step's activities to lease to this worker: as many as it has idle activity threads. */
  private ActivityLease activityLeaseOffer() {
    // Not the free permits: the dispatcher holds them all while it claims.
    int room = options.activityConcurrency() - runningActivities.size();
    return room <= 0 || !running || !store.prefersActivityLeasesOnCommit() ? null : new ActivityLease(options.workerId(), options.activityLease(), room);
  }

  private void acceptLeasedActivities(List<ActivityWorkItem> items) {
    for (ActivityWorkItem item : items) {
      runningActivities.put(item.id(), item); // renewed while queued, like a running one
      leasedActivities.add(item);
    }
    activitySignal.signal();
  }

  /**
   * Claims no more items than there are free permits (threads), hands each to {@code dispatch} holding
   * one permit (released when it is done), and backs off while there is nothing to claim.
   */
  private <T> void dispatchLoop(String kind, Semaphore permits, WorkSignal signal, IntFunction<List<T>> claim,
      Consumer<T> dispatch) {
    Duration idle = MIN_POLL;
    while (running) {
      try {
        int free = acquireAtLeastOne(permits);
        List<T> items;
        try {
          items = claim.apply(free);
        } finally {
          permits.release(free);
        }
        for (T item : items) {
          permits.acquire();
          dispatch.accept(item);
        }
        if (items.isEmpty()) {
          idle = backoff(idle);
          signal.await(idle);
        } else {
          idle = MIN_POLL;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Throwable t) {
        log.warn("The {} dispatcher of worker {} failed to claim work; retrying: {}", kind, options.workerId(), t.toString());
        idle = pause(idle, signal);
      }
    }
  }

  private void runStep(OrchestrationWorkItem item) {
    long start = System.nanoTime();
    String key = SessionCache.key(item.taskHub(), item.instanceId());
    try {
      stepRunner.run(item);
      failedSteps.remove(key);
    } catch (LeaseLostException e) {
      log.info("Step of instance '{}' discarded: {}", item.instanceId(), e.getMessage());
    } catch (Throwable t) {
      stepFailures.increment();
      int failures = failedSteps.merge(key, 1, Integer::sum);
      if (failures >= MAX_STEP_ATTEMPTS && !item.instance().runtimeStatus().isTerminal() && giveUp(item, t, failures)) {
        failedSteps.remove(key);
        return;
      }
      log.warn("Step of instance '{}' failed ({} in a row); it will be retried", item.instanceId(), failures, t);
      try {
        // 0.1 s, 0.2 s, 0.4 s ... up to 10 s: a store outage heals, a poison step reaches MAX_STEP_ATTEMPTS.
        store.abandon(item, Duration.ofMillis(Math.min(10_000, 100L << Math.min(failures - 1, 10))));
      } catch (RuntimeException e) {
        log.debug("Abandon of instance '{}' failed too; its lease will expire", item.instanceId(), e);
      }
    } finally {
      orchestrationPermits.release();
      stepTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private void runActivity(ActivityWorkItem item) {
    try {
      HistoryEvent result = activityRunner.run(item);
      activitiesRun.increment();
      completeWithRetries(item, result);
    } catch (Throwable t) {
      log.warn("Activity '{}' of instance '{}' could not be completed; it will run again", item.name(), item.instanceId(), t);
      try {
        store.abandonActivity(item, Duration.ofSeconds(1));
      } catch (RuntimeException e) {
        log.debug("Abandon failed too; the lease will expire", e);
      }
    } finally {
      runningActivities.remove(item.id());
      activityPermits.release();
    }
  }

  /** The result is precious (the activity may be expensive): ride out short database outages. */
  private void completeWithRetries(ActivityWorkItem item, HistoryEvent result) throws InterruptedException {
    Duration wait = Duration.ofMillis(100);
    for (int attempt = 1; ; attempt++) {
      try {
        store.completeActivity(item, result);
        return;
      } catch (LeaseLostException e) {
        log.info("Result of activity '{}' #{} of instance '{}' dropped: {}", item.name(), item.taskId(), item.instanceId(), e.getMessage());
        return;
      } catch (RuntimeException e) {
        if (attempt >= 20 || !running) {
          throw e;
        }
        log.warn("Completing activity '{}' of instance '{}' failed (attempt {}); retrying: {}", item.name(), item.instanceId(), attempt, e.toString());
        Thread.sleep(wait.toMillis());
        wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : wait.multipliedBy(2);
      }
    }
  }

  private void renewActivityLeases() {
    for (ActivityWorkItem item : runningActivities.values()) {
      try {
        if (!store.renewActivityLease(item, options.activityLease())) {
          log.info("Lease on activity '{}' of instance '{}' was lost while it ran", item.name(), item.instanceId());
        }
      } catch (RuntimeException e) {
        log.debug("Lease renewal failed", e);
      }
    }
  }

  private static int acquireAtLeastOne(Semaphore permits) throws InterruptedException {
    permits.acquire();
    return 1 + permits.drainPermits();
  }

  private Duration backoff(Duration idle) {
    Duration next = idle.multipliedBy(2);
    return next.compareTo(options.maxPollInterval()) > 0 ? options.maxPollInterval() : next;
  }

  private Duration pause(Duration idle, WorkSignal signal) {
    Duration next = backoff(idle.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : idle);
    try {
      signal.await(next);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
    return next;
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Stops claiming, waits briefly for running steps and activities, and unloads cached sessions. */
  @Override
  public void close() {
    running = false;
    orchestrationSignal.signal();
    activitySignal.signal();
    for (Thread t : new Thread[] {orchestrationLoop, activityLoop}) {
      if (t != null) {
        t.interrupt();
        try {
          t.join(5000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    leaseRenewer.shutdownNow();
    for (ActivityWorkItem item; (item = leasedActivities.poll()) != null; ) {
      try {
        store.abandonActivity(item, Duration.ZERO); // let another worker run it now rather than after the lease
      } catch (RuntimeException e) {
        log.debug("Abandon of leased activity failed; its lease will expire", e);
      }
    }
    orchestrationPool.shutdown();
    activityPool.shutdown();
    try {
      orchestrationPool.awaitTermination(5, TimeUnit.SECONDS);
      activityPool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    orchestrationPool.shutdownNow();
    activityPool.shutdownNow();
    cache.clear();
  }
}
