package io.duraflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.duraflow.engine.DuraflowEngine;
import io.duraflow.faces.FaceOptions;
import io.duraflow.http.DurableHttpServer;
import io.duraflow.http.HttpServerOptions;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.StoreOptions;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's session, end to end over real HTTP: a Durable Functions client posts image URLs to the
 * starter of {@code Orchestrator}, follows the check-status payload's status URI until the instance is
 * finished, and reads min/max happiness. The images come from a local web server serving the face-api demo
 * photos (fetched at build time) and synthetic images; the store is SQLite in a temporary directory.
 */
class SeedSessionTest {
  private static final String KEY = "seed-session-key-0123456789";
  private static final Duration FINISH_WITHIN = Duration.ofSeconds(120);
  private static final List<String> CHECK_STATUS_URIS = List.of(
      "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "rewindPostUri", "purgeHistoryDeleteUri",
      "restartPostUri", "suspendPostUri", "resumePostUri");
  private static final String SECOND_PRECISION_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

  @TempDir static Path dataDir;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static OrchestrationStore store;
  private static DuraflowEngine engine;
  private static DurableHttpServer api;
  private static int apiPort;
  private static HttpServer photos;
  private static ExecutorService photoThreads;

  @BeforeAll
  static void startNode() throws IOException {
    photos = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    photoThreads = Executors.newCachedThreadPool();
    photos.setExecutor(photoThreads);
    for (String name : List.of("sample1.jpg", "sample2.jpg", "sample3.jpg")) {
      byte[] bytes = photo(name);
      photos.createContext("/" + name, ex -> send(ex, 200, "image/jpeg", bytes));
    }
    byte[] license = photo("LICENSE");
    photos.createContext("/LICENSE", ex -> send(ex, 200, "text/plain", license));
    byte[] grey = solidPng(new Color(128, 128, 128));
    byte[] teal = solidPng(new Color(0, 128, 128));
    photos.createContext("/grey.png", ex -> send(ex, 200, "image/png", grey));
    photos.createContext("/teal.png", ex -> send(ex, 200, "image/png", teal));
    photos.createContext("/missing.jpg", ex -> send(ex, 404, "text/plain", "not here".getBytes(StandardCharsets.UTF_8)));
    photos.start();

    store = OrchestrationStores.open(null, dataDir, StoreOptions.defaults());
    engine = DuraflowEngine.builder()
        .store(store)
        .registry(Registries.standard(FaceOptions.defaults().withAllowPrivateUrls(true)))
        .build()
        .start();
    api = new DurableHttpServer(HttpServerOptions.builder(engine.client(), KEY).port(0).build());
    apiPort = api.start();
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (api != null) {
      api.close();
    }
    if (engine != null) {
      engine.close();
    }
    if (store != null) {
      store.close();
    }
    if (photos != null) {
      photos.stop(0);
      photoThreads.shutdownNow();
    }
  }

  @Test
  void orchestrator_threePhotos_answersCheckStatusThenCompletesWithMinMaxAndPerImageDetail() throws Exception {
    List<String> urls = List.of(photoUrl("/sample3.jpg"), photoUrl("/sample1.jpg"), photoUrl("/sample2.jpg"));

    HttpResponse<String> started = post("/api/orchestrators/Orchestrator?code=" + KEY, JSON.writeValueAsString(urls));

    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    JsonNode payload = JSON.readTree(started.body());
    String id = payload.path("id").asText();
    assertThat(id).matches("[0-9a-f]{32}");
    String origin = "http://127.0.0.1:" + apiPort + "/";
    for (String field : CHECK_STATUS_URIS) {
      String uri = payload.path(field).asText();
      assertThat(uri).as(field).startsWith(origin + "runtime/webhooks/durabletask/instances/" + id);
      URI parsed = URI.create(uri.replace("{eventName}", "e").replace("{text}", "t"));
      assertThat(parsed.isAbsolute()).as(field).isTrue();
      assertThat(query(parsed)).as(field).containsKeys("taskHub", "connection").containsEntry("code", KEY);
    }
    assertThat(payload.path("sendEventPostUri").asText()).contains("/raiseEvent/{eventName}?");
    assertThat(payload.path("terminatePostUri").asText()).contains("/terminate?reason={text}&");
    assertThat(started.headers().firstValue("Location")).hasValue(payload.path("statusQueryGetUri").asText());
    assertThat(started.headers().firstValue("Retry-After")).isPresent();

    JsonNode status = awaitFinished(payload.path("statusQueryGetUri").asText());

    assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
    assertThat(status.path("name").asText()).isEqualTo("Orchestrator");
    assertThat(status.path("instanceId").asText()).isEqualTo(id);
    assertThat(status.path("input")).isEqualTo(JSON.valueToTree(Map.of("urls", urls)));
    assertTimes(status);
    JsonNode output = status.path("output");
    assertThat(output.path("min_val").isNumber()).as(output.toString()).isTrue();
    assertThat(output.path("max_val").isNumber()).as(output.toString()).isTrue();
    double min = output.path("min_val").asDouble();
    double max = output.path("max_val").asDouble();
    assertThat(min).isBetween(0.0, 1.0).isLessThanOrEqualTo(max);
    assertThat(max).isBetween(0.0, 1.0);
    assertThat(output.has("reason")).isFalse();
    JsonNode images = output.path("images");
    assertThat(images).hasSize(3);
    int faces = 0;
    List<Double> happiness = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      JsonNode image = images.get(i);
      assertThat(image.path("url").asText()).isEqualTo(urls.get(i));
      assertThat(image.has("error")).as(image.toString()).isFalse();
      assertThat(image.path("faces").size()).as(image.toString()).isPositive();
      for (JsonNode face : image.path("faces")) {
        happiness.add(face.path("happiness").asDouble());
        faces++;
      }
    }
    assertThat(output.path("faces").asInt()).isEqualTo(faces).isPositive();
    // min_val and max_val are the extremes of the per-face scores the same answer lists.
    assertThat(min).isEqualTo(happiness.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
    assertThat(max).isEqualTo(happiness.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    assertThat(status.path("customStatus")).isEqualTo(JSON.readTree("{\"done\":3,\"total\":3}"));
  }

  @Test
  void orchestrator_missingAndNonImageUrls_completesWithPerImageErrors() throws Exception {
    List<String> urls = List.of(photoUrl("/sample1.jpg"), photoUrl("/missing.jpg"), photoUrl("/LICENSE"));

    JsonNode status = startAndAwait(urls);

    assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
    JsonNode output = status.path("output");
    JsonNode images = output.path("images");
    assertThat(images).hasSize(3);
    assertThat(images.get(0).has("error")).as(images.get(0).toString()).isFalse();
    int goodFaces = images.get(0).path("faces").size();
    assertThat(goodFaces).isPositive();
    assertThat(output.path("faces").asInt()).isEqualTo(goodFaces);
    assertThat(output.path("min_val").isNumber()).isTrue();
    assertThat(output.path("max_val").isNumber()).isTrue();

    JsonNode missing = images.get(1);
    assertThat(missing.path("url").asText()).isEqualTo(urls.get(1));
    assertThat(missing.path("faces")).isEmpty();
    assertThat(missing.path("error").path("type").asText()).isEqualTo("fetch_failed");
    assertThat(missing.path("error").path("message").asText()).contains("404");

    JsonNode notAnImage = images.get(2);
    assertThat(notAnImage.path("url").asText()).isEqualTo(urls.get(2));
    assertThat(notAnImage.path("faces")).isEmpty();
    assertThat(notAnImage.path("error").path("type").asText()).isEqualTo("not_an_image");
    assertThat(notAnImage.path("error").path("message").asText()).isNotBlank();
  }

  @Test
  void orchestrator_onlyFacelessImages_completesWithNullMinMaxAndReason() throws Exception {
    List<String> urls = List.of(photoUrl("/grey.png"), photoUrl("/teal.png"));

    JsonNode status = startAndAwait(urls);

    // The original computed min() of an empty list here and crashed.
    assertThat(status.path("runtimeStatus").asText()).isEqualTo("Completed");
    JsonNode output = status.path("output");
    assertThat(output.has("min_val")).isTrue();
    assertThat(output.path("min_val").isNull()).as(output.toString()).isTrue();
    assertThat(output.has("max_val")).isTrue();
    assertThat(output.path("max_val").isNull()).as(output.toString()).isTrue();
    assertThat(output.path("faces").asInt()).isZero();
    assertThat(output.path("reason").asText()).isEqualTo("no face was found in any image");
    assertThat(output.path("images")).hasSize(2);
    for (JsonNode image : output.path("images")) {
      assertThat(image.has("error")).as(image.toString()).isFalse();
      assertThat(image.path("faces")).isEmpty();
    }
  }

  @Test
  void starter_withoutKey_isRefusedAndStartsNothing() throws Exception {
    HttpResponse<String> refused = post("/api/orchestrators/Orchestrator", "[\"" + photoUrl("/sample1.jpg") + "\"]");

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).doesNotContain("statusQueryGetUri");
  }

  @Test
  void starter_inputOfTheWrongShape_is400AndStartsNothing() throws Exception {
    int before = engine.client().queryInstances(new io.duraflow.store.InstanceQuery(null, null, null, null, 1000, null))
        .instances().size();
    for (String body : List.of("42", "{\"urls\": \"not-a-list\"}", "[1, 2]")) {
      HttpResponse<String> refused = post("/api/orchestrators/Orchestrator?code=" + KEY, body);
      assertThat(refused.statusCode()).as(body + " -> " + refused.body()).isEqualTo(400);
      assertThat(JSON.readTree(refused.body()).get("message").asText()).contains("expects {\"urls\"");
    }
    assertThat(engine.client().queryInstances(new io.duraflow.store.InstanceQuery(null, null, null, null, 1000, null))
        .instances()).as("nothing was started").hasSize(before);
  }

  // --- helpers ---

  private static JsonNode startAndAwait(List<String> urls) throws Exception {
    HttpResponse<String> started = post("/api/orchestrators/Orchestrator?code=" + KEY, JSON.writeValueAsString(urls));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    JsonNode status = awaitFinished(JSON.readTree(started.body()).path("statusQueryGetUri").asText());
    assertThat(status.path("input")).isEqualTo(JSON.valueToTree(Map.of("urls", urls)));
    assertTimes(status);
    return status;
  }

  /**
   * Polls the status URI as a Durable Functions client does: 202 (with Location and Retry-After) while the
   * instance runs, 200 once it has finished. Fails after {@link #FINISH_WITHIN}.
   */
  private static JsonNode awaitFinished(String statusUri) throws Exception {
    Instant deadline = Instant.now().plus(FINISH_WITHIN);
    while (true) {
      HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(statusUri)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(answer.body());
      assertThat(body.fieldNames()).toIterable().as(answer.body()).contains(
          "name", "instanceId", "runtimeStatus", "input", "customStatus", "output", "createdTime", "lastUpdatedTime");
      if (answer.statusCode() == 200) {
        return body;
      }
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
      assertThat(body.path("runtimeStatus").asText()).isIn("Pending", "Running");
      assertThat(answer.headers().firstValue("Location")).isPresent();
      assertThat(answer.headers().firstValue("Retry-After")).isPresent();
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("instance not finished within " + FINISH_WITHIN + "; last status: " + answer.body());
      }
      Thread.sleep(100); // poll interval, not an assertion
    }
  }

  private static void assertTimes(JsonNode status) {
    String created = status.path("createdTime").asText();
    String updated = status.path("lastUpdatedTime").asText();
    assertThat(created).matches(SECOND_PRECISION_UTC);
    assertThat(updated).matches(SECOND_PRECISION_UTC);
    assertThat(Instant.parse(updated)).isAfterOrEqualTo(Instant.parse(created));
  }

  private static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> params = new java.util.LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
    }
    return params;
  }

  private static String photoUrl(String path) {
    return "http://127.0.0.1:" + photos.getAddress().getPort() + path;
  }

  /** A photo fetched at build time into target/test-classes/photos (see the exec plugin in the pom). */
  static byte[] photo(String name) {
    try (InputStream in = SeedSessionTest.class.getClassLoader().getResourceAsStream("photos/" + name)) {
      if (in == null) {
        throw new IllegalStateException("photos/" + name + " missing: the build fetches it (duraflow-faces/scripts/fetch-npm.sh)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A 640x480 PNG of one colour: an image with certainly no face in it. */
  static byte[] solidPng(Color colour) {
    BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, 640, 480);
    g.dispose();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
