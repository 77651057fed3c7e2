package io.duraflow.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.StoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** V5 adds the activities' trace columns to a database that already holds work: old rows stay claimable, untraced. */
class SqliteTraceMigrationTest {
  @TempDir Path dir;

  @Test
  void activityRowWrittenBeforeV5_isClaimedAfterTheUpgradeWithoutTrace() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve(SqliteOrchestrationStore.FILE_NAME);
    Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/sqlite").target("4").load().migrate();
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO activities (task_hub, instance_id, execution_id, task_id, name, input, visible_at,"
          + " version, dequeue_count) VALUES ('hub', 'old-1', 'e1', 0, 'Echo', '\"x\"', 0, 0, 0)");
    }

    try (OrchestrationStore store = OrchestrationStores.open("sqlite", dir, StoreOptions.defaults())) {
      List<ActivityWorkItem> claimed = store.claimActivityWorkItems("w1", 10, Duration.ofSeconds(30));

      assertThat(claimed).singleElement().satisfies(a -> {
        assertThat(a.instanceId()).isEqualTo("old-1");
        assertThat(a.input()).isEqualTo("\"x\"");
        assertThat(a.trace()).isNull();
      });
    }
  }
}
