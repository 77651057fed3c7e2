package io.duraflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duraflow.api.TaskRegistry;
import io.duraflow.app.logging.LogFormat;
import io.duraflow.app.logging.LogLevel;
import io.duraflow.app.logging.LogSetup;
import io.duraflow.samples.Samples;
import io.duraflow.server.DuraflowServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log lines of HTTP requests that address an instance carry its id (JSON logs, a real server). */
class HttpLogContextTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "http-log-context-test-key";

  @TempDir Path dir;

  @AfterEach
  void backToDefaults() {
    LogSetup.apply(LogLevel.INFO, LogFormat.TEXT);
  }

  @Test
  void startAndTerminate_logTheirInstanceIdAsAField() throws Exception {
    TaskRegistry registry = Samples.register(TaskRegistry.builder()).build();
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String id;
    LogSetup.apply(LogLevel.INFO, LogFormat.JSON);
    try (PrintStream capture = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setErr(capture);
      try (DuraflowServer server = DuraflowServer.builder(registry).dataDir(dir).port(0).key(KEY).start()) {
        HttpClient http = HttpClient.newHttpClient();
        // Approval waits for an event: it is still running when terminated.
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(
                URI.create(server.baseUri() + "/api/orchestrators/" + io.duraflow.samples.Approval.NAME + "?code=" + KEY))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        id = JSON.readTree(started.body()).get("id").asText();
        HttpResponse<String> terminated = http.send(HttpRequest.newBuilder(URI.create(server.baseUri()
                + "/runtime/webhooks/durabletask/instances/" + id + "/terminate?reason=test&code=" + KEY))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(terminated.statusCode()).as(terminated.body()).isEqualTo(202);
        server.client().waitForCompletion(id, Duration.ofSeconds(60));
      }
    } finally {
      System.setErr(original);
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String line : err.toString(StandardCharsets.UTF_8).split("\n")) {
      try {
        lines.add(JSON.readTree(line));
      } catch (IOException e) {
        throw new AssertionError("not a JSON line: " + line, e);
      }
    }
    List<JsonNode> about = lines.stream().filter(l -> l.path("message").asText().contains(id)).toList();
    assertThat(about).extracting(l -> l.path("logger").asText())
        .contains("io.duraflow.http.StarterRoutes", "io.duraflow.http.InstanceControlRoutes");
    assertThat(about).allSatisfy(l -> assertThat(l.path("instanceId").asText()).as(l.toString()).isEqualTo(id));
  }
}
