package io.duraflow.engine;

import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import io.duraflow.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Tag;

/** The engine suite on PostgreSQL with the fast path off. */
@Tag("postgres")
class PostgresSlowPathEngineTest extends EngineContractTest {
  @Override
  protected OrchestrationStore newStore(Path dir, Clock clock) {
    return TestDatabases.postgres(clock);
  }

  @Override
  protected WorkerOptions workerOptions(WorkerOptions defaults) {
    return defaults.withFastPath(false);
  }
}
