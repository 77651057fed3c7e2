package io.duraflow.app;

import static io.duraflow.app.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskRegistry;
import io.duraflow.server.DuraflowServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instance commands against a running server over HTTP ({@code --url}) and on its data directory
 * without a server: the same answers and exit codes either way.
 */
class InstanceCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private DuraflowServer server;

  private static TaskRegistry registry() {
    return TaskRegistry.builder()
        .addOrchestration("WaitForGo", ctx -> ctx.waitForExternalEvent("go", JsonNode.class).await())
        .addOrchestration("Quick", ctx -> ctx.callActivity("Twice", ctx.getInput(Integer.class), Integer.class).await())
        .addActivity("Twice", ctx -> 2 * ctx.getInput(Integer.class))
        .addOrchestration("Boom", ctx -> {
          throw new IllegalStateException("boom");
        })
        .build();
  }

  @BeforeEach
  void startServer() {
    server = DuraflowServer.builder(registry()).dataDir(dir).port(0).key("cli-test-key").start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** The target options of a mode: the server's URL and key, or its data directory. */
  private List<String> target(String mode) {
    return mode.equals("http") ? List.of("--url", server.baseUri().toString(), "--key", "cli-test-key")
        : List.of("--data", dir.toString());
  }

  private CliTest.Run run(String mode, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(target(mode));
    return cli(all.toArray(String[]::new));
  }

  private JsonNode json(CliTest.Run run) throws Exception {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "local"})
  void listShowRaisePurge_onARunningInstance(String mode) throws Exception {
    String id = server.client().startNew("WaitForGo", null);
    awaitStatus(id, OrchestrationRuntimeStatus.RUNNING);

    JsonNode listed = json(run(mode, "list", "--status", "Running", "--output", "json"));
    assertThat(listed.get("instances")).anySatisfy(i -> assertThat(i.get("instanceId").asText()).isEqualTo(id));
    CliTest.Run table = run(mode, "list");
    assertThat(table.out()).contains("ID", "STATUS", id, "WaitForGo", "Running");

    assertThat(json(run(mode, "show", id, "--output", "json")).get("runtimeStatus").asText()).isEqualTo("Running");

    Path payload = Files.writeString(dir.resolve("payload.json"), "{\"answer\": 42}");
    assertThat(run(mode, "raise", id, "go", "@" + payload).exitCode()).isZero();
    assertThat(server.client().waitForCompletion(id, Duration.ofSeconds(30)).output()).isEqualTo("{\"answer\":42}");
    JsonNode shown = json(run(mode, "show", id, "--history", "--output", "json"));
    assertThat(shown.get("output")).isEqualTo(JSON.readTree("{\"answer\":42}"));
    assertThat(shown.get("historyEvents")).anySatisfy(e -> assertThat(e.get("EventType").asText()).isEqualTo("EventRaised"));

    assertThat(run(mode, "purge", id).exitCode()).isZero();
    CliTest.Run gone = run(mode, "show", id);
    assertThat(gone.exitCode()).isEqualTo(2);
    assertThat(gone.err()).contains(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "local"})
  void terminateRewindRestart_andTheirRefusals(String mode) throws Exception {
    String waiting = server.client().startNew("WaitForGo", null);
    awaitStatus(waiting, OrchestrationRuntimeStatus.RUNNING);
    CliTest.Run notFailed = run(mode, "rewind", waiting);
    assertThat(notFailed.exitCode()).as("only a Failed instance can be rewound").isEqualTo(2);
    assertThat(notFailed.err()).isNotBlank().doesNotContain("Exception");

    assertThat(run(mode, "terminate", waiting, "--reason", "no longer needed").exitCode()).isZero();
    var terminated = server.client().waitForCompletion(waiting, Duration.ofSeconds(30));
    assertThat(terminated.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.TERMINATED);
    assertThat(terminated.output()).isEqualTo("\"no longer needed\"");

    CliTest.Run restarted = run(mode, "restart", waiting, "--new-id");
    assertThat(restarted.exitCode()).as(restarted.err()).isZero();
    String newId = restarted.out().strip();
    assertThat(newId).isNotEqualTo(waiting);
    assertThat(server.client().getInstance(newId)).isPresent();

    String boom = server.client().startNew("Boom", null);
    assertThat(server.client().waitForCompletion(boom, Duration.ofSeconds(30)).runtimeStatus())
        .isEqualTo(OrchestrationRuntimeStatus.FAILED);
    CliTest.Run byFilter = run(mode, "purge", "--status", "Failed,Terminated");
    assertThat(byFilter.exitCode()).as(byFilter.err()).isZero();
    assertThat(byFilter.out()).contains("Purged 2 instance(s)");
    assertThat(server.client().getInstance(boom)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "local"})
  void suspendResume_andListByName_andCounts(String mode) throws Exception {
    String waiting = server.client().startNew("WaitForGo", null);
    String quick = server.client().startNew("Quick", 1);
    awaitStatus(waiting, OrchestrationRuntimeStatus.RUNNING);
    server.client().waitForCompletion(quick, Duration.ofSeconds(30));

    assertThat(run(mode, "suspend", waiting, "--reason", "maintenance").exitCode()).isZero();
    awaitStatus(waiting, OrchestrationRuntimeStatus.SUSPENDED);
    JsonNode counts = json(run(mode, "count", "--output", "json"));
    assertThat(counts.get("Suspended").asLong()).isEqualTo(1);
    assertThat(counts.get("Completed").asLong()).isEqualTo(1);
    assertThat(counts.get("Running").asLong()).isZero();
    assertThat(json(run(mode, "count", "--name", "Quick", "--output", "json")).get("Suspended").asLong()).isZero();
    assertThat(run(mode, "count").out()).contains("STATUS", "Suspended", "total");

    JsonNode byName = json(run(mode, "list", "--name", "WaitForGo", "--output", "json"));
    assertThat(byName.get("instances")).singleElement()
        .satisfies(i -> assertThat(i.get("instanceId").asText()).isEqualTo(waiting));

    assertThat(run(mode, "resume", waiting).exitCode()).isZero();
    awaitStatus(waiting, OrchestrationRuntimeStatus.RUNNING);
    assertThat(run(mode, "raise", waiting, "go", "1").exitCode()).isZero();
    assertThat(server.client().waitForCompletion(waiting, Duration.ofSeconds(30)).output()).isEqualTo("1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "local"})
  void badInput_isExitCode2WithAMessage(String mode) {
    CliTest.Run badJson = run(mode, "raise", "any", "go", "{\"a\": tru}");
    assertThat(badJson.exitCode()).isEqualTo(2);
    assertThat(badJson.err()).contains("The payload is not valid JSON", "line 1, column");
    CliTest.Run badStatus = run(mode, "list", "--status", "Sleeping");
    assertThat(badStatus.exitCode()).isEqualTo(2);
    assertThat(badStatus.err()).contains("Sleeping");
    CliTest.Run noFilter = run(mode, "purge");
    assertThat(noFilter.exitCode()).isEqualTo(2);
    assertThat(noFilter.err()).contains("purge needs an ID");
  }

  @org.junit.jupiter.api.Test
  void startOverHttp_waitsWithProgress_andExitsByTheOutcome() throws Exception {
    Path input = Files.writeString(dir.resolve("n.json"), "21");
    CliTest.Run ok = run("http", "start", "Quick", "--input", "@" + input, "--wait", "30");
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    String[] lines = ok.out().split("\n", 2);
    assertThat(server.client().getInstance(lines[0].strip())).isPresent();
    JsonNode status = JSON.readTree(lines[1]);
    assertThat(status.get("runtimeStatus").asText()).isEqualTo("Completed");
    assertThat(status.get("output").asInt()).isEqualTo(42);
    assertThat(status.has("historyEvents")).as("the status object, as `status` prints it").isFalse();

    CliTest.Run failed = run("http", "start", "Boom", "--wait", "30");
    assertThat(failed.exitCode()).as("a Failed instance").isEqualTo(1);
    assertThat(failed.out()).contains("\"runtimeStatus\" : \"Failed\"");

    CliTest.Run unknown = run("http", "start", "NoSuchThing");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("NoSuchThing");
  }

  @org.junit.jupiter.api.Test
  void startHere_checksTheNameFirst_andWithoutWaitSaysAWorkerMustRun() {
    CliTest.Run unknown = cli("start", "NoSuchThing", "--wait", "30", "--data", dir.toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("No orchestration named 'NoSuchThing'", "HelloSequence");

    CliTest.Run queued = cli("start", "HelloSequence", "--data", dir.toString());
    assertThat(queued.exitCode()).as(queued.err()).isZero();
    assertThat(queued.err()).contains("it runs when a worker runs on this store", "--wait");

    CliTest.Run ran = cli("start", "HelloSequence", "--wait", "60", "--data", dir.toString());
    assertThat(ran.exitCode()).as(ran.err()).isZero();
    assertThat(ran.out()).contains("\"runtimeStatus\" : \"Completed\"");
    assertThat(ran.err()).as("plain progress lines when not on a terminal").doesNotContain("\r");
  }

  @org.junit.jupiter.api.Test
  void statusOfAnInstanceNoRunningWorkerCanRun_saysWhatItWaitsFor() throws Exception {
    io.duraflow.client.StoreDurableClient anyName = new io.duraflow.client.StoreDurableClient(server.store(), null,
        new io.duraflow.json.JacksonDataConverter(), java.time.Clock.systemUTC(), "DuraflowHub");
    String id = anyName.startNew("NobodyHasThis", null);
    JsonNode status = json(run("http", "show", id, "--output", "json"));
    assertThat(status.get("runtimeStatus").asText()).isEqualTo("Pending");
    assertThat(status.get("waitingFor").asText()).isEqualTo("a worker that knows orchestration 'NobodyHasThis'");
    String known = server.client().startNew("WaitForGo", null);
    assertThat(json(run("http", "show", known, "--output", "json")).has("waitingFor")).isFalse();
  }

  @org.junit.jupiter.api.Test
  void unreachableServer_isExitCode3() {
    int port = server.port();
    server.close();
    server = DuraflowServer.builder(registry()).dataDir(dir.resolve("other")).port(0).key("k").start();
    CliTest.Run run = cli("list", "--url", "http://127.0.0.1:" + port, "--key", "x");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("Cannot reach the Duraflow server at http://127.0.0.1:" + port);
  }

  private void awaitStatus(String id, OrchestrationRuntimeStatus wanted) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (server.client().getInstance(id).orElseThrow().runtimeStatus() != wanted) {
      assertThat(System.nanoTime()).as("instance " + id + " reaches " + wanted).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
