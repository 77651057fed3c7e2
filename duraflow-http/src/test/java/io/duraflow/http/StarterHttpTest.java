package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StarterHttpTest {
  static final List<String> CHECK_STATUS_FIELDS = List.of("id", "statusQueryGetUri", "sendEventPostUri",
      "terminatePostUri", "rewindPostUri", "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri");

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

  @Test
  void seedSession_postArrayOfUrls_202WithNineAbsoluteUrisThenCompletedWithMinMax() throws Exception {
    String urls = "[\"https://example.org/group.jpg\", \"https://example.org/portrait.jpg\", \"https://example.org/news.jpg\"]";

    HttpFixture.Response started = f.post(f.keyed("/api/orchestrators/Orchestrator"), urls);

    assertThat(started.status()).isEqualTo(202);
    JsonNode payload = started.json();
    assertThat(payload.fieldNames()).toIterable().containsExactlyElementsOf(CHECK_STATUS_FIELDS);
    String id = payload.get("id").asText();
    assertThat(id).matches("[0-9a-f]{32}");
    String instanceBase = f.base() + "/runtime/webhooks/durabletask/instances/" + id;
    String query = "taskHub=" + HttpFixture.HUB + "&connection=Storage&code=" + HttpFixture.KEY;
    assertThat(payload.get("statusQueryGetUri").asText()).isEqualTo(instanceBase + "?" + query);
    assertThat(payload.get("sendEventPostUri").asText()).isEqualTo(instanceBase + "/raiseEvent/{eventName}?" + query);
    assertThat(payload.get("terminatePostUri").asText()).isEqualTo(instanceBase + "/terminate?reason={text}&" + query);
    assertThat(payload.get("rewindPostUri").asText()).isEqualTo(instanceBase + "/rewind?reason={text}&" + query);
    assertThat(payload.get("purgeHistoryDeleteUri").asText()).isEqualTo(instanceBase + "?" + query);
    assertThat(payload.get("restartPostUri").asText()).isEqualTo(instanceBase + "/restart?" + query);
    assertThat(payload.get("suspendPostUri").asText()).isEqualTo(instanceBase + "/suspend?reason={text}&" + query);
    assertThat(payload.get("resumePostUri").asText()).isEqualTo(instanceBase + "/resume?reason={text}&" + query);
    assertThat(started.header("Location")).isEqualTo(payload.get("statusQueryGetUri").asText());
    assertThat(started.header("Retry-After")).isEqualTo("10");

    HttpFixture.Response done = f.pollUntil(payload.get("statusQueryGetUri").asText(), r -> r.status() == 200);

    JsonNode status = done.json();
    assertThat(status.get("runtimeStatus").asText()).isEqualTo("Completed");
    assertThat(status.get("name").asText()).isEqualTo("Orchestrator");
    assertThat(status.get("instanceId").asText()).isEqualTo(id);
    assertThat(status.get("output")).isEqualTo(f.json.readTree("{\"min_val\": 0.0, \"max_val\": 1.0}"));
    assertThat(status.get("input")).isEqualTo(f.json.readTree("{\"urls\": " + urls + "}"));
    assertThat(status.get("createdTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(status.get("lastUpdatedTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
  }

  @Test
  void start_underWebhookRoot_sameAnswer() throws Exception {
    HttpFixture.Response r = f.post(f.keyed("/runtime/webhooks/durabletask/orchestrators/Hello"), null);

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().fieldNames()).toIterable().containsExactlyElementsOf(CHECK_STATUS_FIELDS);
    JsonNode done = f.pollUntil(r.json().get("statusQueryGetUri").asText(), x -> x.status() == 200).json();
    assertThat(done.get("output").toString()).isEqualTo("[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\"]");
  }

  @Test
  void start_withInstanceIdInPath_usesIt_andConflictsWhileRunning() throws Exception {
    HttpFixture.Response first = f.post(f.keyed("/api/orchestrators/WaitForApproval/order-42"), null);
    assertThat(first.status()).isEqualTo(202);
    assertThat(first.json().get("id").asText()).isEqualTo("order-42");

    HttpFixture.Response again = f.post(f.keyed("/runtime/webhooks/durabletask/orchestrators/WaitForApproval/order-42"), null);

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("error").asText()).isEqualTo("Conflict");
    assertThat(again.json().get("message").asText()).contains("order-42");
    f.post(f.keyed(DurableHttpServer.INSTANCES + "/order-42/terminate?reason=cleanup"), null);
  }

  @Test
  void start_numberBeyondDoubleRange_400AndTheListingStillAnswers() throws Exception {
    HttpFixture.Response r = f.post(f.keyed("/api/orchestrators/WaitForApproval/huge-number"), "{\"timeoutSeconds\": [1, 1e999]}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("message").asText()).contains("too large", "Infinity");
    assertThat(f.get(f.keyed(DurableHttpServer.INSTANCES + "/huge-number")).status()).as("nothing was started").isEqualTo(404);
    assertThat(f.get(f.keyed(DurableHttpServer.INSTANCES + "/")).status()).isEqualTo(200);
  }

  @Test
  void start_unknownFunction_404NamingIt() throws Exception {
    HttpFixture.Response r = f.post(f.keyed("/api/orchestrators/NoSuchThing"), "{}");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("error").asText()).isEqualTo("NotFound");
    assertThat(r.json().get("message").asText()).contains("NoSuchThing").contains("known: ").contains("Hello, ");
  }

  @Test
  void start_emptyBody_noInput() throws Exception {
    String id = f.start("Echo", null);

    JsonNode status = f.awaitStatus(id, "Completed").json();
    assertThat(status.get("input").isNull()).isTrue();
    assertThat(status.get("output").isNull()).isTrue();
  }

  @Test
  void start_jsonEmptyString_likeTheJavaScriptClient_noInput() throws Exception {
    String id = f.start("Echo", "\"\"");

    JsonNode status = f.awaitStatus(id, "Completed").json();
    assertThat(status.has("input")).isTrue();
    assertThat(status.get("input").isNull()).isTrue();
  }

  @Test
  void start_jsonObject_isTheInput() throws Exception {
    String id = f.start("Echo", "{\"city\": \"Kyoto\", \"n\": [1, 2]}");

    JsonNode status = f.awaitStatus(id, "Completed").json();
    assertThat(status.get("input")).isEqualTo(f.json.readTree("{\"city\": \"Kyoto\", \"n\": [1, 2]}"));
    assertThat(status.get("output")).isEqualTo(status.get("input"));
  }

  @Test
  void start_arrayForAnotherFunction_passedAsIs() throws Exception {
    String id = f.start("Hello", "[\"Oslo\"]");

    assertThat(f.awaitStatus(id, "Completed").json().get("output").toString()).isEqualTo("[\"Hello Oslo!\"]");
  }

  @Test
  void start_malformedJson_400WithLineAndColumn() throws Exception {
    HttpFixture.Response r = f.post(f.keyed("/api/orchestrators/Echo"), "{\n  \"a\": 1,\n  \"b\": }");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).isEqualTo("BadRequest");
    assertThat(r.json().get("message").asText()).contains("line 3").contains("column");
    assertThat(r.body()).doesNotContain("at io.").doesNotContain("Exception");
  }

  @Test
  void start_deeplyNestedJson_400NotACrash() throws Exception {
    HttpFixture.Response r = f.post(f.keyed("/api/orchestrators/Echo"), "[".repeat(5000) + "]".repeat(5000));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("message").asText()).contains("nesting");
  }

  @Test
  void start_trailingGarbage_400() throws Exception {
    HttpFixture.Response r = f.post(f.keyed("/api/orchestrators/Echo"), "{\"a\": 1} x");

    assertThat(r.status()).isEqualTo(400);
  }

  @Test
  void start_bodyOverLimitWithContentLength_413() throws Exception {
    byte[] big = bigJsonString((int) HttpServerOptions.DEFAULT_MAX_BODY_BYTES + 1);

    HttpFixture.Response r = f.send(HttpRequest.newBuilder(URI.create(f.keyed("/api/orchestrators/Echo")))
        .POST(HttpRequest.BodyPublishers.ofByteArray(big)));

    assertThat(r.status()).isEqualTo(413);
    assertThat(r.json().get("error").asText()).isEqualTo("PayloadTooLarge");
  }

  @Test
  void start_chunkedBodyOverLimit_413() throws Exception {
    byte[] big = bigJsonString((int) HttpServerOptions.DEFAULT_MAX_BODY_BYTES + 100);

    // An InputStream publisher sends no Content-Length: the limit must hold on the bytes actually read.
    HttpFixture.Response r = f.send(HttpRequest.newBuilder(URI.create(f.keyed("/api/orchestrators/Echo")))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));

    assertThat(r.status()).isEqualTo(413);
    assertThat(f.post(f.keyed("/api/orchestrators/Echo"), "1").status()).isEqualTo(202);
  }

  @Test
  void start_hugeDeclaredLength_413AtOnceWithoutReadingTheBody() throws Exception {
    String answer = f.raw("POST /api/orchestrators/Echo?code=" + HttpFixture.KEY + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nContent-Length: 104857600\r\n\r\n[1,2,3");

    assertThat(answer).startsWith("HTTP/1.1 413").contains("PayloadTooLarge");
  }

  @Test
  void start_expectContinueOverLimit_413BeforeTheBodyIsSent() throws Exception {
    String answer = f.raw("POST /api/orchestrators/Echo?code=" + HttpFixture.KEY + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 2000000\r\nConnection: close\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 413").doesNotContain("100 Continue");
  }

  @Test
  void start_curlDefaultFormContentType_bodyIsStillTheJsonInput() throws Exception {
    HttpFixture.Response r = f.send(HttpRequest.newBuilder(URI.create(f.keyed("/api/orchestrators/Hello")))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("[\"Nara\"]")));

    assertThat(r.status()).isEqualTo(202);
    JsonNode done = f.pollUntil(r.json().get("statusQueryGetUri").asText(), x -> x.status() == 200).json();
    assertThat(done.get("output").toString()).isEqualTo("[\"Hello Nara!\"]");
  }

  @Test
  void start_bodyJustUnderLimit_accepted() throws Exception {
    byte[] fits = bigJsonString(64 * 1024);

    HttpFixture.Response r = f.send(HttpRequest.newBuilder(URI.create(f.keyed("/api/orchestrators/Echo")))
        .POST(HttpRequest.BodyPublishers.ofByteArray(fits)));

    assertThat(r.status()).isEqualTo(202);
  }

  @Test
  void start_withTimeout_finishedInTime_200WithOutput() throws Exception {
    HttpFixture.Response r = f.post(f.keyed("/api/orchestrators/Hello?timeout=60&retryInterval=1"), "[\"Rome\"]");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().toString()).isEqualTo("[\"Hello Rome!\"]");
  }

  @Test
  void start_withTimeout_notFinished_202CheckStatus() throws Exception {
    HttpFixture.Response r = f.post(f.keyed("/api/orchestrators/WaitForApproval?timeout=0.2"), null);

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().fieldNames()).toIterable().containsExactlyElementsOf(CHECK_STATUS_FIELDS);
    assertThat(r.header("Location")).isEqualTo(r.json().get("statusQueryGetUri").asText());
  }

  @Test
  void start_withTimeout_failedInTime_200WithFailedStatus() throws Exception {
    HttpFixture.Response r = f.post(f.keyed("/api/orchestrators/Throws?timeout=60"), null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("runtimeStatus").asText()).isEqualTo("Failed");
    assertThat(r.json().get("output").asText()).contains("orchestrator bug");
  }

  @Test
  void start_retryIntervalLongerThanTimeout_400() throws Exception {
    HttpFixture.Response r = f.post(f.keyed("/api/orchestrators/Hello?timeout=1&retryInterval=5"), null);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("message").asText()).contains("timeout");
  }

  @Test
  void start_badTimeout_400() throws Exception {
    assertThat(f.post(f.keyed("/api/orchestrators/Hello?timeout=soon"), null).status()).isEqualTo(400);
    assertThat(f.post(f.keyed("/api/orchestrators/Hello?timeout=-1"), null).status()).isEqualTo(400);
  }

  @Test
  void start_invalidInstanceId_400() throws Exception {
    HttpFixture.Response r = f.post(f.keyed("/api/orchestrators/Hello/bad%23id"), null);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("message").asText()).contains("instance id");
  }

  @Test
  void start_otherTaskHub_urisCarryIt() throws Exception {
    String hub = HttpFixture.freshHub("StarterHub");

    HttpFixture.Response r = f.post(f.keyed("/api/orchestrators/Hello?taskHub=" + hub), null);

    assertThat(r.status()).isEqualTo(202);
    String statusUri = r.json().get("statusQueryGetUri").asText();
    assertThat(statusUri).contains("taskHub=" + hub + "&");
    assertThat(f.pollUntil(statusUri, x -> x.status() == 200).json().get("runtimeStatus").asText()).isEqualTo("Completed");
    // The default hub does not know the instance.
    String id = r.json().get("id").asText();
    assertThat(f.get(f.keyed(DurableHttpServer.INSTANCES + "/" + id)).status()).isEqualTo(404);
  }

  @Test
  void start_invalidTaskHub_400() throws Exception {
    assertThat(f.post(f.keyed("/api/orchestrators/Hello?taskHub=bad%20hub"), null).status()).isEqualTo(400);
  }

  @Test
  void start_hostHeaderOfTheRequest_buildsTheUris() throws Exception {
    String answer = f.raw("POST /api/orchestrators/Hello?code=" + HttpFixture.KEY + " HTTP/1.1\r\n"
        + "Host: duraflow.example:8443\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 202");
    assertThat(answer).contains("\"statusQueryGetUri\":\"http://duraflow.example:8443/runtime/webhooks/durabletask/instances/");
  }

  @Test
  void start_hostHeaderWithOddCharacters_notEchoed() throws Exception {
    String answer = f.raw("POST /api/orchestrators/Hello?code=" + HttpFixture.KEY + " HTTP/1.1\r\n"
        + "Host: evil.example/\"<x>\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    assertThat(answer).doesNotContain("evil.example");
  }

  /** A JSON string literal of exactly {@code size} bytes. */
  static byte[] bigJsonString(int size) {
    byte[] bytes = new byte[size];
    java.util.Arrays.fill(bytes, (byte) 'a');
    bytes[0] = '"';
    bytes[size - 1] = '"';
    return bytes;
  }
}
