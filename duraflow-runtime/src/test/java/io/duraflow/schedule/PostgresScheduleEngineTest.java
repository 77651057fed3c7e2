package io.duraflow.schedule;

import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Tag;

/** Schedules on PostgreSQL (a fresh schema per test); other nodes have connection pools of their own. */
@Tag("postgres")
class PostgresScheduleEngineTest extends ScheduleEngineContractTest {
  @Override
  protected OrchestrationStore newStore(Path dir, Clock clock) {
    return TestDatabases.postgres(clock);
  }

  @Override
  protected OrchestrationStore sameDatabase(OrchestrationStore first, Path dir, Clock clock) {
    return TestDatabases.postgresSchema(TestDatabases.schemaOf(first), clock);
  }
}
