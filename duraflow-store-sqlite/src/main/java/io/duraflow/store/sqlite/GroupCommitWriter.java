package io.duraflow.store.sqlite;

import io.duraflow.store.StoreException;
import io.duraflow.store.StoreHealth;
import io.duraflow.store.jdbc.StoreErrors;
import io.duraflow.store.jdbc.TransactionRunner;
import io.duraflow.store.jdbc.Tx;
import io.duraflow.store.jdbc.TxWork;
import io.duraflow.store.jdbc.WorkListeners;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SQLite writes with group commit: one writer thread owns the only write connection, takes every
 * write waiting in its queue, runs them in one {@code BEGIN IMMEDIATE} transaction, commits (one fsync for
 * all of them) and only then completes each caller.
 *
 * <h2>Design note</h2>
 *
 * Each write runs inside its own {@code SAVEPOINT}: one that throws (a lost lease, an instance that already
 * exists, an SQL error) rolls back to its savepoint and leaves the others in the batch intact. If the
 * savepoint rollback itself fails (SQLite already rolled the whole transaction back, e.g. disk full), or
 * the {@code COMMIT} fails, every write of the batch fails with a {@link StoreException} and nothing of it
 * is kept. A caller's future completes only after the commit, so "returned" always means "durable" at the
 * configured {@link SqliteDurability}.
 *
 * <p>A failed batch ends with {@link WriteConnection#recover()}, which leaves the connection outside any
 * transaction (reopening it if need be), so the next batch starts clean: after SQLITE_FULL the store
 * writes again as soon as space is back, with no restart. A batch that failed for lack of space throws
 * {@link io.duraflow.store.StoreFullException} to each of its callers and makes the store unhealthy
 * ({@link WriteHealth}) until a batch that changed rows, or the {@link SpaceProbe}, commits.
 *
 * <p>{@code BEGIN IMMEDIATE} serialises write transactions, also against another process on the same file
 * (which waits up to {@code busy_timeout}), so claims need no row locks. Reads use a separate pool of
 * connections (WAL lets them run beside the writer and see every committed batch).
 *
 * <p>Thread-safe. Callers block uninterruptibly until their write has committed or failed: giving up early
 * would leave them not knowing whether it committed.
 */
final class GroupCommitWriter implements TransactionRunner {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

  /** Bounds the latency a batch adds to its first write and the size of one transaction. */
  private static final int MAX_BATCH = 256;

  private static final String BEGIN = "BEGIN IMMEDIATE";
  private static final String COMMIT = "COMMIT";
  private static final String SAVEPOINT = "SAVEPOINT op";
  private static final String RELEASE = "RELEASE op";
  private static final String ROLLBACK_TO = "ROLLBACK TO op";

  private final WriteConnection conn;
  private final SpaceProbe probe;
  private final DataSource readers;
  private final Clock clock;
  private final WorkListeners listeners;
  private final WriteHealth health;
  private final BlockingQueue<Write<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  private final java.util.concurrent.atomic.LongAdder writes = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder transactions = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder workNanos = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder commitNanos = new java.util.concurrent.atomic.LongAdder();

  /**
   * @param connection the open write connection
   * @param reopen opens another like it, when a failure left {@code connection} unusable
   * @param databaseFile the database file, whose file system the free-space probe asks
   */
  GroupCommitWriter(Connection connection, WriteConnection.Opener reopen, Path databaseFile, DataSource readers,
      Clock clock, WorkListeners listeners) {
    String name = databaseFile.toString();
    this.conn = new WriteConnection(connection, reopen, name);
    this.probe = new SpaceProbe(databaseFile);
    this.readers = readers;
    this.clock = clock;
    this.listeners = listeners;
    this.health = new WriteHealth(clock, name);
    this.thread = new Thread(this::loop, "duraflow-sqlite-writer " + name);
    thread.setDaemon(true);
    thread.start();
  }

  private static final class Write<T> {
    final String operation;
    final String instanceId;
    final TxWork<T> work;
    final CompletableFuture<T> future = new CompletableFuture<>();
    /** The free-space probe: its commit proves the store can write again. */
    final boolean probe;
    T result;
    Throwable error;
    boolean workAdded;

    Write(String operation, String instanceId, TxWork<T> work, boolean probe) {
      this.operation = operation;
      this.instanceId = instanceId;
      this.work = work;
      this.probe = probe;
    }

    void run(Tx tx) throws SQLException {
      result = work.run(tx);
      workAdded = tx.workAdded();
    }

    void complete() {
      if (error == null) {
        future.complete(result);
      } else {
        future.completeExceptionally(error);
      }
    }
  }

  @Override
  public <T> T write(String operation, String instanceId, TxWork<T> work) {
    return submit(new Write<>(operation, instanceId, work, false));
  }

  /**
   * The store's health; while it is unhealthy, first runs the {@link SpaceProbe} when one is due
   * (at most once per {@link WriteHealth#PROBE_INTERVAL}). Never throws.
   */
  StoreHealth health() {
    if (health.claimProbe()) {
      try {
        submit(new Write<>("check that the store can write", null, probe, true));
      } catch (RuntimeException e) {
        log.debug("SQLite free-space probe failed: {}", e.getMessage()); // the batch recorded the health
      }
    }
    return health.current();
  }

  private <T> T submit(Write<T> w) {
    String operation = w.operation;
    String instanceId = w.instanceId;
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException("Store write '" + operation + "' from the SQLite writer thread would deadlock");
    }
    synchronized (queue) {
      if (closed) {
        throw new StoreException("Could not " + operation + (instanceId == null ? "" : " (instance '" + instanceId + "')")
            + ": the store is closed", null);
      }
      queue.add(w);
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return w.future.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw StoreErrors.wrap(operation, instanceId, (Exception) cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public <T> T read(String operation, String instanceId, TxWork<T> work) {
    try (Connection c = readers.getConnection()) {
      Tx tx = new Tx(c, clock.instant(), null);
      try {
        return work.run(tx);
      } finally {
        tx.closeStatements();
      }
    } catch (SQLException e) {
      throw StoreErrors.wrap(operation, instanceId, e);
    }
  }

  private void loop() {
    List<Write<?>> batch = new ArrayList<>(MAX_BATCH);
    while (!closed || !queue.isEmpty()) {
      try {
        Write<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        runBatch(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        log.warn("SQLite writer interrupted; {} queued writes will fail", queue.size());
        failQueued();
        return;
      } catch (Throwable t) {
        log.error("SQLite writer failed a batch of {} writes", batch.size(), t);
        conn.recover();
        for (Write<?> w : batch) {
          w.future.completeExceptionally(new StoreException("The SQLite writer failed unexpectedly; the server log has details", t));
        }
      } finally {
        batch.clear();
      }
    }
  }


  /** Writes run so far, each an atomic store operation (many share one SQLite transaction). */
  long writes() {
    return writes.sum();
  }

  /** SQLite transactions (fsyncs, with synchronous=FULL) run so far. */
  long transactions() {
    return transactions.sum();
  }

  /** Writes and transactions run so far: their ratio is the mean group-commit batch size. */
  String statistics() {
    return writes.sum() + " writes in " + transactions.sum() + " transactions; "
        + workNanos.sum() / 1_000_000 + " ms running writes, " + commitNanos.sum() / 1_000_000 + " ms committing";
  }

  private void runBatch(List<Write<?>> batch) {
    writes.add(batch.size());
    transactions.increment();
    long started = System.nanoTime();
    boolean unhealthy = !health.healthy();
    long changesBefore = unhealthy ? conn.totalChanges() : 0;
    SQLException abort = null;
    // The batch's first failure for lack of space or by the disk: what the others are told, and the health.
    SQLException storageFailure = null;
    try {
      conn.exec(BEGIN);
    } catch (SQLException e) {
      abort = e;
    }
    for (int i = 0; abort == null && i < batch.size(); i++) {
      Write<?> w = batch.get(i);
      try {
        conn.exec(SAVEPOINT);
        w.run(new Tx(conn.connection(), clock.instant(), conn.statements()));
        conn.exec(RELEASE);
      } catch (Throwable t) {
        if (t instanceof SQLException se) {
          conn.discardStatements(); // sqlite-jdbc may have finalized the failed one (see WriteConnection)
          if (storageFailure == null && SqliteFailures.kind(se) != SqliteFailures.Kind.OTHER) {
            storageFailure = se;
          }
        }
        w.error = t instanceof SQLException se ? SqliteFailures.wrap(w.operation, w.instanceId, se) : t;
        try {
          conn.exec(ROLLBACK_TO);
          conn.exec(RELEASE);
        } catch (SQLException e) {
          abort = e; // the transaction is gone (SQLite rolled it back) or unusable: the whole batch fails
        }
      }
    }
    long committing = System.nanoTime();
    workNanos.add(committing - started);
    if (abort == null) {
      try {
        conn.exec(COMMIT);
        commitNanos.add(System.nanoTime() - committing);
      } catch (SQLException e) {
        abort = e;
      }
    }
    if (abort != null) {
      if (storageFailure == null && SqliteFailures.kind(abort) != SqliteFailures.Kind.OTHER) {
        storageFailure = abort;
      }
      conn.recover();
      SQLException cause = storageFailure != null ? storageFailure : abort;
      for (Write<?> w : batch) {
        w.workAdded = false;
        if (w.error == null) {
          w.error = SqliteFailures.wrap(w.operation, w.instanceId, cause);
        }
      }
    }
    recordHealth(batch, abort == null, storageFailure, unhealthy && conn.totalChanges() > changesBefore);
    boolean workAdded = false;
    for (Write<?> w : batch) {
      workAdded |= w.error == null && w.workAdded;
      w.complete();
    }
    if (workAdded) {
      listeners.signal(); // not fire(): a listener must never run on (and block) the writer thread
    }
  }

  /**
   * Unhealthy after a failure for lack of space or by the disk, or with no connection; healthy again after
   * a commit that changed rows or passed the probe (a commit that changed nothing may not have written).
   */
  private void recordHealth(List<Write<?>> batch, boolean committed, SQLException storageFailure, boolean changedRows) {
    if (storageFailure != null) {
      health.failed(SqliteFailures.kind(storageFailure), storageFailure);
    } else if (!conn.isOpen()) {
      health.unhealthy("the store cannot open its database for writing; check the data directory and the server log", null);
    } else if (committed && (changedRows || batch.stream().anyMatch(w -> w.probe && w.error == null))) {
      health.recovered();
    }
  }

  private void failQueued() {
    for (Write<?> w; (w = queue.poll()) != null; ) {
      w.future.completeExceptionally(new StoreException("Could not " + w.operation + ": the store was closed", null));
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (queue) {
      closed = true; // no write enters the queue after this; the loop drains what is there, then stops
    }
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failQueued();
    conn.close();
  }

  /** Times the write connection was replaced after a failure, for tests. */
  long reopens() {
    return conn.reopens();
  }
}
