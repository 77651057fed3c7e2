package io.duraflow.replaycheck;

import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import java.time.Clock;
import org.junit.jupiter.api.Tag;

/** The replay check over PostgreSQL, a fresh schema per test. */
@Tag("postgres")
class PostgresReplayCheckTest extends ReplayCheckContractTest {
  @Override
  protected OrchestrationStore newStore() {
    return TestDatabases.postgres(Clock.systemUTC());
  }
}
