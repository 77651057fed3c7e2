package io.duraflow.store;

import io.duraflow.store.sqlite.SqliteOrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a SQLite file. */
class SqliteStoreTest extends OrchestrationStoreContractTest {
  @TempDir Path dir;

  @Override
  protected OrchestrationStore newStore(Clock clock) {
    return TestDatabases.sqlite(dir, clock);
  }

  @Override
  protected OrchestrationStore openSameDatabase(Clock clock) {
    return TestDatabases.sqlite(dir, clock);
  }

  @Override
  protected Connection connectTo(OrchestrationStore store) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteOrchestrationStore.FILE_NAME));
  }
}
