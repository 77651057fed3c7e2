package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duraflow.client.DurableClient;
import io.duraflow.engine.DuraflowEngine;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real server for tests: SQLite in a temporary directory, an engine running {@link TestOrchestrations},
 * and a {@link DurableHttpServer} on a free port, called over real HTTP.
 */
final class HttpFixture implements AutoCloseable {
  static final String KEY = "test-master-key-0123456789";
  static final String HUB = "TestHub";
  static final Duration WAIT = Duration.ofSeconds(60);
  private static final AtomicInteger HUBS = new AtomicInteger();

  final OrchestrationStore store;
  final DuraflowEngine engine;
  final DurableClient client;
  final DurableHttpServer server;
  final int port;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  final ObjectMapper json = new ObjectMapper();

  HttpFixture(Path dir) {
    this(dir, b -> { });
  }

  HttpFixture(Path dir, long maxBodyBytes) {
    this(dir, b -> b.maxBodyBytes(maxBodyBytes));
  }

  /** A fixture whose server options are the defaults changed by {@code options}. */
  HttpFixture(Path dir, java.util.function.Consumer<HttpServerOptions.Builder> options) {
    store = TestDatabases.sqlite(dir, Clock.systemUTC());
    engine = DuraflowEngine.builder().store(store).registry(TestOrchestrations.registry()).taskHub(HUB).build().start();
    client = engine.client();
    HttpServerOptions.Builder builder = HttpServerOptions.builder(client, KEY).port(0).schedules(engine.schedules());
    options.accept(builder);
    server = new DurableHttpServer(builder.build());
    port = server.start();
  }

  /** A task hub no other test uses, for listing and purging in isolation. */
  static String freshHub(String prefix) {
    return prefix + HUBS.incrementAndGet();
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** {@code path} on this server with the key in the query string. */
  String keyed(String path) {
    return base() + path + (path.contains("?") ? "&" : "?") + "code=" + KEY;
  }

  Response get(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  Response post(String url, String body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
  }

  Response delete(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
  }

  Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(120)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Response(r, json);
  }

  /** Starts {@code name} over HTTP and answers its instance id. */
  String start(String name, String body) throws IOException, InterruptedException {
    Response r = post(keyed("/api/orchestrators/" + name), body);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return r.json().get("id").asText();
  }

  /** Polls the status URI until {@code until} holds for the answer, or fails after {@link #WAIT}. */
  Response pollUntil(String statusUrl, Predicate<Response> until) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Response last = null;
    while (System.nanoTime() < deadline) {
      last = get(statusUrl);
      if (until.test(last)) {
        return last;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("Condition never held for " + statusUrl + "; last answer: "
        + (last == null ? "none" : last.status() + " " + last.body()));
  }

  /** Polls the instance's status until its runtimeStatus is {@code status}. */
  Response awaitStatus(String instanceId, String status) throws IOException, InterruptedException {
    return pollUntil(keyed(DurableHttpServer.INSTANCES + "/" + instanceId + "?taskHub=" + HUB),
        r -> r.json().has("runtimeStatus") && status.equals(r.json().get("runtimeStatus").asText()));
  }

  /** Sends {@code request} as raw bytes (for what java.net.http refuses to send) and answers the whole reply. */
  String raw(String request) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private boolean backendClosed;

  /** Stops the engine and closes the store, leaving the server up: the database is now unreachable. */
  synchronized void closeBackend() {
    if (!backendClosed) {
      backendClosed = true;
      engine.close();
      store.close();
    }
  }

  @Override
  public void close() {
    server.close();
    closeBackend();
  }

  /** An HTTP answer with its body parsed on demand. */
  record Response(HttpResponse<String> raw, ObjectMapper mapper) {
    int status() {
      return raw.statusCode();
    }

    String body() {
      return raw.body();
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    JsonNode json() {
      try {
        return mapper.readTree(raw.body());
      } catch (IOException e) {
        throw new AssertionError("Not JSON (" + raw.statusCode() + "): " + raw.body(), e);
      }
    }
  }
}
