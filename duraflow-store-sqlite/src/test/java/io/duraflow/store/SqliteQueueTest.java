package io.duraflow.store;

import io.duraflow.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** Task queues, id reuse and tags on a SQLite file; other nodes are other stores on the same file. */
class SqliteQueueTest extends QueueContractTest {
  @TempDir Path dir;

  @Override
  protected OrchestrationStore newStore(Clock clock) {
    return TestDatabases.sqlite(dir, clock);
  }

  @Override
  protected OrchestrationStore openSameDatabase(Clock clock) {
    return TestDatabases.sqlite(dir, clock);
  }
}
