package io.duraflow.worker;

import io.duraflow.api.DataConverter;
import io.duraflow.api.TaskRegistry;
import io.duraflow.entity.EntityBatchExecutor;
import io.duraflow.entity.EntityBatchResult;
import io.duraflow.entity.EntityMessage;
import io.duraflow.entity.EntityStart;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.store.EntityBatchCommit;
import io.duraflow.store.EntityStore;
import io.duraflow.store.EntityWorkItem;
import io.duraflow.store.InboxMessage;
import io.duraflow.store.LeaseLostException;
import io.duraflow.store.NewInstance;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OutboundMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's entity half: claims entities that have queued operations (only the entity names this
 * worker registers), runs each batch with {@link EntityBatchExecutor} and commits its outcome in one
 * transaction. One node at a time processes an entity (the store's lease); a node killed mid-batch
 * committed nothing of it, and the next claim, on any node, runs the whole batch again.
 *
 * <p>Idle when the registry has no entities: nothing is claimed and no thread is started, so workers
 * without entities behave as before.
 */
final class EntityBatchRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EntityBatchRunner.class);
  /** Messages per batch: one commit for up to this many operations is what makes one entity fast. */
  static final int BATCH_SIZE = 1000;
  private static final Duration MIN_POLL = Duration.ofMillis(5);
  /** The shortest pause after a claim that found nothing: the latency an entity's first operation may see. */
  static final Duration EMPTY_CLAIM_GAP = Duration.ofMillis(50);

  private final OrchestrationStore store;
  private final Set<String> names;
  private final EntityBatchExecutor executor;
  private final Clock clock;
  private final WorkerOptions options;
  private final WorkSignal signal = new WorkSignal();
  private final Runnable listener = signal::signal;
  private final Semaphore permits;
  private ExecutorService pool;
  private Thread dispatcher;
  private volatile boolean running;

  EntityBatchRunner(OrchestrationStore store, TaskRegistry registry, DataConverter converter, Clock clock,
      WorkerOptions options) {
    this.store = store;
    this.names = Set.copyOf(registry.entityNames());
    this.executor = new EntityBatchExecutor(n -> registry.entity(n).orElse(null), converter);
    this.clock = clock;
    this.options = options;
    this.permits = new Semaphore(options.orchestrationConcurrency());
  }

  synchronized void start() {
    if (running || names.isEmpty()) {
      return;
    }
    running = true;
    AtomicInteger n = new AtomicInteger();
    pool = Executors.newFixedThreadPool(options.orchestrationConcurrency(), r -> {
      Thread t = new Thread(r, "duraflow-entity-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    store.addWorkListener(listener);
    dispatcher = new Thread(this::loop, "duraflow-entity-dispatcher");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  private void loop() {
    EntityStore entities = store.entities();
    Duration idle = MIN_POLL;
    while (running) {
      try {
        permits.acquire();
        int free = 1 + permits.drainPermits();
        List<EntityWorkItem> items;
        try {
          items = entities.claimEntityWorkItems(options.workerId(), free, BATCH_SIZE, options.orchestrationLease(), names);
        } catch (RuntimeException e) {
          permits.release(free);
          throw e;
        }
        permits.release(free - items.size());
        for (EntityWorkItem item : items) {
          pool.execute(() -> {
            try {
              runBatch(entities, item);
            } finally {
              permits.release();
              signal.signal(); // a full batch may have left more
            }
          });
        }
        if (items.isEmpty()) {
          idle = idle.multipliedBy(2).compareTo(options.maxPollInterval()) > 0 ? options.maxPollInterval() : idle.multipliedBy(2);
          long start = System.nanoTime();
          signal.await(idle);
          // Every commit of this node signals work, mostly not for entities: after an empty claim, claim
          // again no sooner than EMPTY_CLAIM_GAP, so a busy orchestration workload costs at most 20 entity
          // claims a second instead of one per commit. While entities have work, claims follow at once.
          long rest = EMPTY_CLAIM_GAP.toNanos() - (System.nanoTime() - start);
          if (rest > 0 && running) {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(rest);
          }
        } else {
          idle = MIN_POLL;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Throwable t) {
        log.warn("The entity dispatcher of worker {} failed to claim work; retrying: {}", options.workerId(), t.toString());
        try {
          signal.await(options.maxPollInterval());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Runs one batch and commits it; a failure gives the entity back for a later attempt. */
  void runBatch(EntityStore entities, EntityWorkItem item) {
    try {
      entities.commitEntityBatch(plan(item, Instant.now(clock)));
    } catch (LeaseLostException e) {
      log.debug("Entity {} was taken over before its batch committed: {}", item.id(), e.getMessage());
    } catch (Throwable t) {
      log.warn("Batch of entity {} failed; it will be retried: {}", item.id(), t.toString());
      try {
        entities.abandonEntity(item, Duration.ofSeconds(1));
      } catch (RuntimeException e) {
        log.debug("Abandoning entity {} failed too (its lease will expire): {}", item.id(), e.toString());
      }
    }
  }

  /** The commit of a batch: pure apart from the ids of started orchestrations. */
  EntityBatchCommit plan(EntityWorkItem item, Instant now) {
    List<HistoryEvent> batch = item.messages().stream().map(InboxMessage::event).toList();
    EntityBatchResult r = executor.execute(item.id(), item.state(), item.lockedBy(), batch, now);
    List<InboxMessage> consumed = new ArrayList<>(r.consumed().size());
    r.consumed().forEach(i -> consumed.add(item.messages().get(i)));
    String hub = item.taskHub();
    List<OutboundMessage> messages = new ArrayList<>(r.messages().size());
    for (EntityMessage m : r.messages()) {
      messages.add(new OutboundMessage(hub, m.targetInstanceId(), m.executionId(), m.event(), m.visibleAt()));
    }
    List<NewInstance> starts = new ArrayList<>(r.starts().size());
    for (EntityStart s : r.starts()) {
      starts.add(new NewInstance(hub, s.instanceId(), new ExecutionStarted(now, s.name(), s.input(),
          UUID.randomUUID().toString().replace("-", ""), null, null)));
    }
    return new EntityBatchCommit(item, r.state(), r.lockedBy(), consumed, r.operationsRun() > 0, messages, starts);
  }

  @Override
  public synchronized void close() {
    if (!running) {
      return;
    }
    running = false;
    store.removeWorkListener(listener);
    signal.signal();
    dispatcher.interrupt();
    try {
      dispatcher.join(5000);
      pool.shutdown();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
  }
}
