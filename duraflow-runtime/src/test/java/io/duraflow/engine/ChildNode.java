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
  private final Path marker;

  private ChildNode(Process process, Path log, Path marker) {
    this.process = process;
    this.log = log;
    this.marker = marker;
  }

  static ChildNode start(String storeSpec, Path dataDir, String name) throws IOException, InterruptedException {
    return start(storeSpec, dataDir, name, List.of());
  }

  /** Starts a node with extra {@link NodeMain} arguments and waits until it is ready. */
  static ChildNode start(String storeSpec, Path dataDir, String name, List<String> extraArgs)
      throws IOException, InterruptedException {
    ChildNode node = launch(storeSpec, dataDir, name, List.of(), extraArgs);
    node.awaitReady(Duration.ofSeconds(60), name);
    return node;
  }

  /**
   * Starts a node with extra JVM options and {@link NodeMain} arguments and returns at once; see
   * {@link #isReady()}.
   */
  static ChildNode launch(String storeSpec, Path dataDir, String name, List<String> jvmArgs, List<String> extraArgs)
      throws IOException {
    Path marker = dataDir.resolve(name + ".ready");
    Files.deleteIfExists(marker);
    Path log = dataDir.resolve(name + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m"));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        NodeMain.class.getName(), storeSpec == null ? "-" : storeSpec, dataDir.toString(), marker.toString()));
    cmd.addAll(extraArgs);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ChildNode(p, log, marker);
  }

  private void awaitReady(Duration timeout, String name) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!isReady()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node " + name + " exited with " + process.exitValue() + ":\n" + output());
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("node " + name + " did not start:\n" + output());
      }
      Thread.sleep(50);
    }
  }

  /** True once the node's worker runs (it wrote its ready marker). */
  boolean isReady() {
    return Files.exists(marker);
  }

  boolean isAlive() {
    return process.isAlive();
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
