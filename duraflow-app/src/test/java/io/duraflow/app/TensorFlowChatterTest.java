package io.duraflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The face models load in a fresh JVM whose environment has no TF_CPP_MIN_LOG_LEVEL (as under a plain
 * {@code java -jar duraflow.jar}), and TensorFlow's native log stays off stderr unless asked for.
 */
@Tag("slow")
class TensorFlowChatterTest {
  /** TensorFlow's own format ({@code 2026-12-01 14:59:28.792593: I tensorflow/...}) and abseil's. */
  private static final Pattern NATIVE_LINE = Pattern.compile(
      "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d+: [IWEF] .*|^[IWEF]\\d{4} \\d{2}:\\d{2}:[\\d.]+\\s+\\d+ \\S+:\\d+\\] .*"
          + "|.*absl::InitializeLog.*");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  record Run(int exitCode, String out, List<String> err) {}

  private Run faces(String... logOptions) throws Exception {
    Path photo = Path.of(getClass().getResource("/photos/sample1.jpg").toURI());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        DuraflowCli.class.getName(), "faces", photo.toString()));
    cmd.addAll(List.of(logOptions));
    Path out = dir.resolve("out-" + logOptions.length + ".txt");
    Path err = dir.resolve("err-" + logOptions.length + ".txt");
    ProcessBuilder builder = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove("TF_CPP_MIN_LOG_LEVEL"); // surefire sets it for the tests' own JVM
    Process p = builder.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("faces did not finish: " + Files.readString(err));
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readAllLines(err, StandardCharsets.UTF_8));
  }

  @Test
  void faces_withoutTheEnvironmentVariable_printsNoNativeChatter_andJsonLogsStayJson() throws Exception {
    Run quiet = faces("--log-format", "json");
    Run verbose = faces("--log-level", "debug");

    assertThat(quiet.exitCode()).as(String.join("\n", quiet.err())).isZero();
    assertThat(quiet.out()).contains("happiness");
    assertThat(quiet.err()).noneMatch(l -> NATIVE_LINE.matcher(l).matches());
    for (String line : quiet.err()) {
      assertThat(isJson(line)).as("a JSON log line: " + line).isTrue();
    }
    assertThat(verbose.exitCode()).isZero();
    assertThat(verbose.err()).as("--log-level debug lets TensorFlow's log through")
        .anyMatch(l -> NATIVE_LINE.matcher(l).matches());
  }

  private static boolean isJson(String line) {
    try {
      return JSON.readTree(line).isObject();
    } catch (IOException e) {
      return false;
    }
  }
}
