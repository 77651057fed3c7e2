package io.duraflow.store;

import io.duraflow.store.testing.TestDatabases;
import java.time.Clock;
import org.junit.jupiter.api.Tag;

/** Activity deadlines on PostgreSQL, one fresh schema per test. */
@Tag("postgres")
class PostgresActivityDeadlinesTest extends ActivityDeadlinesContractTest {
  @Override
  protected OrchestrationStore newStore(Clock clock) {
    return TestDatabases.postgres(clock);
  }
}
