package io.duraflow.engine;

import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class PostgresEntityTest extends EntityContractTest {
  @Override
  protected OrchestrationStore newStore(Path dir, Clock clock) {
    return TestDatabases.postgres(clock);
  }
}
