package io.duraflow.worker;

import io.duraflow.api.DataConverter;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.HistoryEvent;
import io.duraflow.replay.OrchestrationExecutor;
import io.duraflow.replay.StepDeadlineExceededException;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.LeaseLostException;
import io.duraflow.store.NewInstance;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.store.StepCommitResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O shell around the replay core: claims orchestration and activity work items from the store,
 * runs them on bounded thread pools and commits the results.
 *
 * <p>Two dispatcher threads poll the store (woken early by the store's work listener, backing off to
 * {@link WorkerOptions#maxPollInterval()} when idle) and claim no more items than they have free threads
 * for. Any failure of one item is logged with its instance id and the item is abandoned for a retry; the
 * loops keep running.
 *
 * <p><b>Fast path</b> ({@link WorkerOptions#fastPath()}): a step leases the activities it schedules to this
 * worker in its own commit, and when they are all the instance waits for, the commit keeps the instance
 * leased too ({@link InstanceHolds}). The activities then run here, and the thread that finishes the last
 * one steps the instance at once, committing the results with the next step in one transaction and running
 * the next activity itself. A node killed meanwhile loses nothing: its leases expire and another node
 * replays the instance, re-running the activities whose results were not committed.
 */
public final class Worker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  private static final Duration MIN_POLL = Duration.ofMillis(5);

  private final OrchestrationStore store;
  private final TaskRegistry registry;
  /** What this worker claims: only work it has the code for, so a node never fails what another can run. */
  private final Set<String> orchestrationNames;
  private final Set<String> activityNames;
  private final MissingCodeWatch missingCode;
  /** Its own thread: a heartbeat that fails a batch of work must not delay lease renewals. */
  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(named("duraflow-heartbeat"));
  private final WorkerOptions options;
  private final OrchestrationExecutor executor;
  private final ExecutorService codeThreads;
  private final OrchestrationStepRunner stepRunner;
  private final ActivityRunner activityRunner;
  private final QueueLimits queueLimits;
  private final SessionCache cache;
  private final StepFailures failures;
  private final WorkSignal orchestrationSignal = new WorkSignal();
  private final WorkSignal activitySignal = new WorkSignal();
  private final Semaphore orchestrationPermits;
  private final ActivitySlots activitySlots;
  private final ExecutorService orchestrationPool;
  private final ExecutorService activityPool;
  private final ScheduledExecutorService leaseRenewer;
  private final InstanceHolds holds;
  private final RunningActivities runningActivities;
  private final WorkerMetrics metrics;
  private final EntityBatchRunner entities;
  private final Runnable workListener = () -> {
    orchestrationSignal.signal();
    activitySignal.signal();
  };
  private volatile boolean running;
  private Thread orchestrationLoop;
  private Thread activityLoop;

  /** @param openTelemetry where the step and activity spans go (see {@code io.duraflow.tracing}) */
  public Worker(OrchestrationStore store, TaskRegistry registry, DataConverter converter, Clock clock,
      WorkerOptions options, MeterRegistry meters, OpenTelemetry openTelemetry) {
    this(store, registry, converter, clock, options, meters, openTelemetry, List.of());
  }

  /** @param queues the task queues of this node (docs/queues.md); their limits are stored now */
  public Worker(OrchestrationStore store, TaskRegistry registry, DataConverter converter, Clock clock,
      WorkerOptions options, MeterRegistry meters, OpenTelemetry openTelemetry, List<QueueOptions> queues) {
    this.queueLimits = new QueueLimits(queues);
    QueueLimits.define(store, queues);
    this.store = store;
    this.metrics = new WorkerMetrics(meters, registry);
    ActivityHeartbeats heartbeats = new ActivityHeartbeats(store, clock);
    this.runningActivities = new RunningActivities(store, options.activityLease(), () -> running, metrics, heartbeats);
    this.registry = registry;
    this.options = options;
    this.cache = new SessionCache(options.sessionCacheSize());
    this.codeThreads = LogContext.propagating(OrchestrationExecutor.newThreadPool());
    this.executor = new OrchestrationExecutor(registry, converter, codeThreads);
    this.activitySlots = new ActivitySlots(options.activityConcurrency(), activitySignal);
    this.orchestrationNames = Set.copyOf(registry.orchestrationClaimKeys()); // names and name@version
    this.activityNames = Set.copyOf(registry.activityNames());
    this.stepRunner = new OrchestrationStepRunner(store, executor, cache, clock, activitySlots, options, orchestrationNames,
        activityNames, converter, metrics, new StepTracing(openTelemetry));
    this.activityRunner = new ActivityRunner(registry, converter, clock, new ActivityTracing(openTelemetry), heartbeats);
    this.orchestrationPermits = new Semaphore(options.orchestrationConcurrency());
    this.orchestrationPool = Executors.newFixedThreadPool(options.orchestrationConcurrency(), named("duraflow-orchestration"));
    this.activityPool = Executors.newFixedThreadPool(options.activityConcurrency(), named("duraflow-activity"));
    this.leaseRenewer = Executors.newSingleThreadScheduledExecutor(named("duraflow-lease-renewer"));
    this.holds = new InstanceHolds(store, options, metrics);
    this.failures = new StepFailures(store, stepRunner, metrics);
    this.missingCode = new MissingCodeWatch(store, stepRunner, options, clock, orchestrationNames, activityNames);
    missingCode.registerMeters(meters);
    this.entities = new EntityBatchRunner(store, registry, converter, clock, options);
    metrics.watch(cache);
    failures.registerMeters(meters);
    holds.bind(h -> orchestrationPool.execute(LogContext.around(h.item(), () -> {
      ActivityWorkItem next = runHeldSteps(h);
      if (next != null) {
        dispatchActivity(next);
      }
    })), r -> {
      try {
        orchestrationPool.execute(() -> runningActivities.completeAll(List.of(r))); // never on the renewer thread
      } catch (RuntimeException e) {
        runningActivities.completeAll(List.of(r));
      }
    });
  }

  /** Starts polling. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    store.addWorkListener(workListener);
    orchestrationLoop = new Thread(this::orchestrationLoop, "duraflow-orchestration-dispatcher");
    activityLoop = new Thread(this::activityLoop, "duraflow-activity-dispatcher");
    orchestrationLoop.setDaemon(true);
    activityLoop.setDaemon(true);
    orchestrationLoop.start();
    activityLoop.start();
    entities.start();
    long activityRenewEvery = Math.max(1, options.activityLease().toMillis() / 3);
    leaseRenewer.scheduleAtFixedRate(runningActivities::renewLeases, activityRenewEvery, activityRenewEvery, TimeUnit.MILLISECONDS);
    long holdCheckEvery = holds.checkInterval().toMillis();
    leaseRenewer.scheduleWithFixedDelay(this::checkHolds, holdCheckEvery, holdCheckEvery, TimeUnit.MILLISECONDS);
    heartbeat.scheduleWithFixedDelay(missingCode::tick, 0, io.duraflow.store.WorkerInfo.HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    long sweepEvery = ActivityDeadlines.interval(options).toMillis(); // activity timeouts, whoever runs them
    heartbeat.scheduleWithFixedDelay(new ActivityDeadlines(store)::sweep, sweepEvery, sweepEvery, TimeUnit.MILLISECONDS);
    log.info("Worker {} polling {}{}", options.workerId(), store.describe(), options.fastPath() ? "" : " (fast path off)");
  }

  /**
   * The orchestrations and activities ("orchestration:NAME", "activity:NAME") with ready work that no
   * running worker has the code for, as this worker last saw them.
   */
  public Set<String> missingCode() {
    return missingCode.missing();
  }

  /** The owner name this worker writes on its leases. */
  public String workerId() {
    return options.workerId();
  }

  /** The number of instances whose orchestration code is loaded between steps. */
  public int cachedSessions() {
    return cache.size();
  }

  /** The number of instances this worker holds leased on the fast path. */
  public int heldInstances() {
    return holds.size();
  }

  /**
   * Creates an instance and runs its first step here, in one transaction, when this worker can: it is
   * running with the fast path on, knows the orchestration, and the start is not scheduled for later.
   *
   * @return false when the caller should create the instance the ordinary way
   * @throws io.duraflow.api.InstanceAlreadyExistsException as {@link OrchestrationStore#createInstance}
   */
  public boolean startEagerly(NewInstance request) {
    if (!running || !options.fastPath() || request.started().scheduledStartAt() != null
        || registry.orchestration(request.started().name(), request.started().version()).isEmpty()) {
      return false;
    }
    StepCommitResult result;
    long start = System.nanoTime();
    try {
      result = stepRunner.start(request);
    } catch (StepDeadlineExceededException e) {
      return false; // the ordinary path fails the instance with this error once it is created
    } finally {
      metrics.stepRan(request.started().name(), System.nanoTime() - start);
    }
    afterStep(SessionCache.key(request.taskHub(), request.instanceId()), result, null, true);
    return true;
  }

  private void orchestrationLoop() {
    dispatchLoop("orchestration", orchestrationSignal, this::claimOrchestrations,
        item -> orchestrationPool.execute(LogContext.around(item, () -> runClaimedStep(item))));
  }

  private List<OrchestrationWorkItem> claimOrchestrations() throws InterruptedException {
    int free = acquireAtLeastOne(orchestrationPermits);
    try {
      List<OrchestrationWorkItem> items = store.claimOrchestrationWorkItems(options.workerId(), free, options.orchestrationLease(),
          orchestrationNames);
      orchestrationPermits.release(free - items.size()); // each dispatched item keeps one until its step ends
      return items;
    } catch (RuntimeException e) {
      orchestrationPermits.release(free);
      throw e;
    }
  }

  private void activityLoop() {
    dispatchLoop("activity", activitySignal, this::claimActivities, this::dispatchActivity);
  }

  /**
   * Claims as many activities as there is room for, then reserves their slots. Reserving only after the
   * claim keeps slots free for steps committing meanwhile (a claim can wait behind other writes); if one
   * of those took the room, the surplus goes straight back to the store.
   */
  private List<ActivityWorkItem> claimActivities() {
    int room = activitySlots.free();
    if (room <= 0) {
      return List.of();
    }
    List<ActivityWorkItem> items = store.claimActivityWorkItems(options.workerId(), room, options.activityLease(), activityNames,
        queueLimits.room(runningActivities));
    int reserved = activitySlots.tryReserve(items.size());
    items.subList(reserved, items.size()).forEach(surplus -> runningActivities.abandon(surplus, Duration.ZERO));
    return items.subList(0, reserved);
  }

  /** Runs an activity whose slot is reserved on the activity pool. */
  private void dispatchActivity(ActivityWorkItem item) {
    runningActivities.add(item);
    try {
      activityPool.execute(LogContext.around(item, () -> runActivities(item)));
    } catch (RuntimeException e) { // pool shut down: give the item back for another worker
      runningActivities.remove(item);
      activitySlots.release(1);
      runningActivities.abandon(item, Duration.ZERO);
    }
  }

  /** Claims items, hands each to {@code dispatch}, and backs off while there is nothing to claim. */
  private <T> void dispatchLoop(String kind, WorkSignal signal, Claim<T> claim, Consumer<T> dispatch) {
    Duration idle = MIN_POLL;
    while (running) {
      try {
        List<T> items = claim.next();
        items.forEach(dispatch);
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

  @FunctionalInterface
  private interface Claim<T> {
    List<T> next() throws InterruptedException;
  }

  private void runClaimedStep(OrchestrationWorkItem item) {
    long start = System.nanoTime();
    String key = SessionCache.key(item.taskHub(), item.instanceId());
    holds.stepping(item);
    try {
      StepCommitResult result = stepRunner.runClaimed(item);
      afterStep(key, result, null, true);
    } catch (Throwable t) {
      failures.failed(item, t);
      rethrowIfFatal(t);
    } finally {
      holds.stepped(item);
      orchestrationPermits.release();
      metrics.stepRan(item, System.nanoTime() - start);
    }
  }

  /**
   * After a commit: when it kept the instance leased, registers the hold; then runs the activities the
   * commit leased here. One of them is returned instead of dispatched when the caller will run it itself.
   */
  private ActivityWorkItem afterStep(String key, StepCommitResult result, InstanceHold hold, boolean dispatchAll) {
    if (result.heldItem() != null) {
      InstanceHold h = hold != null ? hold : holds.hold(key, result.heldItem());
      h.kept(result.heldItem(), result.leasedActivities());
      if (result.messagesWaiting()) {
        holds.requestRelease(h); // an event or request waits in the inbox: let a claim take it
        if (hold == null) {
          holds.releaseIfRequested(h);
        }
      }
    } else if (hold != null) {
      // Results that arrived while this step ran were not part of it: they go through the store.
      runningActivities.completeAll(holds.remove(hold));
    }
    List<ActivityWorkItem> leased = result.leasedActivities();
    ActivityWorkItem inline = dispatchAll || leased.isEmpty() ? null : leased.get(0);
    for (ActivityWorkItem a : leased) {
      if (a == inline) {
        runningActivities.add(a);
      } else {
        dispatchActivity(a);
      }
    }
    return inline;
  }

  /** Runs {@code first}, then any activity the steps it triggers lease here, on this thread. */
  private void runActivities(ActivityWorkItem first) {
    ActivityWorkItem item = first;
    while (item != null) {
      item = runActivity(item);
    }
  }

  private ActivityWorkItem runActivity(ActivityWorkItem item) {
    HistoryEvent result;
    long start = System.nanoTime();
    try {
      result = activityRunner.run(item);
      metrics.activityRan(item.name(), result, System.nanoTime() - start);
    } catch (Throwable t) {
      log.warn("Activity '{}' of instance '{}' could not be run; it will run again", item.name(), item.instanceId(), t);
      runningActivities.abandon(item, Duration.ofSeconds(1));
      runningActivities.remove(item);
      activitySlots.release(1);
      rethrowIfFatal(t);
      return null;
    }
    // The thread is free, so the slot goes back; the item stays in runningActivities (its lease renewed)
    // until its result is committed with a step or completed through the store.
    activitySlots.release(1);
    InstanceHold hold = holds.get(SessionCache.key(item.taskHub(), item.instanceId()));
    InstanceHold.Offer offer = hold == null ? InstanceHold.Offer.NOT_HELD : hold.offer(item, result);
    if (offer == InstanceHold.Offer.NOT_HELD) {
      runningActivities.complete(item, result);
      return null;
    }
    return offer == InstanceHold.Offer.STEP ? runHeldSteps(hold) : null;
  }

  /**
   * Steps a held instance with its finished activities until no more results wait; returns an activity the
   * last step leased here for this thread to run next.
   */
  private ActivityWorkItem runHeldSteps(InstanceHold hold) {
    ActivityWorkItem inline = null;
    do {
      if (inline != null) {
        dispatchActivity(inline); // another step follows: don't make its activity wait for it
        inline = null;
      }
      InstanceHold.Batch batch = hold.takeReady(); // with the count still running, read atomically
      if (batch.results().isEmpty()) {
        continue;
      }
      long start = System.nanoTime();
      OrchestrationWorkItem item = hold.item();
      holds.stepping(item);
      try {
        StepCommitResult result = stepRunner.runHeld(item, batch.results(), batch.stillRunning());
        batch.results().forEach(r -> runningActivities.remove(r.item())); // committed with the step
        inline = afterStep(hold.key(), result, hold, false);
        if (result.heldItem() == null) {
          return inline; // the hold ended with this step
        }
      } catch (Throwable t) {
        // Results go the ordinary way (they are recorded once: the activity rows are still ours), and the
        // instance to whichever worker claims it next.
        runningActivities.completeAll(holds.remove(hold));
        runningActivities.completeAll(batch.results());
        failures.failed(item, t); // counts towards giving up, and gives the lease back with back-off
        if (t instanceof LeaseLostException) {
          holds.abandon(item, Duration.ZERO); // an activity's lease was lost, maybe not the instance's
        }
        rethrowIfFatal(t);
        return null;
      } finally {
        holds.stepped(item);
        metrics.stepRan(item, System.nanoTime() - start);
      }
    } while (hold.endTurn());
    holds.releaseIfRequested(hold); // no effect once released
    return inline;
  }

  /** Results that no held step will take: each goes through the store on its own. */
  private void checkHolds() {
    try {
      holds.renewAndCheck();
    } catch (Throwable t) {
      log.warn("Renewing the leases of held instances failed; retrying: {}", t.toString());
    }
  }

  /** VM errors (out of memory, a linkage failure) must reach the thread's top, not become an instance's fate. */
  private static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError e) {
      throw e;
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

  /**
   * Stops claiming, waits briefly for running steps and activities, gives back held instances, and unloads
   * cached sessions.
   */
  @Override
  public void close() {
    running = false;
    entities.close();
    store.removeWorkListener(workListener);
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
    heartbeat.shutdownNow();
    try {
      heartbeat.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    missingCode.close();
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
    holds.releaseAll(); // let another worker take them now rather than after their leases
    runningActivities.abandonAll();
    cache.clear();
    codeThreads.shutdownNow();
  }
}
