package io.duraflow.bench.peer;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.bench.Bench;
import io.duraflow.client.DurableClient;
import io.duraflow.engine.DuraflowEngine;
import io.duraflow.samples.HelloSequence;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.StoreOptions;
import io.duraflow.store.sqlite.SqliteDurability;
import io.duraflow.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Duraflow as the benchmark's other commands run it: one in-process engine with its worker on a fresh store,
 * {@link OrchestrationStores#open} with the default {@link StoreOptions} (SQLite: {@code synchronous=FULL} unless
 * told otherwise; PostgreSQL: a pool of 10 connections plus one for LISTEN), default {@link WorkerOptions}, the
 * registry of {@link Bench#registry()} (the sample {@code HelloSequence} and {@code FanOut}).
 */
final class DuraflowSide implements PeerSide {
  private final String label;
  private final Path dir;
  private final OrchestrationStore store;
  private final DuraflowEngine engine;
  private final DurableClient client;
  private final LongSupplier transactions;
  private final String settings;

  /**
   * @param pgUrl the PostgreSQL database (created empty by the caller), or null for SQLite in a new temporary
   *     directory
   * @param pgTransactions the PostgreSQL transaction counter, or null for SQLite
   */
  DuraflowSide(String pgUrl, SqliteDurability durability, LongSupplier pgTransactions) throws Exception {
    this.label = pgUrl == null ? "Duraflow SQLite" : "Duraflow PostgreSQL";
    this.dir = Files.createTempDirectory("duraflow-compare");
    StoreOptions options = StoreOptions.defaults().with(io.duraflow.store.sqlite.SqliteStoreProvider.DURABILITY, durability);
    this.store = OrchestrationStores.open(pgUrl, dir, options);
    WorkerOptions worker = WorkerOptions.defaults("compare-" + DuraflowEngine.defaultWorkerId());
    this.engine = DuraflowEngine.builder().store(store).registry(Bench.registry()).runWorker(true)
        .workerOptions(worker).build().start();
    this.client = engine.client();
    this.transactions = pgUrl == null ? storeTransactionCounter(store) : pgTransactions;
    this.settings = label + ": in-process engine + worker, " + (pgUrl == null
        ? "SQLite in " + dir + ", synchronous=" + durability
        : "PostgreSQL pool " + io.duraflow.store.postgres.PostgresStoreProvider.poolSize(options) + " (+1 LISTEN)")
        + ", default " + worker + "; HelloSequence = sample (3 SayHello activities), FanOut = Bench's (Echo activities + allOf)";
  }

  /**
   * Committed write operations of a SQLite store so far, read before and after a phase: each is an atomic store
   * transaction (group commit then shares one SQLite commit among several). Null for other stores.
   */
  static LongSupplier storeTransactionCounter(OrchestrationStore store) {
    return store instanceof io.duraflow.store.sqlite.SqliteOrchestrationStore sqlite ? sqlite::committedWrites : null;
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public String settings() {
    return settings;
  }

  @Override
  public Pending startHello() {
    return pending(client.startNew(HelloSequence.NAME, null));
  }

  @Override
  public Pending startFanOut(int width) {
    return pending(client.startNew("FanOut", width));
  }

  private Pending pending(String id) {
    return new Pending() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public void await(Duration timeout) throws Exception {
        InstanceRecord r = client.waitForCompletion(id, timeout);
        if (r.runtimeStatus() != OrchestrationRuntimeStatus.COMPLETED) {
          throw new IllegalStateException(label + " instance " + id + " ended " + r.runtimeStatus() + ": " + r.output());
        }
      }
    };
  }

  @Override
  public LongSupplier transactionCounter() {
    return transactions;
  }

  @Override
  public void close() throws Exception {
    try {
      engine.close();
    } finally {
      store.close();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
