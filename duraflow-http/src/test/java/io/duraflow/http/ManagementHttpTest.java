package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagementHttpTest {
  static final List<String> STATUS_KEYS = List.of("name", "instanceId", "runtimeStatus", "input", "customStatus",
      "output", "createdTime", "lastUpdatedTime");

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

  /** Starts {@code name} and answers its check-status payload. */
  static JsonNode startPayload(String name, String body) throws Exception {
    HttpFixture.Response r = f.post(f.keyed("/api/orchestrators/" + name), body);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return r.json();
  }

  /** Fills a URI template of the check-status payload the way Durable Functions clients do. */
  static String fill(JsonNode payload, String field, String text) {
    return payload.get(field).asText().replace("{text}", text).replace("{eventName}", text);
  }

  @Test
  void status_running_202WithLocationAndRetryAfter_allEightKeys() throws Exception {
    JsonNode p = startPayload("WaitForApproval", null);
    String statusUri = p.get("statusQueryGetUri").asText();

    HttpFixture.Response r = f.pollUntil(statusUri, x -> x.json().get("customStatus").has("waitingFor"));

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.header("Location")).isEqualTo(statusUri);
    assertThat(r.header("Retry-After")).isEqualTo("5");
    assertThat(r.json().fieldNames()).toIterable().containsExactlyElementsOf(STATUS_KEYS);
    assertThat(r.json().get("runtimeStatus").asText()).isEqualTo("Running");
    assertThat(r.json().get("input").isNull()).isTrue();
    assertThat(r.json().get("output").isNull()).isTrue();
    assertThat(r.json().get("customStatus").toString()).isEqualTo("{\"waitingFor\":\"Approval\"}");
    f.post(fill(p, "terminatePostUri", "done"), null);
  }

  @Test
  void status_unknownInstance_404() throws Exception {
    HttpFixture.Response r = f.get(f.keyed(DurableHttpServer.INSTANCES + "/no-such-instance"));

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("error").asText()).isEqualTo("NotFound");
    assertThat(r.json().get("message").asText()).contains("no-such-instance");
  }

  @Test
  void status_clientAppendsShowHistory_historyEventsInCompactForm() throws Exception {
    JsonNode p = startPayload("Hello", "[\"Lima\"]");
    String statusUri = p.get("statusQueryGetUri").asText();
    f.pollUntil(statusUri, r -> r.status() == 200);

    JsonNode withHistory = f.get(statusUri + "&showHistory=true").json();
    JsonNode withOutputs = f.get(statusUri + "&showHistory=true&showHistoryOutput=true").json();

    JsonNode events = withHistory.get("historyEvents");
    assertThat(events.isArray()).isTrue();
    List<String> types = events.findValuesAsText("EventType");
    assertThat(types).contains("ExecutionStarted", "TaskCompleted", "ExecutionCompleted")
        .doesNotContain("OrchestratorStarted", "TaskScheduled");
    JsonNode completed = events.get(types.indexOf("TaskCompleted"));
    assertThat(completed.get("FunctionName").asText()).isEqualTo("SayHello");
    assertThat(completed.has("ScheduledTime")).isTrue();
    assertThat(completed.has("Result")).isFalse();
    JsonNode completedWithOutput = withOutputs.get("historyEvents").get(types.indexOf("TaskCompleted"));
    assertThat(completedWithOutput.get("Result").asText()).isEqualTo("Hello Lima!");
    assertThat(events.get(types.indexOf("ExecutionStarted")).get("FunctionName").asText()).isEqualTo("Hello");
    assertThat(f.get(statusUri).json().has("historyEvents")).isFalse();
  }

  @Test
  void status_showInputFalse_inputKeyStaysNull() throws Exception {
    JsonNode p = startPayload("Echo", "{\"secret\": 1}");
    String statusUri = p.get("statusQueryGetUri").asText();
    f.pollUntil(statusUri, r -> r.status() == 200);

    JsonNode status = f.get(statusUri + "&showInput=false").json();

    assertThat(status.fieldNames()).toIterable().containsExactlyElementsOf(STATUS_KEYS);
    assertThat(status.get("input").isNull()).isTrue();
  }

  @Test
  void status_badFlag_400() throws Exception {
    JsonNode p = startPayload("Echo", null);

    assertThat(f.get(p.get("statusQueryGetUri").asText() + "&showHistory=maybe").status()).isEqualTo(400);
  }

  @Test
  void status_failed_200WithErrorMessageAsOutput_or500WhenAsked() throws Exception {
    JsonNode p = startPayload("Throws", null);
    String statusUri = p.get("statusQueryGetUri").asText();

    HttpFixture.Response failed = f.pollUntil(statusUri, r -> r.status() == 200);
    HttpFixture.Response asked = f.get(statusUri + "&returnInternalServerErrorOnFailure=true");

    assertThat(failed.json().get("runtimeStatus").asText()).isEqualTo("Failed");
    assertThat(failed.json().get("output").asText()).contains("Throws").contains("orchestrator bug");
    assertThat(failed.body()).doesNotContain("\tat ");
    assertThat(asked.status()).isEqualTo(500);
    assertThat(asked.json().get("runtimeStatus").asText()).isEqualTo("Failed");
    HttpFixture.Response history = f.get(statusUri + "&showHistory=true&showHistoryOutput=true");
    JsonNode completed = history.json().get("historyEvents").findParent("OrchestrationStatus");
    assertThat(completed.get("OrchestrationStatus").asText()).isEqualTo("Failed");
    assertThat(completed.get("FailureDetails").get("ErrorMessage").asText()).contains("orchestrator bug");
    assertThat(history.body()).doesNotContain("StackTrace").doesNotContain("\tat ");
  }

  @Test
  void raiseEvent_running_202AndTheInstanceGetsThePayload() throws Exception {
    JsonNode p = startPayload("WaitForApproval", null);

    HttpFixture.Response r = f.post(fill(p, "sendEventPostUri", "Approval"), "{\"by\": \"ana\"}");

    assertThat(r.status()).isEqualTo(202);
    JsonNode done = f.pollUntil(p.get("statusQueryGetUri").asText(), x -> x.status() == 200).json();
    assertThat(done.get("output").toString()).isEqualTo("{\"approved\":{\"by\":\"ana\"}}");
  }

  @Test
  void raiseEvent_bodyNotJson_400() throws Exception {
    JsonNode p = startPayload("WaitForApproval", null);

    HttpFixture.Response notJson = f.post(fill(p, "sendEventPostUri", "Approval"), "yes please");
    HttpFixture.Response empty = f.post(fill(p, "sendEventPostUri", "Approval"), null);

    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().get("error").asText()).isEqualTo("BadRequest");
    assertThat(empty.status()).isEqualTo(400);
    f.post(fill(p, "terminatePostUri", "done"), null);
  }

  @Test
  void raiseEvent_unknownInstance_404() throws Exception {
    HttpFixture.Response r = f.post(f.keyed(DurableHttpServer.INSTANCES + "/nobody/raiseEvent/Approval"), "true");

    assertThat(r.status()).isEqualTo(404);
  }

  @Test
  void raiseEvent_finishedInstance_410() throws Exception {
    JsonNode p = startPayload("Echo", null);
    f.pollUntil(p.get("statusQueryGetUri").asText(), r -> r.status() == 200);

    HttpFixture.Response r = f.post(fill(p, "sendEventPostUri", "Approval"), "true");

    assertThat(r.status()).isEqualTo(410);
    assertThat(r.json().get("error").asText()).isEqualTo("Gone");
  }

  @Test
  void terminate_running_202ThenTerminatedWithReason_thenAgain410() throws Exception {
    JsonNode p = startPayload("WaitForApproval", null);

    HttpFixture.Response r = f.post(fill(p, "terminatePostUri", "no%20longer%20needed"), null);

    assertThat(r.status()).isEqualTo(202);
    JsonNode done = f.pollUntil(p.get("statusQueryGetUri").asText(), x -> x.status() == 200).json();
    assertThat(done.get("runtimeStatus").asText()).isEqualTo("Terminated");
    assertThat(done.get("output").asText()).isEqualTo("no longer needed");
    assertThat(f.post(fill(p, "terminatePostUri", "again"), null).status()).isEqualTo(410);
  }

  @Test
  void terminate_reasonNotEncoded_stillAccepted() throws Exception {
    JsonNode p = startPayload("WaitForApproval", null);
    String id = p.get("id").asText();

    // What a client that pastes the reason into the template sends: a bare '%', '+' for spaces, braces, a pipe.
    String answer = f.raw("POST " + DurableHttpServer.INSTANCES + "/" + id + "/terminate?reason=100%+done+{ok}|\"q\"&taskHub="
        + HttpFixture.HUB + "&code=" + HttpFixture.KEY + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 202");
    JsonNode done = f.pollUntil(p.get("statusQueryGetUri").asText(), x -> x.status() == 200).json();
    assertThat(done.get("output").asText()).isEqualTo("100% done {ok}|\"q\"");
  }

  @Test
  void terminate_unknown_404() throws Exception {
    assertThat(f.post(f.keyed(DurableHttpServer.INSTANCES + "/nobody/terminate?reason=x"), null).status()).isEqualTo(404);
  }

  @Test
  void suspendAndResume_running_202AndStatusFollows_finished410() throws Exception {
    JsonNode p = startPayload("WaitForApproval", null);
    String statusUri = p.get("statusQueryGetUri").asText();
    f.pollUntil(statusUri, x -> x.json().get("runtimeStatus").asText().equals("Running"));

    assertThat(f.post(fill(p, "suspendPostUri", "maintenance"), null).status()).isEqualTo(202);
    HttpFixture.Response suspended = f.pollUntil(statusUri, x -> x.json().get("runtimeStatus").asText().equals("Suspended"));
    assertThat(suspended.status()).isEqualTo(202);

    assertThat(f.post(fill(p, "resumePostUri", "back"), null).status()).isEqualTo(202);
    f.pollUntil(statusUri, x -> x.json().get("runtimeStatus").asText().equals("Running"));

    f.post(fill(p, "sendEventPostUri", "Approval"), "true");
    f.pollUntil(statusUri, x -> x.status() == 200);
    assertThat(f.post(fill(p, "suspendPostUri", "late"), null).status()).isEqualTo(410);
    assertThat(f.post(fill(p, "resumePostUri", "late"), null).status()).isEqualTo(410);
  }

  @Test
  void suspendAndResume_unknown_404() throws Exception {
    assertThat(f.post(f.keyed(DurableHttpServer.INSTANCES + "/nobody/suspend"), null).status()).isEqualTo(404);
    assertThat(f.post(f.keyed(DurableHttpServer.INSTANCES + "/nobody/resume"), null).status()).isEqualTo(404);
  }

  @Test
  void rewind_failed_202ThenCompletes() throws Exception {
    TestOrchestrations.BROKEN.set(true);
    JsonNode p = startPayload("Rewindable", null);
    String statusUri = p.get("statusQueryGetUri").asText();
    assertThat(f.pollUntil(statusUri, x -> x.status() == 200).json().get("runtimeStatus").asText()).isEqualTo("Failed");
    TestOrchestrations.BROKEN.set(false);

    HttpFixture.Response r = f.post(fill(p, "rewindPostUri", "fixed"), null);

    assertThat(r.status()).isEqualTo(202);
    JsonNode done = f.pollUntil(statusUri,
        x -> x.status() == 200 && x.json().get("runtimeStatus").asText().equals("Completed")).json();
    assertThat(done.get("output").asText()).isEqualTo("Hello before! / fixed");
  }

  @Test
  void rewind_notFailed_412PlainText() throws Exception {
    JsonNode p = startPayload("Echo", null);
    f.pollUntil(p.get("statusQueryGetUri").asText(), x -> x.status() == 200);

    HttpFixture.Response r = f.post(fill(p, "rewindPostUri", "why"), null);

    assertThat(r.status()).isEqualTo(412);
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(r.body()).contains("Completed").contains("Failed");
  }

  @Test
  void rewind_unknown_404() throws Exception {
    assertThat(f.post(f.keyed(DurableHttpServer.INSTANCES + "/nobody/rewind?reason=x"), null).status()).isEqualTo(404);
  }

  @Test
  void restart_default_newInstanceIdWithCheckStatusPayload() throws Exception {
    JsonNode p = startPayload("Hello", "[\"Bonn\"]");
    f.pollUntil(p.get("statusQueryGetUri").asText(), x -> x.status() == 200);

    HttpFixture.Response r = f.post(p.get("restartPostUri").asText(), null);

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().fieldNames()).toIterable().containsExactlyElementsOf(StarterHttpTest.CHECK_STATUS_FIELDS);
    String newId = r.json().get("id").asText();
    assertThat(newId).isNotEqualTo(p.get("id").asText());
    assertThat(r.header("Location")).isEqualTo(r.json().get("statusQueryGetUri").asText());
    JsonNode done = f.pollUntil(r.json().get("statusQueryGetUri").asText(), x -> x.status() == 200).json();
    assertThat(done.get("output").toString()).isEqualTo("[\"Hello Bonn!\"]");
  }

  @Test
  void restart_sameId_whenFinished_202_whenRunning_409() throws Exception {
    JsonNode p = startPayload("Hello", "[\"Graz\"]");
    String id = p.get("id").asText();
    f.pollUntil(p.get("statusQueryGetUri").asText(), x -> x.status() == 200);

    HttpFixture.Response r = f.post(p.get("restartPostUri").asText() + "&restartWithNewInstanceId=false", null);

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().get("id").asText()).isEqualTo(id);

    JsonNode waiting = startPayload("WaitForApproval", null);
    HttpFixture.Response conflict = f.post(waiting.get("restartPostUri").asText() + "&restartWithNewInstanceId=false", null);
    assertThat(conflict.status()).isEqualTo(409);
    f.post(fill(waiting, "terminatePostUri", "done"), null);
  }

  @Test
  void restart_unknown_404() throws Exception {
    assertThat(f.post(f.keyed(DurableHttpServer.INSTANCES + "/nobody/restart"), null).status()).isEqualTo(404);
  }

  @Test
  void unknownOperation_404Json() throws Exception {
    JsonNode p = startPayload("Echo", null);

    HttpFixture.Response r = f.post(f.keyed(DurableHttpServer.INSTANCES + "/" + p.get("id").asText() + "/explode"), null);

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("error").asText()).isEqualTo("NotFound");
  }

  @Test
  void managementUris_withTemplatesUnfilledButEncoded_work() throws Exception {
    JsonNode p = startPayload("WaitForApproval", null);

    // A client that sends the template as is, braces encoded.
    HttpFixture.Response r = f.send(HttpRequest.newBuilder(URI.create(
        p.get("suspendPostUri").asText().replace("{text}", "%7Btext%7D"))).POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(r.status()).isEqualTo(202);
    f.post(fill(p, "terminatePostUri", "done"), null);
  }
}
