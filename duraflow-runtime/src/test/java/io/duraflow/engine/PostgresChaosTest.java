package io.duraflow.engine;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos suite on PostgreSQL: two worker JVMs share one database, seeded SIGKILLs hit them, and seeded
 * cuts terminate every node connection. The server is the test's own ({@link PrivatePostgres}), since the
 * cuts must never touch the machine's shared one. Sizes and seed as in {@link ChaosTest}.
 */
@Tag("postgres")
@Tag("slow")
class PostgresChaosTest {
  @TempDir Path dir;

  @Test
  void postgres_twoWorkersKilledAndCutAtRandom_everyInstanceExactOnceAndNothingLeftBehind() throws Exception {
    assumeTrue(PrivatePostgres.binDir() != null, "needs the PostgreSQL server binaries (initdb, pg_ctl)");
    try (PrivatePostgres server = PrivatePostgres.start()) {
      String url = server.url("postgres");
      new ChaosRun(ChaosRun.Plan.fromSystemProperties(true), "postgresql", url, url, url, dir).run();
    }
  }
}
