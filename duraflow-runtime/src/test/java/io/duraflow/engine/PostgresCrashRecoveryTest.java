package io.duraflow.engine;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fast-path crash test of {@link CrashRecoveryTest} on PostgreSQL: SIGKILL a node holding instances. */
@Tag("postgres")
@Tag("slow")
class PostgresCrashRecoveryTest {
  @TempDir Path dataDir;

  @Test
  void sigkillWhileHoldingInstancesWithInlineActivities_newNodeFinishesEveryInstanceExactlyOnce() throws Exception {
    try (PostgresTestDatabase db = new PostgresTestDatabase()) {
      CrashRecoveryTest.killWhileHolding(db.url(), dataDir);
    }
  }
}
