package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken requests from issue 9: deep JSON, short and malformed bodies, the key in an
 * unroutable URI, messages naming Java types. Each answers a 4xx with a plain message; the server keeps
 * serving and what it stored keeps being listable.
 */
class HostileInputHttpTest {
  static final Duration DEADLINE = Duration.ofSeconds(30);
  static final int MAX_DEPTH = HttpServerOptions.DEFAULT_MAX_JSON_DEPTH;
  /** A Java type or Jackson internals in a message meant for people (linear time even on megabyte bodies). */
  static final Pattern JAVA_NAME = Pattern.compile(
      "(?:java|javax|jakarta|com\\.fasterxml|org\\.eclipse|io\\.javalin|io\\.duraflow)\\.[A-Za-z]"
          + "|(?<=[A-Za-z])(?:Exception|Error)\\b|StreamReadConstraints|StreamWriteConstraints|StreamReadFeature|\\tat ");

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

  static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  static JsonNode nestedNode(int depth) {
    ArrayNode root = JsonNodeFactory.instance.arrayNode();
    ArrayNode current = root;
    for (int i = 1; i < depth; i++) {
      current = current.addArray();
    }
    return root;
  }

  static String keyedPost(String path, String headers, String body) {
    return "POST " + path + (path.contains("?") ? "&" : "?") + "code=" + HttpFixture.KEY + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + headers + "\r\n" + body;
  }

  @Test
  void start_bodyNestedBeyondTheLimit_400_andListingKeepsWorking() throws Exception {
    HttpFixture.Response deep = f.post(f.keyed("/api/orchestrators/Echo"), nested(1000));

    assertThat(deep.status()).as(deep.body()).isEqualTo(400);
    assertThat(deep.json().get("message").asText()).contains("nested").contains(String.valueOf(MAX_DEPTH));
    assertThat(deep.body()).doesNotContainPattern(JAVA_NAME);
    HttpFixture.Response atLimit = f.post(f.keyed("/api/orchestrators/Echo"), nested(MAX_DEPTH));
    assertThat(atLimit.status()).as(atLimit.body()).isEqualTo(202);
    String id = atLimit.json().get("id").asText();
    HttpFixture.Response done = f.awaitStatus(id, "Completed");
    assertThat(done.json().get("output").toString()).isEqualTo(nested(MAX_DEPTH));
    HttpFixture.Response list = f.get(f.keyed(DurableHttpServer.INSTANCES + "?top=1000"));
    assertThat(list.status()).as(list.body()).isEqualTo(200);
  }

  @Test
  void raiseEvent_bodyNestedBeyondTheLimit_400() throws Exception {
    String id = f.start("WaitForApproval", null);
    f.awaitStatus(id, "Running");

    HttpFixture.Response r = f.post(f.keyed(DurableHttpServer.INSTANCES + "/" + id + "/raiseEvent/Approval"), nested(1000));

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).doesNotContainPattern(JAVA_NAME);
  }

  /** A value stored through the Java client (or by an older version) that is too deep to embed in answers. */
  @Test
  void storedValueTooDeepToShow_statusAndListingStillAnswer() throws Exception {
    String hub = HttpFixture.freshHub("Deep");
    var client = f.client.forTaskHub(hub);
    String id = client.startNew("Echo", nestedNode(1000));
    client.waitForCompletion(id, HttpFixture.WAIT);

    HttpFixture.Response status = f.get(f.keyed(DurableHttpServer.INSTANCES + "/" + id + "?taskHub=" + hub + "&showHistory=true&showHistoryOutput=true"));
    HttpFixture.Response list = f.get(f.keyed(DurableHttpServer.INSTANCES + "?taskHub=" + hub));

    assertThat(status.status()).as(status.body()).isEqualTo(200);
    assertThat(status.json().get("runtimeStatus").asText()).isEqualTo("Completed");
    assertThat(status.json().get("input").asText()).contains("nested more than");
    assertThat(status.json().get("output").asText()).contains("nested more than");
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.json().get(0).get("instanceId").asText()).isEqualTo(id);
    assertThat(list.json().get(0).get("input").asText()).contains("nested more than");
  }

  @Test
  void bodyShorterThanContentLength_thenEof_400() throws Exception {
    try (LogCapture log = new LogCapture()) {
      RawHttp.Answer a = RawHttp.exchange(f.port,
          keyedPost("/api/orchestrators/Echo", "Content-Type: application/json\r\nContent-Length: 100\r\n", "{\"a\":"), DEADLINE);

      assertThat(a.status()).as(a.toString()).isEqualTo(400);
      assertThat(a.body()).doesNotContainPattern(JAVA_NAME);
      assertThat(log.text()).doesNotContain("\tat ").doesNotContain(HttpFixture.KEY);
    }
    assertThat(f.get(f.base() + "/health").status()).isEqualTo(200);
  }

  @Test
  void badChunkSize_400() throws Exception {
    try (LogCapture log = new LogCapture()) {
      RawHttp.Answer a = RawHttp.exchange(f.port,
          keyedPost("/api/orchestrators/Echo", "Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n"), DEADLINE);

      assertThat(a.status()).as(a.toString()).isBetween(400, 499);
      assertThat(a.body()).doesNotContainPattern(JAVA_NAME);
      assertThat(log.text()).doesNotContain("\tat ").doesNotContain(HttpFixture.KEY);
    }
  }

  @Test
  void chunkedBodyCutShort_400() throws Exception {
    try (LogCapture log = new LogCapture()) {
      RawHttp.Answer a = RawHttp.exchange(f.port,
          keyedPost("/api/orchestrators/Echo", "Transfer-Encoding: chunked\r\n", "10\r\n{\"a\":"), DEADLINE);

      assertThat(a.status()).as(a.toString()).isBetween(400, 499);
      assertThat(log.text()).doesNotContain("\tat ");
    }
  }

  @Test
  void gzipThenChunked_4xx() throws Exception {
    try (LogCapture log = new LogCapture()) {
      RawHttp.Answer a = RawHttp.exchange(f.port,
          keyedPost("/api/orchestrators/Echo", "Transfer-Encoding: gzip, chunked\r\n", "2\r\n{}\r\n0\r\n\r\n"), DEADLINE);

      assertThat(a.status()).as(a.toString()).isBetween(400, 499);
      assertThat(a.body()).doesNotContainPattern(JAVA_NAME);
      assertThat(log.text()).doesNotContain("\tat ").doesNotContain(HttpFixture.KEY);
    }
  }

  @Test
  void keyInTheQueryOfAnUnroutableOrBadUri_neverEchoed() throws Exception {
    List<String> targets = List.of(
        "/api/orchestrators/%", "/api/orchestrators/%zz", "/runtime/webhooks/durabletask/instances/%",
        "/api/orchestrators/%ff%fe", "/%", "/nothing/here", "/api/orchestrators/Echo/a%2Fb",
        "/runtime/webhooks/durabletask/instances/%2e%2e/x");
    try (LogCapture log = new LogCapture()) {
      for (String target : targets) {
        for (String method : List.of("GET", "POST", "DELETE")) {
          RawHttp.Answer a = RawHttp.exchange(f.port, method + " " + target + "?code=" + HttpFixture.KEY
              + "&taskHub=" + HttpFixture.HUB + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n", DEADLINE);

          assertThat(a.status()).as(method + " " + target + ": " + a).isBetween(400, 499);
          assertThat(a.toString()).as(method + " " + target).doesNotContain(HttpFixture.KEY).doesNotContainPattern(JAVA_NAME);
        }
      }
      assertThat(log.text()).doesNotContain(HttpFixture.KEY).doesNotContain("\tat ");
    }
  }

  /** The JSON converter's message for an input of the wrong shape names Java types; the answer must not. */
  @Test
  void failedInstance_outputMessage_withoutJavaNames() throws Exception {
    String id = f.start("Hello", "{\"not\":\"an array\"}");

    HttpFixture.Response failed = f.awaitStatus(id, "Failed");
    HttpFixture.Response history = f.get(f.keyed(DurableHttpServer.INSTANCES + "/" + id + "?showHistory=true"));

    assertThat(failed.json().get("output").asText()).startsWith("Orchestrator function 'Hello' failed: ")
        .doesNotContainPattern(JAVA_NAME);
    assertThat(history.body().replaceAll("\"ErrorType\":\"[^\"]*\"", "")).doesNotContainPattern(JAVA_NAME);
  }

  @Test
  void jsonErrors_sayWhatIsWrong_withoutJavaNames() throws Exception {
    List<String> bodies = List.of("[1,2", "{\"a\":1,\"a\":2}", "{\"a\" 1}", "1".repeat(5000), "\"" + "x", "[1]]",
        "{\"s\":\"\\uZZZZ\"}", "\u0000", "NaN", "[1e999]");
    for (String body : bodies) {
      HttpFixture.Response r = f.post(f.keyed("/api/orchestrators/Echo"), body);

      assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(400);
      assertThat(r.json().get("message").asText()).as(body).doesNotContainPattern(JAVA_NAME).doesNotContain("REDACTED");
    }
  }
}
