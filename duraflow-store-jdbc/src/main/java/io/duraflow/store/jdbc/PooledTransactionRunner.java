package io.duraflow.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each operation in its own transaction on a pooled connection (the pool must hand out connections
 * with auto-commit off). Used for PostgreSQL, where row locks and {@code SKIP LOCKED} let transactions run
 * side by side.
 *
 * <p>A transaction that the database aborts as a deadlock victim or a serialisation failure (SQLState
 * {@code 40P01}, {@code 40001}) has written nothing and is retried, up to three attempts: two commits that
 * message each other's instances lock the two rows in opposite orders, which PostgreSQL resolves by
 * aborting one. Thread-safe.
 */
public final class PooledTransactionRunner implements TransactionRunner {
  private static final Logger log = LoggerFactory.getLogger(PooledTransactionRunner.class);
  private static final int ATTEMPTS = 3;

  private final DataSource dataSource;
  private final Clock clock;
  private final WorkListeners listeners;
  private final AutoCloseable onClose;
  private final Runnable onWorkCommitted;

  /**
   * @param onWorkCommitted called (besides the listeners) after each commit that added work, e.g. to tell
   *     other nodes; may be null
   * @param onClose closes the pool when the store closes; may be null
   */
  public PooledTransactionRunner(
      DataSource dataSource, Clock clock, WorkListeners listeners, Runnable onWorkCommitted, AutoCloseable onClose) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.listeners = listeners;
    this.onWorkCommitted = onWorkCommitted;
    this.onClose = onClose;
  }

  @Override
  public <T> T write(String operation, String instanceId, TxWork<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        Tx tx;
        T result;
        try (Connection c = dataSource.getConnection()) {
          tx = new Tx(c, clock.instant(), null);
          try {
            result = work.run(tx);
            c.commit();
          } catch (Throwable t) {
            rollbackQuietly(c);
            throw t;
          } finally {
            tx.closeStatements();
          }
        }
        if (tx.workAdded()) {
          listeners.signal();
          if (onWorkCommitted != null) {
            onWorkCommitted.run();
          }
        }
        return result;
      } catch (SQLException e) {
        if (attempt < ATTEMPTS && isRetryable(e)) {
          log.debug("Retrying '{}' of instance '{}' after {}", operation, instanceId, e.getMessage());
          continue;
        }
        throw StoreErrors.wrap(operation, instanceId, e);
      }
    }
  }

  @Override
  public <T> T read(String operation, String instanceId, TxWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      Tx tx = new Tx(c, clock.instant(), null);
      try {
        T result = work.run(tx);
        c.commit();
        return result;
      } catch (Throwable t) {
        rollbackQuietly(c);
        throw t;
      } finally {
        tx.closeStatements();
      }
    } catch (SQLException e) {
      throw StoreErrors.wrap(operation, instanceId, e);
    }
  }

  private static boolean isRetryable(SQLException e) {
    String state = e.getSQLState();
    return "40P01".equals(state) || "40001".equals(state);
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      log.debug("Rollback failed (connection probably broken): {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    if (onClose != null) {
      try {
        onClose.close();
      } catch (Exception e) {
        log.warn("Closing the connection pool failed", e);
      }
    }
  }
}
