package io.duraflow.engine;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of this test's own: {@code initdb} in a temporary directory, a free port on
 * 127.0.0.1, started and stopped with {@code pg_ctl}, so a test may stop it without touching the machine's
 * shared server. As root (CI), the server runs as the {@code postgres} user, since PostgreSQL refuses root.
 */
final class PrivatePostgres implements AutoCloseable {
  private final Path dir;
  private final Path data;
  private final String bin;
  private final int port;
  private final boolean asPostgresUser;

  private PrivatePostgres(Path dir, String bin, int port, boolean asPostgresUser) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.bin = bin;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** The server binaries' directory, or null when PostgreSQL's server is not installed here. */
  static String binDir() throws IOException, InterruptedException {
    try {
      Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      return p.waitFor() == 0 && Files.isExecutable(Path.of(out, "initdb")) ? out : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Creates and starts a new server. */
  static PrivatePostgres start() throws IOException, InterruptedException {
    String bin = binDir();
    if (bin == null) {
      throw new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) not found via pg_config --bindir");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("duraflow-pg-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PrivatePostgres pg = new PrivatePostgres(dir, bin, port, root);
    if (root) {
      pg.run(List.of("chown", "postgres", dir.toString()), false);
    }
    pg.run(List.of(bin + "/initdb", "-D", pg.data.toString(), "-A", "trust", "-U", "postgres", "--no-sync"), true);
    pg.startServer();
    return pg;
  }

  String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  void startServer() throws IOException, InterruptedException {
    run(List.of(bin + "/pg_ctl", "-D", data.toString(), "-w", "-t", "60", "-l", dir.resolve("server.log").toString(),
        "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start"), true);
  }

  void stopServer() throws IOException, InterruptedException {
    run(List.of(bin + "/pg_ctl", "-D", data.toString(), "-w", "-t", "60", "-m", "fast", "stop"), true);
  }

  private void run(List<String> command, boolean asServerUser) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (asServerUser && asPostgresUser) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(command);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      stopServer();
    } catch (IllegalStateException e) {
      // already stopped
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
