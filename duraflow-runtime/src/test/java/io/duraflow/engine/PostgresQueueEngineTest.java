package io.duraflow.engine;

import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import java.time.Clock;
import org.junit.jupiter.api.Tag;

/** Queues, id reuse and tags through engines on one PostgreSQL schema, each engine with its own pool. */
@Tag("postgres")
class PostgresQueueEngineTest extends QueueEngineContractTest {
  @Override
  protected OrchestrationStore newStore(Clock clock) {
    return TestDatabases.postgres(clock);
  }

  @Override
  protected OrchestrationStore sameDatabase(OrchestrationStore first, Clock clock) {
    return TestDatabases.postgresSchema(TestDatabases.schemaOf(first), clock);
  }
}
