package io.duraflow.store.jdbc;

/**
 * The backend's {@link TransactionRunner}, plus one step at the end of each write: if the transaction
 * added work, {@link SqlDialect#announceWork} tells other processes inside that same transaction, so the
 * signal goes out if and only if it commits. Reads and {@link #close()} pass through unchanged.
 */
final class AnnouncingTransactionRunner implements TransactionRunner {

  private final SqlDialect dialect;
  private final TransactionRunner runner;

  AnnouncingTransactionRunner(SqlDialect dialect, TransactionRunner runner) {
    this.dialect = dialect;
    this.runner = runner;
  }

  @Override
  public <T> T write(String operation, String instanceId, TxWork<T> work) {
    return runner.write(operation, instanceId, tx -> {
      T result = work.run(tx);
      if (tx.workAdded()) {
        dialect.announceWork(tx);
      }
      return result;
    });
  }

  @Override
  public <T> T read(String operation, String instanceId, TxWork<T> work) {
    return runner.read(operation, instanceId, work);
  }

  @Override
  public void close() {
    runner.close();
  }
}
