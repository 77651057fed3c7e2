package io.duraflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duraflow.app.CliTest.Run;
import io.duraflow.app.cli.ExitCodes;
import io.duraflow.app.logging.LogFormat;
import io.duraflow.app.logging.LogLevel;
import io.duraflow.app.logging.LogSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --log-level} and {@code --log-format}, run in-process on a workload whose one activity fails: a
 * face workflow on a loopback URL, which DetectFace refuses (no model is loaded for that).
 */
class LogOptionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REFUSED_URL_INPUT = "[\"http://127.0.0.1:9/photo.jpg\"]";

  @TempDir Path dataDir;

  @AfterEach
  void backToDefaults() {
    LogSetup.apply(LogLevel.INFO, LogFormat.TEXT); // the next test in this JVM logs as usual
  }

  private Run startFailingWorkload(String... logOptions) {
    List<String> args = new java.util.ArrayList<>(List.of("start", "FaceHappiness", "--data", dataDir.toString(),
        "--input", REFUSED_URL_INPUT, "--wait", "60"));
    args.addAll(List.of(logOptions));
    Run run = CliTest.cli(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK); // a refused image does not fail the run
    return run;
  }

  private static String instanceId(Run run) {
    return run.out().lines().findFirst().orElseThrow().trim();
  }

  private static List<JsonNode> jsonLines(String stderr) {
    return stderr.lines().map(line -> {
      try {
        return JSON.readTree(line);
      } catch (IOException e) {
        throw new UncheckedIOException("not a JSON line: " + line, e);
      }
    }).toList();
  }

  @Test
  void jsonFormat_everyStderrLineIsJson_andTheActivityFailureNamesItsInstance() {
    Run run = startFailingWorkload("--log-format", "json");
    String id = instanceId(run);
    List<JsonNode> lines = jsonLines(run.err());

    assertThat(lines).isNotEmpty();
    for (JsonNode line : lines) {
      assertThat(line.fieldNames()).toIterable().contains("timestamp", "level", "logger", "thread", "message");
      assertThat(Instant.parse(line.get("timestamp").asText())).isNotNull(); // ISO-8601, UTC ("Z")
      assertThat(line.get("timestamp").asText()).endsWith("Z");
    }
    List<JsonNode> failures = lines.stream()
        .filter(l -> l.path("level").asText().equals("WARN") && l.path("logger").asText().endsWith("ActivityRunner"))
        .toList();
    assertThat(failures).as(run.err()).hasSize(1);
    JsonNode failure = failures.get(0);
    assertThat(failure.path("instanceId").asText()).isEqualTo(id);
    assertThat(failure.path("activity").asText()).isEqualTo("DetectFace");
    assertThat(failure.path("executionId").asText()).isNotEmpty();
    assertThat(failure.path("message").asText()).contains("127.0.0.1");
    // Every line that mentions the instance in its text carries its id as a field too.
    assertThat(lines).filteredOn(l -> l.path("message").asText().contains(id))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l.path("instanceId").asText()).as(l.toString()).isEqualTo(id));
    assertThat(run.out()).as("stdout is the command's output only").doesNotContain("\"level\"");
  }

  @Test
  void textFormat_showsTheInstanceIdOnItsLines() {
    Run run = startFailingWorkload("--log-format", "text");
    String id = instanceId(run);

    assertThat(run.err().lines().filter(l -> l.contains(" WARN io.duraflow.worker.ActivityRunner")))
        .singleElement().asString().contains(" instance=" + id + " - ");
    assertThat(run.err().lines().filter(l -> l.contains(" INFO io.duraflow.worker.Worker")))
        .as("a line about no instance has no instance field").isNotEmpty().noneMatch(l -> l.contains("instance="));
  }

  @Test
  void warnLevel_dropsInfoLines_givenAfterOrBeforeTheSubcommand() {
    Run info = startFailingWorkload("--log-format", "json");
    Run after = startFailingWorkload("--log-format", "json", "--log-level", "warn");
    Run before = CliTest.cli("--log-level", "WARN", "--log-format", "json", "start", "FaceHappiness",
        "--data", dataDir.toString(), "--input", REFUSED_URL_INPUT, "--wait", "60");

    assertThat(jsonLines(info.err())).as("the same run at info has info lines")
        .anyMatch(l -> l.path("level").asText().equals("INFO"));
    for (Run run : List.of(after, before)) {
      assertThat(jsonLines(run.err())).extracting(l -> l.path("level").asText())
          .isNotEmpty().allMatch(level -> level.equals("WARN") || level.equals("ERROR"));
    }
  }

  @Test
  void badLevelOrFormat_isAUsageError() {
    Run level = CliTest.cli("list", "--data", dataDir.toString(), "--log-level", "loud");
    Run format = CliTest.cli("--log-format", "xml", "list", "--data", dataDir.toString());

    assertThat(level.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(level.err()).contains("--log-level", "'loud' is not one of error, warn, info, debug or trace").doesNotContain("Exception");
    assertThat(format.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(format.err()).contains("--log-format", "'xml' is not one of text or json").doesNotContain("Exception");
  }

  @Test
  void jsonFormat_keepsStdoutParseable() throws Exception {
    startFailingWorkload();
    Run list = CliTest.cli("list", "--data", dataDir.toString(), "--output", "json", "--log-format", "json",
        "--log-level", "debug");

    assertThat(list.exitCode()).isZero();
    assertThat(JSON.readTree(list.out()).isContainerNode()).as(list.out()).isTrue();
    assertThat(jsonLines(list.err())).as("debug opens up the libraries (Hikari, Flyway)")
        .anyMatch(l -> l.path("level").asText().equals("DEBUG") && l.path("logger").asText().startsWith("com.zaxxer.hikari"));
  }
}
