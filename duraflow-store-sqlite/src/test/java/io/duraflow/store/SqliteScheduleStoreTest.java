package io.duraflow.store;

import io.duraflow.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** Schedules on a SQLite file; the racing stores open the same file, as separate processes would. */
class SqliteScheduleStoreTest extends ScheduleStoreContractTest {
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
