package io.duraflow.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link NodeMain} running in a child JVM with this test's class path. */
final class ChildNode implements AutoCloseable {
  private final Process process;
  private final Path log;

  private ChildNode(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static ChildNode start(String storeSpec, Path dataDir, String name) throws IOException, InterruptedException {
    return start(storeSpec, dataDir, name, List.of());
  }

  /** Starts a node with extra {@link NodeMain} arguments and waits until it is ready. */
  static ChildNode start(String storeSpec, Path dataDir, String name, List<String> extraArgs)
      throws IOException, InterruptedException {
    Path marker = dataDir.resolve(name + ".ready");
    Files.deleteIfExists(marker);
    Path log = dataDir.resolve(name + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        NodeMain.class.getName(), storeSpec == null ? "-" : storeSpec, dataDir.toString(), marker.toString()));
    cmd.addAll(extraArgs);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.exists(marker)) {
      if (!p.isAlive()) {
        throw new IllegalStateException("node " + name + " exited with " + p.exitValue() + ":\n" + Files.readString(log));
      }
      if (System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException("node " + name + " did not start:\n" + Files.readString(log));
      }
      Thread.sleep(50);
    }
    return new ChildNode(p, log);
  }

  /** Waits for the node to exit by itself; returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("node did not exit:\n" + output());
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hooks, no chance to release leases. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
