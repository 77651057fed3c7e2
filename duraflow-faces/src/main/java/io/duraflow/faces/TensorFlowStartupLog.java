package io.duraflow.faces;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps TensorFlow's native start-up chatter (oneDNN, CPU features, "MLIR V1 optimization pass is not
 * enabled", abseil's "All log messages before absl::InitializeLog()") off stderr, where it would break
 * JSON log lines and alarm readers; unless the {@code org.tensorflow} logger is at DEBUG
 * ({@code --log-level debug}), which lets it all through.
 *
 * <p>Two native loggers write it. TensorFlow's own reads {@code TF_CPP_MIN_LOG_LEVEL} with getenv when
 * it first logs, so {@link #open} sets it (to 2, warnings and info off) in the process environment
 * before the library loads, unless it is set already. The abseil copy linked into libtensorflow_cc is
 * private to that library and cannot be configured from outside, and it writes only while the first
 * graph runs; so {@link #open} points file descriptor 2 at a temporary file for the model load and warm-up
 * run, and {@link #close} points it back and copies every line but abseil's INFO and WARNING ones to
 * stderr. Lines other threads log meanwhile are delayed by that second, not lost.
 *
 * <p>Linux only (the TensorFlow build we ship is linux-x86_64); anywhere the native calls fail this does
 * nothing and the chatter shows, which is harmless.
 */
final class TensorFlowStartupLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TensorFlowStartupLog.class);
  /**
   * abseil's line format at INFO and WARNING: {@code I1201 15:04:05.123456 10771 file.cc:401] text}, or
   * before its clock is set up {@code I0000 00:00:1796137169.197906   10771 file.cc:401] text}.
   */
  static final Pattern ABSL_CHATTER = Pattern.compile("^[IW]\\d{4} \\d{2}:\\d{2}:\\d+\\.\\d+\\s+\\d+ \\S+:\\d+\\] .*");
  private static final String ABSL_NOT_INITIALIZED =
      "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR";
  private static final int STDERR = 2;
  private static final int O_WRONLY = 1;
  private static final int O_APPEND = 02000; // Linux

  /** The few libc calls needed. */
  interface LibC extends Library {
    int setenv(String name, String value, int overwrite);

    int open(String path, int flags);

    int dup(int fd);

    int dup2(int from, int to);

    int close(int fd);
  }

  private static final TensorFlowStartupLog NOTHING = new TensorFlowStartupLog(null, null, -1);

  private final LibC libc;
  private final Path capture;
  private final int savedStderr;

  private TensorFlowStartupLog(LibC libc, Path capture, int savedStderr) {
    this.libc = libc;
    this.capture = capture;
    this.savedStderr = savedStderr;
  }

  /** Whether TensorFlow's native log is wanted ({@code org.tensorflow} at DEBUG). */
  static boolean verbose() {
    return LoggerFactory.getLogger("org.tensorflow").isDebugEnabled();
  }

  /** Quiets TensorFlow's native log until {@link #close}; call before the first TensorFlow class loads. */
  static TensorFlowStartupLog open() {
    if (verbose() || !Platform.isLinux()) {
      return NOTHING;
    }
    LibC libc;
    try {
      libc = Native.load("c", LibC.class);
      libc.setenv("TF_CPP_MIN_LOG_LEVEL", "2", 0); // 0: a value the user set stays
    } catch (Throwable e) { // LinkageError when JNA's stub cannot load: then the chatter shows
      LOG.debug("Cannot quiet TensorFlow's native log: {}", e.toString());
      return NOTHING;
    }
    Path capture = null;
    try {
      capture = Files.createTempFile("duraflow-tf-startup", ".log");
      int file = libc.open(capture.toString(), O_WRONLY | O_APPEND);
      int saved = file < 0 ? -1 : libc.dup(STDERR);
      if (saved < 0) {
        if (file >= 0) {
          libc.close(file);
        }
        Files.deleteIfExists(capture);
        return NOTHING;
      }
      System.err.flush();
      libc.dup2(file, STDERR);
      libc.close(file);
      return new TensorFlowStartupLog(libc, capture, saved);
    } catch (IOException | RuntimeException e) {
      LOG.debug("Cannot capture TensorFlow's start-up log: {}", e.toString());
      deleteQuietly(capture);
      return NOTHING;
    }
  }

  /** Points stderr back and passes on what was written meanwhile, but for abseil's chatter. */
  @Override
  public void close() {
    if (libc == null) {
      return;
    }
    System.err.flush();
    libc.dup2(savedStderr, STDERR);
    libc.close(savedStderr);
    try {
      List<String> lines = Files.readAllLines(capture, StandardCharsets.UTF_8);
      for (String line : lines) {
        if (!line.equals(ABSL_NOT_INITIALIZED) && !ABSL_CHATTER.matcher(line).matches()) {
          System.err.println(line);
        }
      }
      System.err.flush();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not pass on what was logged while the face models loaded: {}", e.toString());
    } finally {
      deleteQuietly(capture);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      LOG.debug("Cannot delete {}: {}", file, e.toString());
    }
  }
}
