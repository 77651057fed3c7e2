package io.duraflow.engine;

import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import io.duraflow.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Clock;

/** The engine suite with the fast path off: every result through the inbox, every step through a claim. */
class SqliteSlowPathEngineTest extends EngineContractTest {
  @Override
  protected OrchestrationStore newStore(Path dir, Clock clock) {
    return TestDatabases.sqlite(dir, clock);
  }

  @Override
  protected WorkerOptions workerOptions(WorkerOptions defaults) {
    return defaults.withFastPath(false);
  }
}
