package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyAndRobustnessHttpTest {
  @TempDir static java.nio.file.Path dir;
  static HttpFixture f;

  @BeforeAll
  static void start() {
    f = new HttpFixture(dir);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  /** One request per route that needs a key, without the key. */
  static List<HttpRequest.Builder> keylessRequests(String query) {
    String i = f.base() + DurableHttpServer.INSTANCES;
    HttpRequest.BodyPublisher none = HttpRequest.BodyPublishers.noBody();
    return List.of(
        HttpRequest.newBuilder(URI.create(f.base() + "/api/orchestrators/Hello" + query)).POST(none),
        HttpRequest.newBuilder(URI.create(f.base() + "/api/orchestrators/Hello/id1" + query)).POST(none),
        HttpRequest.newBuilder(URI.create(f.base() + "/runtime/webhooks/durabletask/orchestrators/Hello" + query)).POST(none),
        HttpRequest.newBuilder(URI.create(f.base() + "/runtime/webhooks/durabletask/orchestrators/Hello/id1" + query)).POST(none),
        HttpRequest.newBuilder(URI.create(i + "/" + query)).GET(),
        HttpRequest.newBuilder(URI.create(i + "/" + query)).DELETE(),
        HttpRequest.newBuilder(URI.create(i + "/x" + query)).GET(),
        HttpRequest.newBuilder(URI.create(i + "/x/history" + query)).GET(),
        HttpRequest.newBuilder(URI.create(i + "/x" + query)).DELETE(),
        HttpRequest.newBuilder(URI.create(i + "/x/raiseEvent/e" + query)).POST(HttpRequest.BodyPublishers.ofString("1")),
        HttpRequest.newBuilder(URI.create(i + "/x/terminate" + query)).POST(none),
        HttpRequest.newBuilder(URI.create(i + "/x/suspend" + query)).POST(none),
        HttpRequest.newBuilder(URI.create(i + "/x/resume" + query)).POST(none),
        HttpRequest.newBuilder(URI.create(i + "/x/rewind" + query)).POST(none),
        HttpRequest.newBuilder(URI.create(i + "/x/restart" + query)).POST(none));
  }

  @Test
  void everyKeyedRoute_missingKey_401WithoutDetail() throws Exception {
    for (HttpRequest.Builder request : keylessRequests("")) {
      HttpFixture.Response r = f.send(request);
      assertThat(r.status()).as(request.build().uri().toString()).isEqualTo(401);
      assertThat(r.json().get("error").asText()).isEqualTo("Unauthorized");
    }
  }

  @Test
  void everyKeyedRoute_wrongKey_401_sameMessageAsMissing() throws Exception {
    HttpFixture.Response missing = f.post(f.base() + "/api/orchestrators/Hello", null);
    for (HttpRequest.Builder request : keylessRequests("?code=wrong-key")) {
      HttpFixture.Response r = f.send(request);
      assertThat(r.status()).as(request.build().uri().toString()).isEqualTo(401);
      assertThat(r.body()).isEqualTo(missing.body()).doesNotContain(HttpFixture.KEY).doesNotContain("wrong-key");
    }
    // A prefix of the right key is still wrong.
    assertThat(f.post(f.base() + "/api/orchestrators/Hello?code=" + HttpFixture.KEY.substring(0, 10), null).status()).isEqualTo(401);
    assertThat(f.post(f.base() + "/api/orchestrators/Hello?code=" + HttpFixture.KEY + "x", null).status()).isEqualTo(401);
  }

  @Test
  void key_inHeader_accepted() throws Exception {
    HttpFixture.Response r = f.send(HttpRequest.newBuilder(URI.create(f.base() + "/api/orchestrators/Hello"))
        .header("x-functions-key", HttpFixture.KEY).POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(r.status()).isEqualTo(202);
  }

  @Test
  void key_wrongHeaderButRightCode_accepted() throws Exception {
    HttpFixture.Response r = f.send(HttpRequest.newBuilder(URI.create(f.keyed("/api/orchestrators/Hello")))
        .header("x-functions-key", "nope").POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(r.status()).isEqualTo(202);
  }

  @Test
  void health_needsNoKey_200() throws Exception {
    HttpFixture.Response r = f.get(f.base() + "/health");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isEqualTo("Healthy");
  }

  @Test
  void openApi_needsNoKey_describesEveryRouteAndMethod() throws Exception {
    HttpFixture.Response r = f.get(f.base() + "/openapi.json");

    assertThat(r.status()).isEqualTo(200);
    JsonNode doc = r.json();
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    assertThat(doc.get("servers").get(0).get("url").asText()).isEqualTo(f.base());
    JsonNode paths = doc.get("paths");
    Set<String> described = new HashSet<>();
    paths.fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> described.add(m.toUpperCase() + " " + p.getKey())));
    Set<String> served = new HashSet<>();
    for (DurableHttpServer.Route route : f.server.routes()) {
      served.add(route.method().name() + " " + route.path());
    }
    assertThat(described).isEqualTo(served);
    for (DurableHttpServer.Route route : f.server.routes()) {
      JsonNode op = paths.get(route.path()).get(route.method().name().toLowerCase());
      assertThat(op.has("security")).as(route.path()).isEqualTo(route.keyRequired());
      if (route.keyRequired()) {
        assertThat(op.get("responses").has("401")).as(route.path()).isTrue();
      }
      // Every path parameter of the route is declared.
      String params = op.get("parameters") == null ? "" : op.get("parameters").toString();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(route.path());
      while (m.find()) {
        assertThat(params).as(route.path()).containsAnyOf("\"name\":\"" + m.group(1) + "\"", "parameters/" + m.group(1));
      }
    }
  }

  @Test
  void unknownRoute_404Json() throws Exception {
    HttpFixture.Response r = f.get(f.keyed("/no/such/route"));

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("error").asText()).isEqualTo("NotFound");
  }

  @Test
  void wrongMethodOnStarter_404Json() throws Exception {
    HttpFixture.Response r = f.get(f.keyed("/api/orchestrators/Hello"));

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().has("message")).isTrue();
  }

  @Test
  void malformedRequestLine_jsonErrorAndServerKeepsServing() throws Exception {
    String answer = f.raw("GET /runtime/webhooks/durabletask/instances/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 400");
    assertThat(answer).doesNotContain("<html").doesNotContain("Exception");
    assertThat(f.get(f.base() + "/health").status()).isEqualTo(200);
  }

  @Test
  void afterErrors_serverKeepsServing() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(f.post(f.keyed("/api/orchestrators/Echo"), "{broken").status()).isEqualTo(400);
      assertThat(f.post(f.keyed("/api/orchestrators/Echo"), "{}").status()).isEqualTo(202);
    }
  }

  @Test
  void concurrentRequests_servedInParallel_aWaitingStarterDoesNotBlockOthers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      // A starter that waits (timeout) for an instance that only finishes when another request raises its event.
      Future<HttpFixture.Response> waiting = pool.submit(
          () -> f.post(f.keyed("/api/orchestrators/WaitForApproval/parallel-1?timeout=120"), null));
      f.pollUntil(f.keyed(DurableHttpServer.INSTANCES + "/parallel-1"),
          r -> r.status() == 202 && r.json().get("runtimeStatus").asText().equals("Running"));

      List<Future<HttpFixture.Response>> burst = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        burst.add(pool.submit(() -> f.post(f.keyed("/api/orchestrators/Echo"), "{\"n\": 1}")));
      }
      Set<String> ids = new HashSet<>();
      for (Future<HttpFixture.Response> r : burst) {
        assertThat(r.get(60, TimeUnit.SECONDS).status()).isEqualTo(202);
        ids.add(r.get().json().get("id").asText());
      }
      assertThat(ids).hasSize(30);
      assertThat(waiting.isDone()).isFalse();

      assertThat(f.post(f.keyed(DurableHttpServer.INSTANCES + "/parallel-1/raiseEvent/Approval"), "true").status()).isEqualTo(202);
      HttpFixture.Response answered = waiting.get(60, TimeUnit.SECONDS);
      assertThat(answered.status()).isEqualTo(200);
      assertThat(answered.json().toString()).isEqualTo("{\"approved\":true}");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void oversizedEventBody_413_smallerLimitHonoured(@TempDir java.nio.file.Path otherDir) throws Exception {
    try (HttpFixture small = new HttpFixture(otherDir, 100)) {
      HttpFixture.Response started = small.post(small.keyed("/api/orchestrators/WaitForApproval"), null);
      String event = started.json().get("sendEventPostUri").asText().replace("{eventName}", "Approval");

      HttpFixture.Response r = small.post(event, "\"" + "x".repeat(200) + "\"");
      HttpFixture.Response startTooBig = small.post(small.keyed("/api/orchestrators/Echo"), "[" + "1,".repeat(100) + "1]");

      assertThat(r.status()).isEqualTo(413);
      assertThat(r.json().get("message").asText()).contains("100");
      assertThat(startTooBig.status()).isEqualTo(413);
      assertThat(small.post(event, "true").status()).isEqualTo(202);
    }
  }

  @Test
  void health_storeUnreachable_503(@TempDir java.nio.file.Path otherDir) throws Exception {
    try (HttpFixture broken = new HttpFixture(otherDir)) {
      broken.closeBackend();

      HttpFixture.Response health = broken.get(broken.base() + "/health");
      HttpFixture.Response status = broken.get(broken.keyed(DurableHttpServer.INSTANCES + "/x"));

      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json().get("error").asText()).isEqualTo("ServiceUnavailable");
      assertThat(status.status()).isEqualTo(503);
      assertThat(status.body()).doesNotContain("\tat ");
    }
  }

}
