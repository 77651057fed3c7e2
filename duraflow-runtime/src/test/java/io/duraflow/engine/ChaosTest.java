package io.duraflow.engine;

import io.duraflow.store.sqlite.SqliteOrchestrationStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos suite on SQLite: two worker JVMs share one database file (SQLite's file lock serialises their
 * writes), a mixed workload runs while seeded SIGKILLs hit them; see {@link ChaosRun} for the faults and
 * {@link ChaosChecks} for what must hold afterwards.
 *
 * <p>Bounded by default (120 instances, 4 kills); {@code -Dduraflow.chaos.long=true} runs 400 instances and
 * 12 kills; {@code -Dduraflow.chaos.seed=N} repeats a run (the seed is printed first and in every failure).
 */
@Tag("slow")
class ChaosTest {
  @TempDir Path dir;

  @Test
  void sqlite_twoWorkersKilledAtRandom_everyInstanceExactOnceAndNothingLeftBehind() throws Exception {
    String jdbcUrl = "jdbc:sqlite:" + dir.resolve(SqliteOrchestrationStore.FILE_NAME);
    new ChaosRun(ChaosRun.Plan.fromSystemProperties(false), "sqlite", null, jdbcUrl, null, dir).run();
  }
}
