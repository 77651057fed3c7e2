package io.duraflow.engine;

import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** Queues, id reuse and tags through engines on one SQLite file, each engine with its own store. */
class SqliteQueueEngineTest extends QueueEngineContractTest {
  @TempDir Path dir;

  @Override
  protected OrchestrationStore newStore(Clock clock) {
    return TestDatabases.sqlite(dir, clock);
  }

  @Override
  protected OrchestrationStore sameDatabase(OrchestrationStore first, Clock clock) {
    return TestDatabases.sqlite(dir, clock);
  }
}
