package com.example.greetings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duraflow.api.TaskRegistry;
import io.duraflow.api.WorkflowProvider;
import io.duraflow.server.DuraflowServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GreetingsAppTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void embeddedApp_greetsEveryCityThroughTheHttpApi() throws Exception {
    try (DuraflowServer server = GreetingsApp.start(dir, 0)) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> started = http.send(HttpRequest.newBuilder(
              server.baseUri().resolve("/api/orchestrators/Greetings?code=" + server.key()))
          .POST(HttpRequest.BodyPublishers.ofString("[\"Lima\",\"Oslo\"]")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      URI status = URI.create(JSON.readTree(started.body()).get("statusQueryGetUri").asText());
      JsonNode done = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(status + "&timeout=30")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      for (int i = 0; i < 300 && !done.get("runtimeStatus").asText().equals("Completed"); i++) {
        Thread.sleep(100); // the wait above returns early only if the server caps it; poll until done
        done = JSON.readTree(http.send(HttpRequest.newBuilder(status).build(), HttpResponse.BodyHandlers.ofString()).body());
      }
      assertThat(done.get("runtimeStatus").asText()).isEqualTo("Completed");
      assertThat(done.get("output").asText()).isEqualTo("Hello LIMA! Hello OSLO!");
    }
  }

  @Test
  void pluginProvider_isFoundByServiceLoader_andRegistersTheSameCode() {
    TaskRegistry.Builder builder = TaskRegistry.builder();
    ServiceLoader.load(WorkflowProvider.class).forEach(p -> p.register(builder));
    TaskRegistry registry = builder.build();
    assertThat(registry.orchestrationNames()).contains("Greetings");
    assertThat(registry.activityNames()).contains("SayHello");
  }
}
