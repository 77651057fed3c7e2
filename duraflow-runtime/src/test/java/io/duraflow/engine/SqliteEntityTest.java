package io.duraflow.engine;

import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;

class SqliteEntityTest extends EntityContractTest {
  @Override
  protected OrchestrationStore newStore(Path dir, Clock clock) {
    return TestDatabases.sqlite(dir, clock);
  }
}
