package io.duraflow.bench.peer;

import dev.dbos.transact.DBOS;
import io.duraflow.store.sqlite.SqliteDurability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code duraflow-bench compare}: Duraflow (SQLite, PostgreSQL) against DBOS Transact for Java on the same
 * PostgreSQL server, the same workloads on each side, each side from an empty database and shut down before the
 * next one starts, all in this JVM; then one table. See {@link Workloads}, {@link DuraflowSide}, {@link DbosSide}.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compare Duraflow (SQLite, PostgreSQL) with DBOS Transact for Java on the same PostgreSQL.")
public final class Compare implements Callable<Integer> {
  static final String DB_DURAFLOW = "duraflow_bench_df";
  static final String DB_DBOS = "duraflow_bench_dbos";
  static final String DB_CEILING = "duraflow_bench_ceiling";

  @Spec
  CommandSpec spec;

  @Option(names = "--sides", split = ",", defaultValue = "sqlite,postgres,dbos",
      description = "Sides to run, in order: sqlite, postgres, dbos (default: ${DEFAULT-VALUE}).")
  List<String> sides;

  @Option(names = "--workloads", split = ",", defaultValue = "ceilings,closed,burst,fanout",
      description = "Workloads: ceilings, closed, burst, fanout (default: ${DEFAULT-VALUE}).")
  List<String> workloads;

  @Option(names = "--clients", split = ",", defaultValue = "1,8,64",
      description = "Closed-loop client threads K (default: ${DEFAULT-VALUE}).")
  List<Integer> clients;

  @Option(names = "--instances", defaultValue = "2000", description = "Measured closed-loop instances per K (default: ${DEFAULT-VALUE}).")
  int instances;

  @Option(names = "--warmup", defaultValue = "500", description = "Closed-loop warm-up instances per K (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--burst", defaultValue = "2000", description = "Instances started at once in the burst (default: ${DEFAULT-VALUE}).")
  int burst;

  @Option(names = "--burst-threads", defaultValue = "4", description = "Threads starting the burst (default: ${DEFAULT-VALUE}).")
  int burstThreads;

  @Option(names = "--fanout", split = ",", defaultValue = "1000,10000", description = "Fan-out widths (default: ${DEFAULT-VALUE}).")
  List<Integer> widths;

  @Option(names = "--ceiling-seconds", defaultValue = "5", description = "Seconds of each commit-ceiling loop (default: ${DEFAULT-VALUE}).")
  int ceilingSeconds;

  @Option(names = "--quick", description = "Quick run: 200 instances per K, 50 warm-up, burst 500, fan-out 1000 only, 2 s ceilings"
      + " (options given explicitly win).")
  boolean quick;

  @Option(names = "--pg", defaultValue = "jdbc:postgresql://127.0.0.1:5432/?user=postgres",
      description = "PostgreSQL server, as a JDBC URL without database; the benchmark creates its own databases (default: ${DEFAULT-VALUE}).")
  String pgUrl;

  @Option(names = "--durability", defaultValue = "full", description = "Duraflow SQLite durability: full | normal (default: ${DEFAULT-VALUE}).")
  String durability;

  @Option(names = "--timeout", defaultValue = "300", description = "Seconds any one instance may take before the run fails (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--phase-timeout", defaultValue = "1800", description = "Seconds any one workload phase may take (default: ${DEFAULT-VALUE}).")
  int phaseTimeoutSeconds;

  @Option(names = "--markdown", description = "Also write the table as markdown to this file.")
  Path markdown;

  @Option(names = "--dbos-queue-poll-ms", defaultValue = "1000",
      description = "Polling interval of the DBOS fan-out queue; 1000 is DBOS's default (default: ${DEFAULT-VALUE}).")
  long dbosQueuePollMillis;

  @Option(names = "--dbos-child-step", description = "DBOS fan-out children run one step each (default: they only return their input).")
  boolean dbosChildStep;

  @Option(names = "--keep-databases", description = "Keep the benchmark databases at the end (they are dropped and created afresh at each run anyway).")
  boolean keepDatabases;

  private final Report report = new Report();
  private final List<String> preamble = new ArrayList<>();
  private PgAdmin pg;

  @Override
  public Integer call() throws Exception {
    applyQuick();
    validate();
    boolean needsPg = sides.contains(Report.POSTGRES) || sides.contains(Report.DBOS) || workloads.contains("ceilings");
    pg = needsPg ? new PgAdmin(pgUrl) : null;
    try {
      if (pg != null && !pg.lockRun(phaseTimeoutSeconds)) {
        System.out.println("another duraflow-bench compare run kept this PostgreSQL server busy for " + phaseTimeoutSeconds + " s; giving up");
        return 2;
      }
      long runStart = System.nanoTime();
      header();
      boolean ok = true;
      if (workloads.contains("ceilings")) {
        ok &= ceilings();
      }
      for (String side : sides) {
        ok &= runSide(side);
      }
      double minutes = (System.nanoTime() - runStart) / 60e9;
      report.note(String.format(Locale.ROOT, "Whole run: %.1f min.", minutes));
      System.out.println();
      System.out.println("## Results");
      System.out.println();
      System.out.print(report.text());
      if (markdown != null) {
        Files.writeString(markdown, report.markdown("Duraflow vs DBOS Transact (duraflow-bench compare)", preamble),
            StandardCharsets.UTF_8);
        System.out.println("markdown written to " + markdown);
      }
      if (pg != null && !keepDatabases) {
        for (String db : List.of(DB_DURAFLOW, DB_DBOS, DB_CEILING)) {
          pg.drop(db);
        }
      }
      return ok ? 0 : 1;
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
  }

  private void applyQuick() {
    if (!quick) {
      return;
    }
    var parsed = spec.commandLine().getParseResult();
    if (!parsed.hasMatchedOption("--instances")) {
      instances = 200;
    }
    if (!parsed.hasMatchedOption("--warmup")) {
      warmup = 50;
    }
    if (!parsed.hasMatchedOption("--burst")) {
      burst = 500;
    }
    if (!parsed.hasMatchedOption("--fanout")) {
      widths = List.of(1000);
    }
    if (!parsed.hasMatchedOption("--ceiling-seconds")) {
      ceilingSeconds = 2;
    }
  }

  private void validate() {
    for (String s : sides) {
      if (!List.of(Report.SQLITE, Report.POSTGRES, Report.DBOS).contains(s)) {
        throw new IllegalArgumentException("unknown side '" + s + "'; use sqlite, postgres, dbos");
      }
    }
    for (String w : workloads) {
      if (!List.of("ceilings", "closed", "burst", "fanout").contains(w)) {
        throw new IllegalArgumentException("unknown workload '" + w + "'; use ceilings, closed, burst, fanout");
      }
    }
    SqliteDurability.valueOf(durability.toUpperCase(Locale.ROOT));
  }

  private void header() throws Exception {
    line("# duraflow-bench compare: Duraflow vs DBOS Transact for Java, " + Instant.now());
    line(String.format(Locale.ROOT, "machine: nproc %d, CPU %s, java.version %s (%s), max heap %d MiB, %s %s",
        Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.version"),
        System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() >> 20, System.getProperty("os.name"),
        System.getProperty("os.version")));
    if (pg != null) {
      line("PostgreSQL " + pg.serverVersion() + " at " + pg.urlWithoutCredentials("") + " (synchronous_commit "
          + pg.setting("synchronous_commit") + ", fsync " + pg.setting("fsync") + ", wal_sync_method "
          + pg.setting("wal_sync_method") + ", shared_buffers " + pg.setting("shared_buffers") + ", max_connections "
          + pg.setting("max_connections") + "); databases " + DB_DURAFLOW + ", " + DB_DBOS + ", " + DB_CEILING
          + " dropped and created afresh");
    }
    line("DBOS Transact " + DBOS.version() + " (dev.dbos:transact)");
    line("sides " + String.join(",", sides) + "; workloads " + String.join(",", workloads) + (quick ? " (--quick)" : ""));
    line(String.format(Locale.ROOT,
        "closed loop: K %s, %,d warm-up + %,d measured HelloSequence instances per K; burst %,d instances from %d threads;"
            + " fan-out widths %s; commit ceilings %d s each; timeouts %d s per instance, %d s per phase",
        clients, warmup, instances, burst, burstThreads, widths, ceilingSeconds, timeoutSeconds, phaseTimeoutSeconds));
    line("transactions per instance: PostgreSQL sides = delta of pg_stat_database.xact_commit of the side's database over"
        + " the measured part / measured instances, each reading taken once the statistics settled (>= 10.5 s after the phase:"
        + " PostgreSQL 15 flushes an idle backend's counters up to 10 s late), idle pollers included; Duraflow SQLite: store"
        + " committed write operations (SqliteOrchestrationStore.committedWrites)");
  }

  private void line(String s) {
    System.out.println(s);
    preamble.add(s);
  }

  static String cpuModel() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private boolean ceilings() {
    System.out.println();
    System.out.println("## Commit ceilings");
    Duration d = Duration.ofSeconds(ceilingSeconds);
    String pgStart = pgStart();
    try {
      pg.recreate(DB_CEILING);
      for (int c : new int[] {1, 8}) {
        double rate = CommitCeilings.postgres(pg.url(DB_CEILING), c, d);
        String name = "PostgreSQL, autocommit INSERT, " + c + (c == 1 ? " client" : " clients");
        report.ceiling(name, rate);
        System.out.printf(Locale.ROOT, "%s: %,.0f commits/s%n", name, rate);
      }
    } catch (Exception e) {
      System.out.println("PostgreSQL commit ceiling failed: " + e);
      e.printStackTrace(System.out);
      return false;
    }
    if (!pgStart.equals(pgStart())) {
      String warning = "WARNING: the PostgreSQL server restarted while the commit ceilings ran; the PostgreSQL ceilings are not valid.";
      System.out.println(warning);
      report.note(warning);
    }
    try {
      double rate = CommitCeilings.sqlite(d);
      String name = "SQLite WAL synchronous=FULL, autocommit INSERT, 1 client";
      report.ceiling(name, rate);
      System.out.printf(Locale.ROOT, "%s: %,.0f commits/s%n", name, rate);
    } catch (Exception e) {
      System.out.println("SQLite commit ceiling failed: " + e);
      e.printStackTrace(System.out);
      return false;
    }
    return true;
  }

  private PeerSide open(String side) throws Exception {
    SqliteDurability dur = SqliteDurability.valueOf(durability.toUpperCase(Locale.ROOT));
    return switch (side) {
      case Report.SQLITE -> new DuraflowSide(null, dur, null);
      case Report.POSTGRES -> {
        pg.recreate(DB_DURAFLOW);
        yield new DuraflowSide(pg.url(DB_DURAFLOW), dur, xactCommit(DB_DURAFLOW));
      }
      case Report.DBOS -> {
        pg.recreate(DB_DBOS);
        yield new DbosSide(pg.urlWithoutCredentials(DB_DBOS), pg.user(), pg.password(),
            Duration.ofMillis(dbosQueuePollMillis), dbosChildStep, xactCommit(DB_DBOS));
      }
      default -> throw new IllegalArgumentException(side);
    };
  }

  /** The PostgreSQL server's start time, or null without PostgreSQL (or when it is unreachable). */
  private String pgStart() {
    if (pg == null) {
      return null;
    }
    try {
      return pg.serverStart();
    } catch (Exception e) {
      return "unreachable (" + e.getMessage() + ")";
    }
  }

  private LongSupplier xactCommit(String db) {
    return () -> {
      try {
        return pg.settledXactCommit(db);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted reading pg_stat_database", e);
      } catch (Exception e) {
        throw new IllegalStateException("cannot read pg_stat_database for " + db + ": " + e, e);
      }
    };
  }

  private boolean runSide(String side) {
    System.out.println();
    System.out.println("## Side " + side);
    long t0 = System.nanoTime();
    Duration wait = Duration.ofSeconds(timeoutSeconds);
    Duration phase = Duration.ofSeconds(phaseTimeoutSeconds);
    boolean ok = true;
    PeerSide s = null;
    String pgStart = pgStart();
    try {
      s = open(side);
      line("settings " + s.settings());
      if (workloads.contains("closed")) {
        double idle = Workloads.idleTransactionsPerSecond(s, quick ? 3 : 5);
        System.out.printf(Locale.ROOT, "idle: %s store transactions/s%n",
            Double.isNaN(idle) ? "n/a" : String.format(Locale.ROOT, "%.1f", idle));
        report.put("transactions/s idle (started, no work)", "tx/s", false, side, idle);
      }
      if (workloads.contains("closed")) {
        for (int k : clients) {
          Workloads.ClosedLoop r = Workloads.closedLoop(s, k, warmup, instances, wait, phase);
          System.out.printf(Locale.ROOT, "closed loop K=%d: %,d instances in %.2f s = %,.0f instances/s, p50 %.2f ms, p99 %.2f ms, %s tx/instance%n",
              k, r.instances(), r.seconds(), r.perSecond(), r.p50Ms(), r.p99Ms(),
              Double.isNaN(r.txPerInstance()) ? "n/a" : String.format(Locale.ROOT, "%.1f", r.txPerInstance()));
          report.put("HelloSequence closed loop K=" + k, "instances/s", true, side, r.perSecond());
          report.put("HelloSequence closed loop K=" + k + " p50", "ms", false, side, r.p50Ms());
          report.put("HelloSequence closed loop K=" + k + " p99", "ms", false, side, r.p99Ms());
          report.put("transactions per HelloSequence, K=" + k, "tx/instance", false, side, r.txPerInstance());
          report.put("transactions/s during closed loop K=" + k, "tx/s", null, side, r.txPerInstance() * r.perSecond());
        }
      }
      if (workloads.contains("burst")) {
        Workloads.Burst r = Workloads.burst(s, burst, burstThreads, wait, phase);
        System.out.printf(Locale.ROOT, "burst: %,d instances started in %.2f s, all completed in %.2f s = %,.0f instances/s%n",
            r.instances(), r.startSeconds(), r.seconds(), r.instances() / r.seconds());
        report.put(String.format(Locale.ROOT, "burst of %,d HelloSequence, until all complete", burst), "s", false, side, r.seconds());
        report.put(String.format(Locale.ROOT, "burst of %,d HelloSequence, throughput", burst), "instances/s", true, side,
            r.instances() / r.seconds());
      }
      if (workloads.contains("fanout")) {
        for (int w : widths) {
          Workloads.FanOut r = Workloads.fanOut(s, w, wait, phase);
          System.out.printf(Locale.ROOT, "fan-out %,d: %.2f s (%,.0f children/s)%n", w, r.seconds(), w / r.seconds());
          report.put(String.format(Locale.ROOT, "fan-out of %,d no-op children", w), "s", false, side, r.seconds());
        }
      }
    } catch (Exception e) {
      ok = false;
      report.failed(side);
      System.out.println("SIDE " + side + " FAILED: " + e);
      e.printStackTrace(System.out);
    } finally {
      if (s != null) {
        try {
          s.close();
        } catch (Exception e) {
          ok = false;
          System.out.println("closing side " + side + " failed: " + e);
          e.printStackTrace(System.out);
        }
      }
    }
    String pgEnd = pgStart();
    if (pgStart != null && !pgStart.equals(pgEnd)) {
      String warning = "WARNING: the PostgreSQL server restarted (or went away) while side " + side
          + " ran (started " + pgStart + ", now " + pgEnd + "): another process restarted it; that side's figures are not valid.";
      System.out.println(warning);
      report.note(warning);
      ok = false;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "side %s done in %.1f s%n", side, seconds);
    report.note(String.format(Locale.ROOT, "Side %s ran %.1f s (start, all workloads, shut-down).", side, seconds));
    return ok;
  }
}
