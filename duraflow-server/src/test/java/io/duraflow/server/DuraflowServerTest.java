package io.duraflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuraflowServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static TaskRegistry registry() {
    return TaskRegistry.builder()
        .addOrchestration("Shout", ctx -> ctx.callActivity("Upper", ctx.getInput(String.class), String.class).await())
        .addActivity("Upper", ctx -> ctx.getInput(String.class).toUpperCase(Locale.ROOT))
        .build();
  }

  @Test
  void oneCall_servesTheApplicationsOrchestrationsOverHttp() throws Exception {
    try (DuraflowServer server = DuraflowServer.builder(registry()).dataDir(dir).port(0).start()) {
      assertThat(server.keyGenerated()).isTrue();
      assertThat(Files.readString(dir.resolve("master.key")).strip()).isEqualTo(server.key());
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> started = http.send(HttpRequest.newBuilder(
              server.baseUri().resolve("/api/orchestrators/Shout?code=" + server.key()))
          .POST(HttpRequest.BodyPublishers.ofString("\"quiet\"")).header("Content-Type", "application/json").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      String id = JSON.readTree(started.body()).get("id").asText();
      assertThat(server.client().waitForCompletion(id, Duration.ofSeconds(30)).output()).isEqualTo("\"QUIET\"");
      JsonNode status = JSON.readTree(http.send(HttpRequest.newBuilder(
          URI.create(JSON.readTree(started.body()).get("statusQueryGetUri").asText())).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertThat(status.get("runtimeStatus").asText()).isEqualTo("Completed");
    }
  }

  @Test
  void portInUse_failsTheStartBeforeAnyWorkIsTaken() throws Exception {
    String id;
    try (DuraflowServer first = DuraflowServer.builder(registry()).dataDir(dir).port(0).runWorker(false).start()) {
      id = first.client().startNew("Shout", "later");
    }
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> DuraflowServer.builder(registry()).dataDir(dir).port(taken.getLocalPort()).start())
          .hasMessageContaining(String.valueOf(taken.getLocalPort()));
    }
    try (DuraflowServer client = DuraflowServer.builder(registry()).dataDir(dir).port(0).runWorker(false).start()) {
      assertThat(client.client().getInstance(id).orElseThrow().runtimeStatus())
          .as("the failed start ran nothing").isEqualTo(OrchestrationRuntimeStatus.PENDING);
    }
  }
}
