package io.duraflow.server;

import io.duraflow.store.StoreOptions;
import io.duraflow.store.testing.TestDatabases;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/** {@link MetricsEndpointTest} on PostgreSQL: the nodes of each test share a fresh schema, dropped after it. */
@Tag("postgres")
class PostgresMetricsEndpointTest extends MetricsEndpointTest {
  private final String schema = "m_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

  @Override
  protected DuraflowServer.Builder onStore(DuraflowServer.Builder builder) {
    return builder.store(TestDatabases.postgresUrl()).storeOptions(StoreOptions.defaults().with("postgres.schema", schema));
  }

  @AfterEach
  void dropSchema() {
    TestDatabases.dropSchema(TestDatabases.postgresUrl(), schema);
  }
}
