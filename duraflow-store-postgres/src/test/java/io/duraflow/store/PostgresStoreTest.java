package io.duraflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.store.postgres.PostgresUrls;
import io.duraflow.store.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The store contract on PostgreSQL ({@link TestDatabases#postgresUrl()}), one fresh schema per test. The
 * contract suite sets a non-UTC default time zone, which pgjdbc sends as the session time zone.
 */
@Tag("postgres")
class PostgresStoreTest extends OrchestrationStoreContractTest {

  @Override
  protected OrchestrationStore newStore(Clock clock) {
    return TestDatabases.postgres(clock);
  }

  @Override
  protected OrchestrationStore openSameDatabase(Clock clock) {
    return TestDatabases.postgresSchema(TestDatabases.schemaOf(store), clock);
  }

  @Override
  protected Connection connectTo(OrchestrationStore store) throws java.sql.SQLException {
    return TestDatabases.connectTo(store);
  }

  @Test
  void session_timeZone_isNotUtc() throws Exception {
    PostgresUrls.Target target = PostgresUrls.parse(TestDatabases.postgresUrl());
    try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.properties());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW TIME ZONE")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("Asia/Kathmandu");
    }
  }
}
