package io.duraflow.engine;

import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import java.time.Clock;
import org.junit.jupiter.api.Tag;

/** {@link VersionUpgradeTest} on PostgreSQL (its claims lock with SKIP LOCKED), a fresh schema per test. */
@Tag("postgres")
class PostgresVersionUpgradeTest extends VersionUpgradeTest {
  @Override
  protected OrchestrationStore newStore() {
    return TestDatabases.postgres(Clock.systemUTC());
  }
}
