package io.duraflow.store;

import io.duraflow.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** Entity storage on a SQLite file. */
class SqliteEntityStoreTest extends EntityStoreContractTest {
  @TempDir Path dir;

  @Override
  protected OrchestrationStore newStore(Clock clock) {
    return TestDatabases.sqlite(dir, clock);
  }
}
