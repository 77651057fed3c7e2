package io.duraflow.faces;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a test {@code main} in a child JVM with its own heap limit, on this JVM's class path. */
final class ForkedJvm {
  private ForkedJvm() {}

  /** Exit code and every line the child printed (stdout and stderr). */
  record Result(int exitCode, List<String> lines) {
    /** The lines starting with {@code prefix}, prefix removed. */
    List<String> tagged(String prefix) {
      List<String> out = new ArrayList<>();
      for (String l : lines) {
        if (l.startsWith(prefix)) {
          out.add(l.substring(prefix.length()));
        }
      }
      return out;
    }

    String output() {
      return String.join("\n", lines);
    }
  }

  static Result run(String maxHeap, Class<?> main, Duration timeout, String... args) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"),
        main.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = pb.start();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = in.readLine()) != null; ) {
          lines.add(l);
        }
      } catch (IOException e) {
        // the child is gone
      }
    }, "forked-jvm-output");
    reader.setDaemon(true);
    reader.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(main.getSimpleName() + " did not finish within " + timeout + "; output:\n"
          + String.join("\n", lines));
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    synchronized (lines) {
      return new Result(p.exitValue(), List.copyOf(lines));
    }
  }
}
