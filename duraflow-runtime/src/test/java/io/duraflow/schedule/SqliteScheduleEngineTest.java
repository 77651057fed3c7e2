package io.duraflow.schedule;

import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;

/** Schedules on a SQLite file; "other nodes" open the same file with stores of their own. */
class SqliteScheduleEngineTest extends ScheduleEngineContractTest {
  @Override
  protected OrchestrationStore newStore(Path dir, Clock clock) {
    return TestDatabases.sqlite(dir, clock);
  }

  @Override
  protected OrchestrationStore sameDatabase(OrchestrationStore first, Path dir, Clock clock) {
    return TestDatabases.sqlite(dir, clock);
  }
}
