package io.duraflow.bench.peer;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One engine on one store, started empty, running the workloads of {@link Workloads}. Opened by its constructor,
 * shut down by {@link #close()} before the next side starts.
 */
interface PeerSide extends AutoCloseable {

  /** Short name for the table ("Duraflow SQLite", "DBOS PostgreSQL"). */
  String label();

  /** The settings this side runs with, one line each, for the report header. */
  String settings();

  /** Starts one HelloSequence instance (3 steps in a row). */
  Pending startHello() throws Exception;

  /** Starts one fan-out of {@code width} no-op children and its fan-in. */
  Pending startFanOut(int width) throws Exception;

  /**
   * Committed store transactions so far, read before and after a phase; null when the side has no counter (the
   * table then says n/a).
   */
  LongSupplier transactionCounter();

  /** A started instance. */
  interface Pending {
    String id();

    /**
     * Waits until the instance completed successfully.
     *
     * @param timeout the longest wait where the engine's API takes one; where it takes none (DBOS
     *     {@code getResult}) the caller's supervisor bounds the wait instead
     * @throws IllegalStateException if the instance ended in any other state
     */
    void await(Duration timeout) throws Exception;
  }

  @Override
  void close() throws Exception;
}
