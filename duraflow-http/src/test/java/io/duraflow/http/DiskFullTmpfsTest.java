package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The disk-full suite (issue 9): the engine and the HTTP API with their SQLite data directory on a small
 * real tmpfs. Instances are started, a filler file takes the rest of the disk, starts go on until the
 * store refuses them, then the filler is deleted. Checks: while full, refused starts answer a clear 503
 * with Retry-After and {@code /health} answers 503 Unhealthy; after, {@code /health} is 200 again without a
 * restart, new starts answer 202, and every instance that was ever answered 202 exists and completes with
 * its exact output.
 *
 * <p>Needs root (or CAP_SYS_ADMIN) to mount the tmpfs; skipped with a message otherwise. The bounded form
 * runs one fill-and-free cycle that keeps the disk full for 3 s; {@code -Dduraflow.diskfull.long=true} runs
 * {@value #LONG_CYCLES} cycles with more instances in flight, each full for 100 s: longer than the
 * worker's retries of an activity result (about 80 s) and its leases (30 s, 60 s).
 */
@Tag("slow")
class DiskFullTmpfsTest {
  private static final boolean LONG = Boolean.getBoolean("duraflow.diskfull.long");
  static final int LONG_CYCLES = 3;
  private static final int TMPFS_MB = 24;
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(240);
  private static final String CITIES = "[\"Oslo\",\"Lima\",\"Pune\"]";
  /** How long the disk stays full once the gated activities have finished. */
  private static final Duration HOLD = Duration.ofSeconds(LONG ? 100 : 3);
  private static final AtomicInteger BODIES = new AtomicInteger();

  private Path mountPoint;
  private boolean mounted;
  private HttpFixture f;

  @BeforeEach
  void mountTmpfs() throws Exception {
    mountPoint = Files.createTempDirectory("duraflow-diskfull");
    Run mount = run("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_MB + "m", "tmpfs", mountPoint.toString());
    assumeTrue(mount.ok(), () -> "Disk-full suite skipped: cannot mount a tmpfs on " + mountPoint
        + " (needs root or CAP_SYS_ADMIN): " + mount.output());
    mounted = true;
  }

  @AfterEach
  void unmount() throws Exception {
    try {
      if (f != null) {
        f.close();
      }
    } finally {
      if (mounted && !run("umount", mountPoint.toString()).ok()) {
        run("umount", "-l", mountPoint.toString()); // something still holds a file: detach it anyway
      }
      Files.deleteIfExists(mountPoint);
    }
  }

  @Test
  void diskFull_clear503sAndUnhealthy_thenRecoversWithoutRestart_nothingAcceptedLost() throws Exception {
    f = new HttpFixture(mountPoint.resolve("data"));
    Map<String, String> accepted = new LinkedHashMap<>(); // instance id -> expected output
    List<String> waiting = new ArrayList<>(); // WaitForApproval instances: finish only after their event
    int cycles = LONG ? LONG_CYCLES : 1;
    for (int cycle = 1; cycle <= cycles; cycle++) {
      long t0 = System.nanoTime();
      int inFlight = LONG ? 60 : 20;
      for (int i = 0; i < inFlight; i++) { // work in flight when the disk fills: activities, a waiting one
        accepted.put(f.start("Hello", CITIES), "[\"Hello Oslo!\",\"Hello Lima!\",\"Hello Pune!\"]");
      }
      String approval = f.start("WaitForApproval", null);
      accepted.put(approval, "{\"approved\":\"yes\"}");
      waiting.add(approval);
      // Activities whose results come due while the disk is full.
      TestOrchestrations.GATE.close();
      int gated = LONG ? 24 : 8;
      for (int i = 0; i < gated; i++) {
        accepted.put(f.start("Gated", "\"g" + cycle + "-" + i + "\""), "\"passed g" + cycle + "-" + i + "\"");
      }
      awaitCondition("all gated activities running", () -> TestOrchestrations.GATE.waiting.get() == gated);

      Path filler = mountPoint.resolve("filler");
      long fillerBytes = fill(filler);
      Full full = startUntilRefused(accepted, 3);
      HttpFixture.Response health = pollHealth(503);
      assertThat(health.json().get("status").asText()).isEqualTo("Unhealthy");
      assertThat(health.json().get("message").asText()).contains("disk full");
      assertThat(health.header("Retry-After")).isNotNull();
      TestOrchestrations.GATE.open();
      awaitCondition("all gated activities done", () -> TestOrchestrations.GATE.passed.get() == gated);
      // Their results must now be written while the disk stays full; starts meanwhile get a clear 503.
      Full stillFull = holdFull(accepted);

      Files.delete(filler);
      long freed = System.nanoTime();
      pollHealth(200);
      long healthyAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - freed);
      for (int i = 0; i < 5; i++) {
        String id = f.start("Echo", "\"after-" + cycle + "-" + i + "\"");
        accepted.put(id, "\"after-" + cycle + "-" + i + "\"");
      }
      for (String id : waiting) {
        HttpFixture.Response raised = f.post(f.keyed(DurableHttpServer.INSTANCES + "/" + id
            + "/raiseEvent/Approval?taskHub=" + HttpFixture.HUB), "\"yes\"");
        assertThat(raised.status()).as(raised.body()).isEqualTo(202);
      }
      waiting.clear();
      awaitAllCompleted(accepted);
      long completedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - freed);
      assertThat(integrityCheck()).as("the database after a full disk").isEqualTo("ok");
      System.out.printf("disk-full cycle %d: filler %d KiB; while full %d starts accepted, %d refused with 503;"
              + " %d activity results due while full, held full %d s (/health 200 %d times, 503 %d times);"
              + " /health 200 again %d ms after space returned;"
              + " all %d accepted instances completed %d ms after; cycle %d s%n",
          cycle, fillerBytes / 1024, full.acceptedWhileFull + stillFull.acceptedWhileFull,
          full.refused + stillFull.refused, gated, HOLD.toSeconds(), stillFull.healthy, stillFull.unhealthy,
          healthyAfterMs, accepted.size(), completedAfterMs,
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
    }
  }

  /** What the API answered while the disk was full. */
  private record Full(int acceptedWhileFull, int refused, int healthy, int unhealthy) {}

  /**
   * Keeps the disk full for {@link #HOLD} (and at least three refusals), starting an instance and asking
   * /health every 200 ms: the worker meanwhile retries the results it could not record.
   */
  private Full holdFull(Map<String, String> accepted) throws Exception {
    long end = System.nanoTime() + HOLD.toNanos();
    int acceptedWhileFull = 0;
    int refused = 0;
    int healthy = 0;
    int unhealthy = 0;
    while (System.nanoTime() < end || refused < 3) {
      Full one = startUntilRefused(accepted, 1);
      acceptedWhileFull += one.acceptedWhileFull;
      refused += one.refused;
      HttpFixture.Response health = f.get(f.base() + "/health");
      assertThat(health.status()).as(health.body()).isIn(200, 503);
      if (health.status() == 200) {
        healthy++;
      } else {
        unhealthy++;
      }
      Thread.sleep(200); // pacing of the load while the disk stays full, not a wait for an outcome
    }
    return new Full(acceptedWhileFull, refused, healthy, unhealthy);
  }

  /**
   * Starts instances (small Echo bodies, so only a full disk refuses them) until three were refused; each
   * refusal must be the clear disk-full 503. Accepted ones join {@code accepted}.
   */
  private Full startUntilRefused(Map<String, String> accepted, int refusals) throws Exception {
    int acceptedWhileFull = 0;
    int refused = 0;
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (refused < refusals) {
      assertThat(System.nanoTime()).as("the store never refused a start on a full disk").isLessThan(deadline);
      String body = "\"full-" + BODIES.incrementAndGet() + "-" + "z".repeat(2000) + "\"";
      HttpFixture.Response r = f.post(f.keyed("/api/orchestrators/Echo"), body);
      if (r.status() == 202) {
        accepted.put(r.json().get("id").asText(), body);
        acceptedWhileFull++;
        continue;
      }
      assertThat(r.status()).as(r.body()).isEqualTo(503);
      assertThat(r.header("Retry-After")).isNotNull();
      String message = r.json().get("message").asText();
      assertThat(message).contains("disk full").contains("SQLITE_FULL")
          .doesNotContain("Exception").doesNotContain("io.duraflow").doesNotContain(mountPoint.toString());
      refused++;
    }
    return new Full(acceptedWhileFull, refused, 0, 0);
  }

  private static void awaitCondition(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("never: " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Polls /health until it answers {@code status}; the answer. */
  private HttpFixture.Response pollHealth(int status) throws Exception {
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    HttpFixture.Response last;
    do {
      last = f.get(f.base() + "/health");
      if (last.status() == status) {
        return last;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("/health never answered " + status + "; last: " + last.status() + " " + last.body());
  }

  /** Every accepted instance exists and completes with its exact output. */
  private void awaitAllCompleted(Map<String, String> accepted) throws Exception {
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    for (Map.Entry<String, String> e : accepted.entrySet()) {
      String url = f.keyed(DurableHttpServer.INSTANCES + "/" + e.getKey() + "?taskHub=" + HttpFixture.HUB);
      HttpFixture.Response last;
      while (true) {
        last = f.get(url);
        assertThat(last.status()).as("accepted instance %s: %s", e.getKey(), last.body()).isIn(200, 202);
        String status = last.json().get("runtimeStatus").asText();
        assertThat(status).as("instance %s: %s", e.getKey(), last.body()).isIn("Pending", "Running", "Completed");
        if (status.equals("Completed")) {
          break;
        }
        assertThat(System.nanoTime()).as("instance %s never completed: %s", e.getKey(), last.body()).isLessThan(deadline);
        Thread.sleep(50);
      }
      JsonNode output = last.json().get("output");
      assertThat(output.toString()).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  /** SQLite's own verdict on the database file, read through a connection of its own. */
  private String integrityCheck() throws java.sql.SQLException {
    Path db = mountPoint.resolve("data").resolve("duraflow.db");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Writes {@code file} until the disk is full; answers its size. */
  private static long fill(Path file) throws IOException {
    long written = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int chunk : new int[] {1 << 20, 4096, 512}) {
        ByteBuffer buf = ByteBuffer.allocate(chunk);
        while (true) {
          buf.clear();
          try {
            written += ch.write(buf);
          } catch (IOException e) { // "No space left on device"
            break;
          }
        }
      }
      ch.force(true);
    }
    return written;
  }

  private record Run(boolean ok, String output) {}

  private static Run run(String... command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Run(false, e.getMessage());
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    boolean done = p.waitFor(30, TimeUnit.SECONDS);
    return new Run(done && p.exitValue() == 0, out);
  }
}
