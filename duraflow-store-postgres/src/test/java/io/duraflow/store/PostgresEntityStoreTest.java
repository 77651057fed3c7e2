package io.duraflow.store;

import io.duraflow.store.testing.TestDatabases;
import java.time.Clock;
import org.junit.jupiter.api.Tag;

/** Entity storage on PostgreSQL, one fresh schema per test. */
@Tag("postgres")
class PostgresEntityStoreTest extends EntityStoreContractTest {
  @Override
  protected OrchestrationStore newStore(Clock clock) {
    return TestDatabases.postgres(clock);
  }
}
