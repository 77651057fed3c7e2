package io.duraflow.engine;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EntityCrashTest} on PostgreSQL: a node killed mid-batch, a fresh one finishes, exactly once. */
@Tag("postgres")
@Tag("slow")
class PostgresEntityCrashTest {
  @TempDir Path dataDir;

  @Test
  void sigkillMidBatch_freshNodeFinishes_counterEqualsTheSignalsExactly() throws Exception {
    try (PostgresTestDatabase db = new PostgresTestDatabase()) {
      EntityCrashTest.killMidStream(db.url(), dataDir);
    }
  }
}
