package io.duraflow.bench;

import io.duraflow.api.EntityInstanceId;
import io.duraflow.api.TaskRegistry;
import io.duraflow.client.DurableClient;
import io.duraflow.engine.DuraflowEngine;
import io.duraflow.store.EntityPage;
import io.duraflow.store.EntityQuery;
import io.duraflow.store.EntityRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The entity-counter workload: N increment signals to one entity, and N spread over M entities. Two
 * phases, each on a fresh store: the signals are queued by 8 client threads with no worker running (the
 * signal rate), then a worker starts and the time until every counter has its count gives the processing
 * rate (operations/s), which is what Netherite's figures of signals per worker measure.
 */
final class EntityBench {
  private static final int SENDERS = 8;

  private EntityBench() {}

  static TaskRegistry registry() {
    return TaskRegistry.builder()
        .addEntity("counter", ctx -> {
          long value = ctx.hasState() ? ctx.getState(Long.class) : 0;
          ctx.setState(value + 1);
          return null;
        })
        .build();
  }

  /** Runs one case on {@code store} (empty) and prints its line of the bench table. */
  static void run(OrchestrationStore store, int signals, int entities, WorkerOptions options) throws Exception {
    DuraflowEngine sender = DuraflowEngine.builder().store(store).registry(registry()).runWorker(false).build().start();
    long queued;
    try {
      DurableClient client = sender.client();
      long start = System.nanoTime();
      send(client, signals, entities);
      queued = System.nanoTime() - start;
    } finally {
      sender.close();
    }
    long start = System.nanoTime();
    DuraflowEngine worker = DuraflowEngine.builder().store(store).registry(registry()).workerOptions(options).build().start();
    try {
      awaitTotal(worker.client(), signals, entities);
    } finally {
      worker.close();
    }
    double processed = (System.nanoTime() - start) / 1e9;
    System.out.printf("entities   %,d signals to %,d entit%s: queued in %.2f s (%,.0f signals/s), processed in %.2f s"
            + " = %,.0f operations/s%n",
        signals, entities, entities == 1 ? "y" : "ies", queued / 1e9, signals / (queued / 1e9), processed,
        signals / processed);
  }

  private static EntityInstanceId id(int i) {
    return new EntityInstanceId("counter", "c" + i);
  }

  private static void send(DurableClient client, int signals, int entities) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int t = 0; t < SENDERS; t++) {
        int thread = t;
        sent.add(pool.submit(() -> {
          for (int i = thread; i < signals; i += SENDERS) {
            client.signalEntity(id(i % entities), "increment", null);
          }
          return null;
        }));
      }
      for (Future<?> f : sent) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static void awaitTotal(DurableClient client, long signals, int entities) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (total(client) == signals) {
        return;
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("the counters reached " + total(client) + " of " + signals + " in 10 minutes");
  }

  private static long total(DurableClient client) {
    long sum = 0;
    String token = null;
    do {
      EntityPage page = client.queryEntities(new EntityQuery("@counter@", null, null, true, false, 1000, token));
      for (EntityRecord e : page.entities()) {
        sum += Long.parseLong(e.state());
      }
      token = page.continuationToken();
    } while (token != null);
    return sum;
  }
}
