package io.duraflow.store;

import io.duraflow.store.testing.TestDatabases;
import java.time.Clock;
import org.junit.jupiter.api.Tag;

/** Task queues, id reuse and tags on PostgreSQL, one fresh schema per test; other nodes share the schema. */
@Tag("postgres")
class PostgresQueueTest extends QueueContractTest {
  @Override
  protected OrchestrationStore newStore(Clock clock) {
    return TestDatabases.postgres(clock);
  }

  @Override
  protected OrchestrationStore openSameDatabase(Clock clock) {
    return TestDatabases.postgresSchema(TestDatabases.schemaOf(store), clock);
  }
}
