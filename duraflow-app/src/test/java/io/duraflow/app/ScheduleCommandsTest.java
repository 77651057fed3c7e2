package io.duraflow.app;

import static io.duraflow.app.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duraflow.api.TaskRegistry;
import io.duraflow.server.DuraflowServer;
import io.duraflow.store.InstanceQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code duraflow schedule ...} against a running server ({@code --url}) and on its data directory. */
class ScheduleCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private DuraflowServer server;

  @BeforeEach
  void startServer() {
    TaskRegistry registry = TaskRegistry.builder().addOrchestration("Quick", ctx -> ctx.getInput(JsonNode.class)).build();
    server = DuraflowServer.builder(registry).dataDir(dir).port(0).key("cli-test-key").start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private CliTest.Run run(String mode, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(mode.equals("http") ? List.of("--url", server.baseUri().toString(), "--key", "cli-test-key")
        : List.of("--data", dir.toString()));
    return cli(all.toArray(String[]::new));
  }

  private JsonNode json(CliTest.Run run) throws Exception {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "local"})
  void createListShowPauseResumeTriggerDelete(String mode) throws Exception {
    JsonNode created = json(run(mode, "schedule", "create", "nightly", "--cron", "30 2 * * *", "--orchestration", "Quick",
        "--input", "{\"n\":7}", "--time-zone", "Europe/Oslo", "--jitter", "30s", "--overlap", "buffer-one",
        "--catch-up-window", "10m", "--output", "json"));
    assertThat(created.get("overlap").asText()).isEqualTo("buffer-one");
    assertThat(created.get("catchupWindow").asText()).isEqualTo("PT10M");
    assertThat(Instant.parse(created.get("nextDueAt").asText()).atZone(ZoneId.of("Europe/Oslo")).toLocalTime())
        .isEqualTo(LocalTime.of(2, 30));

    CliTest.Run table = run(mode, "schedule", "list");
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out()).contains("ID", "NEXT DUE", "nightly", "Quick", "cron 30 2 * * *", "Europe/Oslo", "active");
    assertThat(json(run(mode, "schedule", "show", "nightly", "--output", "json")).get("jitter").asText()).isEqualTo("PT30S");

    JsonNode paused = json(run(mode, "schedule", "pause", "nightly", "--note", "freeze", "--output", "json"));
    assertThat(paused.get("paused").asBoolean()).isTrue();
    assertThat(paused.get("note").asText()).isEqualTo("freeze");
    assertThat(json(run(mode, "schedule", "resume", "nightly", "--output", "json")).get("paused").asBoolean()).isFalse();

    CliTest.Run trigger = run(mode, "schedule", "trigger", "nightly");
    assertThat(trigger.exitCode()).as(trigger.err()).isZero();
    String instanceId = trigger.out().strip();
    assertThat(instanceId).startsWith("nightly-");
    assertThat(server.client().waitForCompletion(instanceId, Duration.ofSeconds(30)).output()).isEqualTo("{\"n\":7}");

    CliTest.Run backfill = run(mode, "schedule", "backfill", "nightly", "--from", "2026-03-28", "--to", "2026-03-31");
    assertThat(backfill.exitCode()).as(backfill.err()).isZero();
    // 02:30 Oslo on the 28th (+01:00) and the 30th (+02:00); 2026-03-29 02:30 does not exist (spring forward).
    assertThat(backfill.out().strip().split("\n")).containsExactly("nightly-2026-03-28T01:30:00Z",
        "nightly-2026-03-30T00:30:00Z");

    assertThat(run(mode, "schedule", "delete", "nightly").exitCode()).isZero();
    CliTest.Run gone = run(mode, "schedule", "show", "nightly");
    assertThat(gone.exitCode()).isEqualTo(2);
    assertThat(gone.err()).contains("No schedule 'nightly'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "local"})
  void badArguments_exitTwoWithAClearMessage(String mode) {
    CliTest.Run cron = run(mode, "schedule", "create", "x", "--cron", "0 * *", "--orchestration", "Quick");
    assertThat(cron.exitCode()).isEqualTo(2);
    assertThat(cron.err()).contains("has 3 fields").doesNotContain("Exception");
    CliTest.Run overlap = run(mode, "schedule", "create", "x", "--interval", "1m", "--orchestration", "Quick",
        "--overlap", "never");
    assertThat(overlap.exitCode()).isEqualTo(2);
    assertThat(overlap.err()).contains("skip, buffer-one, allow-all");
    CliTest.Run neither = run(mode, "schedule", "create", "x", "--orchestration", "Quick");
    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.err()).contains("exactly one of a cron expression or an interval");
  }

  @ParameterizedTest
  @ValueSource(strings = {"local"})
  void intervalSchedule_theServersSchedulerStartsIt(String mode) throws Exception {
    assertThat(run(mode, "schedule", "create", "tick", "--interval", "1s", "--orchestration", "Quick",
        "--input", "1", "--overlap", "allow-all").exitCode()).isZero();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (server.client().queryInstances(new InstanceQuery(null, null, null, "tick-", 10, null)).instances().isEmpty()) {
      assertThat(System.nanoTime()).as("an instance of the schedule started").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
