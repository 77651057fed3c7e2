package io.duraflow.store;

import io.duraflow.store.testing.TestDatabases;
import java.time.Clock;
import org.junit.jupiter.api.Tag;

/** The versioned claim filter on PostgreSQL, one fresh schema per test. */
@Tag("postgres")
class PostgresVersionedClaimTest extends VersionedClaimContractTest {
  @Override
  protected OrchestrationStore newStore(Clock clock) {
    return TestDatabases.postgres(clock);
  }
}
