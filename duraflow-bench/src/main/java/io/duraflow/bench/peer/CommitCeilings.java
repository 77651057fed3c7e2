package io.duraflow.bench.peer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What the databases alone commit on this machine: single-row INSERT transactions in a loop, each its own
 * transaction (autocommit), on the same PostgreSQL server (default {@code synchronous_commit}) and on a SQLite file
 * in WAL mode with {@code synchronous=FULL}. An engine that needs T transactions per instance cannot go faster than
 * ceiling / T instances/s.
 */
final class CommitCeilings {
  private CommitCeilings() {}

  private static final String PAYLOAD = "x".repeat(64);

  /** Commits/s of {@code clients} connections to {@code url}, each inserting one row per transaction. */
  static double postgres(String url, int clients, Duration duration) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS ceiling (id bigserial PRIMARY KEY, client int NOT NULL, payload text NOT NULL)");
    }
    List<Connection> connections = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        Connection c = DriverManager.getConnection(url);
        c.setAutoCommit(true);
        connections.add(c);
      }
      return loop(connections, duration);
    } finally {
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  /** Commits/s of one connection to a new SQLite file (WAL, synchronous=FULL) in a temporary directory. */
  static double sqlite(Duration duration) throws Exception {
    Path dir = Files.createTempDirectory("duraflow-compare-sqlite");
    Path file = dir.resolve("ceiling.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("CREATE TABLE ceiling (id INTEGER PRIMARY KEY, client INTEGER NOT NULL, payload TEXT NOT NULL)");
      }
      c.setAutoCommit(true);
      return loop(List.of(c), duration);
    } finally {
      for (String f : new String[] {"ceiling.db", "ceiling.db-wal", "ceiling.db-shm"}) {
        Files.deleteIfExists(dir.resolve(f));
      }
      Files.deleteIfExists(dir);
    }
  }

  private static double loop(List<Connection> connections, Duration duration) throws Exception {
    int n = connections.size();
    CyclicBarrier barrier = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<long[]>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Connection c = connections.get(i);
        int client = i;
        results.add(pool.submit(() -> {
          try (PreparedStatement insert = c.prepareStatement("INSERT INTO ceiling (client, payload) VALUES (?, ?)")) {
            insert.setInt(1, client);
            insert.setString(2, PAYLOAD);
            for (int w = 0; w < 100; w++) { // warm-up: statement preparation, JIT
              insert.executeUpdate();
            }
            barrier.await(1, TimeUnit.MINUTES);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long count = 0;
            long now;
            do {
              insert.executeUpdate();
              count++;
              now = System.nanoTime();
            } while (now < end);
            return new long[] {count, now - start};
          }
        }));
      }
      long total = 0;
      long longest = 0;
      for (Future<long[]> f : results) {
        long[] r = f.get(duration.toSeconds() + 120, TimeUnit.SECONDS);
        total += r[0];
        longest = Math.max(longest, r[1]);
      }
      return total / (longest / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }
}
