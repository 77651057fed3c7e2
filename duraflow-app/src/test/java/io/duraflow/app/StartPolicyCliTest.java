package io.duraflow.app;

import static io.duraflow.app.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duraflow.api.TaskRegistry;
import io.duraflow.server.DuraflowServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code start --id-reuse/--no-reuse-completed/--tag} and {@code list/count --tag}, over HTTP and locally. */
class StartPolicyCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private DuraflowServer server;

  @BeforeEach
  void startServer() {
    TaskRegistry registry = TaskRegistry.builder()
        .addOrchestration("WaitForGo", ctx -> ctx.waitForExternalEvent("go", JsonNode.class).await())
        .build();
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

  @Test
  void start_idReuseAndTags_overHttp() throws Exception {
    CliTest.Run first = run("http", "start", "WaitForGo", "--id", "w", "--tag", "team=blue", "--tag", "Env=prod");
    assertThat(first.exitCode()).as(first.err()).isZero();
    CliTest.Run again = run("http", "start", "WaitForGo", "--id", "w");
    assertThat(again.exitCode()).isNotZero();
    assertThat(again.err()).contains("'w'").doesNotContain("Exception");
    CliTest.Run existing = run("http", "start", "WaitForGo", "--id", "w", "--id-reuse", "USE_EXISTING");
    assertThat(existing.exitCode()).as(existing.err()).isZero();
    assertThat(existing.out().strip()).isEqualTo("w");
    assertThat(server.client().getTags("w")).containsEntry("team", "blue").containsEntry("Env", "prod");

    CliTest.Run bad = run("http", "start", "WaitForGo", "--id-reuse", "SOMETIMES");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--id-reuse", "USE_EXISTING");
  }

  @Test
  void start_documentedCommands_onTheDataDirectory() {
    // docs/queues.md: ./duraflow start HelloSequence --id order-42 --id-reuse USE_EXISTING --no-reuse-completed
    for (int i = 0; i < 2; i++) {
      CliTest.Run r = cli("start", "HelloSequence", "--id", "order-42", "--id-reuse", "USE_EXISTING",
          "--no-reuse-completed", "--data", dir.toString());
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out().strip()).isEqualTo("order-42");
    }
    CliTest.Run queued = cli("start", "HelloSequence", "--queue", "reports", "--priority", "5", "--data", dir.toString());
    assertThat(queued.exitCode()).as(queued.err()).isZero();
    CliTest.Run plainAgain = cli("start", "HelloSequence", "--id", "order-42", "--data", dir.toString());
    assertThat(plainAgain.exitCode()).as("the default policy refuses a pending id").isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "local"})
  void listAndCount_byTag(String mode) throws Exception {
    server.client().startNew("WaitForGo", null, io.duraflow.client.StartOptions.withInstanceId("a")
        .withTags(java.util.Map.of("team", "blue")));
    server.client().startNew("WaitForGo", null, io.duraflow.client.StartOptions.withInstanceId("b")
        .withTags(java.util.Map.of("team", "red")));

    JsonNode blue = json(run(mode, "list", "--tag", "team=blue", "--output", "json"));
    assertThat(blue.get("instances")).singleElement()
        .satisfies(i -> assertThat(i.get("instanceId").asText()).isEqualTo("a"));
    JsonNode counts = json(run(mode, "count", "--tag", "team=red", "--output", "json"));
    long total = 0;
    for (JsonNode n : counts) {
      total += n.asLong();
    }
    assertThat(total).isEqualTo(1);
  }

  private static JsonNode json(CliTest.Run run) throws Exception {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }
}
