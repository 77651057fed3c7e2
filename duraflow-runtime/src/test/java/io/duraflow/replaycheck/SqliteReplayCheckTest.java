package io.duraflow.replaycheck;

import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** The replay check over a SQLite file. */
class SqliteReplayCheckTest extends ReplayCheckContractTest {
  @TempDir Path dir;

  @Override
  protected OrchestrationStore newStore() {
    return TestDatabases.sqlite(dir, Clock.systemUTC());
  }
}
