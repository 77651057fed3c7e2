package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.duraflow.api.TaskRegistry;
import io.duraflow.engine.DuraflowEngine;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.store.NewInstance;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions over HTTP: the starter's {@code ?version=}, the status's {@code version}, the listing filter. */
class VersioningHttpTest {
  private static final String KEY = "test-master-key-0123456789";
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path dir;
  private OrchestrationStore store;
  private DuraflowEngine engine;
  private DurableHttpServer server;
  private int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

  @BeforeEach
  void start() {
    TaskRegistry registry = TaskRegistry.builder()
        .addOrchestration("Greeter", "1", ctx -> "v1 " + ctx.waitForExternalEvent("go", String.class).await())
        .addOrchestration("Greeter", "2", ctx -> "v2 " + ctx.getInput(String.class))
        .build();
    store = TestDatabases.sqlite(dir, Clock.systemUTC());
    engine = DuraflowEngine.builder().store(store).registry(registry).build().start();
    server = new DurableHttpServer(HttpServerOptions.builder(engine.client(), KEY).port(0).build());
    port = server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
    store.close();
  }

  private record Answer(int status, String body) {}

  private Answer send(String method, String path, String body) throws Exception {
    String url = "http://127.0.0.1:" + port + path + (path.contains("?") ? "&" : "?") + "code=" + KEY;
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(r.statusCode(), r.body());
  }

  private JsonNode status(String id) throws Exception {
    return json.readTree(send("GET", DurableHttpServer.INSTANCES + "/" + id, null).body());
  }

  private JsonNode awaitStatus(String id, String runtimeStatus) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode last;
    do {
      last = status(id);
      if (runtimeStatus.equals(last.path("runtimeStatus").asText())) {
        return last;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("instance " + id + " never " + runtimeStatus + "; last: " + last);
  }

  @Test
  void starter_withoutVersion_startsTheDefault_andTheStatusSaysWhich() throws Exception {
    Answer started = send("POST", "/api/orchestrators/Greeter", "\"ada\"");
    assertThat(started.status()).isEqualTo(202);
    String id = json.readTree(started.body()).get("id").asText();

    JsonNode done = awaitStatus(id, "Completed");

    assertThat(done.get("version").asText()).isEqualTo("2");
    assertThat(done.get("output").asText()).isEqualTo("v2 ada");
  }

  @Test
  void starter_versionParameter_startsThatVersion_andTheListingFiltersByIt() throws Exception {
    String v1 = json.readTree(send("POST", "/runtime/webhooks/durabletask/orchestrators/Greeter?version=1", null).body())
        .get("id").asText();
    String v2 = json.readTree(send("POST", "/api/orchestrators/Greeter?version=2", "\"bob\"").body()).get("id").asText();
    assertThat(awaitStatus(v1, "Running").get("version").asText()).isEqualTo("1");
    awaitStatus(v2, "Completed");

    JsonNode listed = json.readTree(send("GET", DurableHttpServer.INSTANCES + "?version=1", null).body());
    List<String> ids = new ArrayList<>();
    listed.forEach(i -> ids.add(i.get("instanceId").asText()));
    assertThat(ids).containsExactly(v1);

    assertThat(send("POST", DurableHttpServer.INSTANCES + "/" + v1 + "/raiseEvent/go", "\"cy\"").status()).isEqualTo(202);
    assertThat(awaitStatus(v1, "Completed").get("output").asText()).isEqualTo("v1 cy");
  }

  @Test
  void starter_unknownVersion_400NamingTheKnownOnes() throws Exception {
    Answer refused = send("POST", "/api/orchestrators/Greeter?version=7", null);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("no version '7'").contains("known versions: 1, 2").doesNotContain("Exception");
  }

  @Test
  void status_instanceOfAVersionNoNodeHas_waitsAndSaysForWhat() throws Exception {
    store.createInstance(new NewInstance(DuraflowEngine.DEFAULT_TASK_HUB, "old-one",
        new ExecutionStarted(Instant.now(), "Greeter", null, "e1", null, null, null, "0.9")));

    JsonNode s = status("old-one");

    assertThat(s.get("runtimeStatus").asText()).isEqualTo("Pending");
    assertThat(s.get("version").asText()).isEqualTo("0.9");
    assertThat(s.get("waitingFor").asText()).isEqualTo("a worker that knows orchestration 'Greeter' version '0.9'");
  }
}
