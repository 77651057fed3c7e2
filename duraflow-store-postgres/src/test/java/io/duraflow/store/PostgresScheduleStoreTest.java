package io.duraflow.store;

import io.duraflow.store.testing.TestDatabases;
import java.time.Clock;
import org.junit.jupiter.api.Tag;

/** Schedules on PostgreSQL, one fresh schema per test; the racing stores have pools of their own. */
@Tag("postgres")
class PostgresScheduleStoreTest extends ScheduleStoreContractTest {
  @Override
  protected OrchestrationStore newStore(Clock clock) {
    return TestDatabases.postgres(clock);
  }

  @Override
  protected OrchestrationStore sameDatabase(OrchestrationStore first, Clock clock) {
    return TestDatabases.postgresSchema(TestDatabases.schemaOf(first), clock);
  }
}
