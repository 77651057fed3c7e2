package io.duraflow.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the chaos activities record each of their runs: one append-only file per worker process in a
 * shared directory, one line per run, written with a single {@code write} before the activity does its
 * work. A SIGKILL cannot lose a line that was written (it sits in the page cache) nor tear it, so the test
 * can count every run, including runs whose result died with their process.
 *
 * <p>The log lives outside the store on purpose: it must survive database connection cuts unchanged.
 */
final class RunLog {
  /** One activity run: which process ran which activity call, and when it started (epoch millis). */
  record Run(String node, long pid, String instanceId, int taskId, String name, String input, long startedAtMillis) {
    /** The activity call this run executed; retries and continue-as-new iterations are distinct calls. */
    String call() {
      return instanceId + "#" + taskId + "#" + name + "#" + input;
    }
  }

  private final Path dir;
  private final FileChannel out;
  private final String node;
  private final long pid = ProcessHandle.current().pid();

  private RunLog(Path dir, String node) throws IOException {
    this.dir = dir;
    this.node = node;
    Files.createDirectories(dir);
    this.out = FileChannel.open(dir.resolve(node + "-" + pid + ".runs"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /** The log of this process, as node {@code node}. */
  static RunLog open(Path dir, String node) throws IOException {
    return new RunLog(dir, node);
  }

  /** Records a run that is about to start. Thread-safe: one positional append per line. */
  void record(String instanceId, int taskId, String name, String input) {
    String line = String.join("\t", node, Long.toString(pid), instanceId, Integer.toString(taskId), name,
        Base64.getEncoder().encodeToString(input.getBytes(StandardCharsets.UTF_8)),
        Long.toString(System.currentTimeMillis())) + "\n";
    ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    try {
      synchronized (out) {
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every run recorded so far in {@code dir}, by every process. */
  static List<Run> readAll(Path dir) {
    List<Run> runs = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return runs;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".runs")).toList()) {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        // Only whole lines: the text after the last newline is a line being appended right now.
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
          String[] p = line.split("\t", -1);
          if (p.length != 7) {
            continue; // the empty file's one empty "line"
          }
          runs.add(new Run(p[0], Long.parseLong(p[1]), p[2], Integer.parseInt(p[3]), p[4],
              new String(Base64.getDecoder().decode(p[5]), StandardCharsets.UTF_8), Long.parseLong(p[6])));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return runs;
  }

  /** Runs recorded in {@code dir} so far, cheaply: the line count of every file. */
  static long count(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long n = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".runs")).toList()) {
        byte[] bytes = Files.readAllBytes(f);
        for (byte b : bytes) {
          if (b == '\n') {
            n++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }

  /** The runs of this instance's calls of {@code name} recorded so far, read from every process's file. */
  List<Run> runsOf(String instanceId, String name) {
    return readAll(dir).stream().filter(r -> r.instanceId().equals(instanceId) && r.name().equals(name)).toList();
  }
}
