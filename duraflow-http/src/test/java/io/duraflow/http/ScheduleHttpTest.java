package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedule routes over real HTTP on a real SQLite store. */
class ScheduleHttpTest {
  private static final String S = "/runtime/webhooks/durabletask/schedules";
  @TempDir Path dir;
  HttpFixture f;

  @BeforeEach
  void start() {
    f = new HttpFixture(dir);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private HttpFixture.Response put(String url, String body) throws Exception {
    return f.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void lifecycle_createReadListPauseResumeTriggerReplaceDelete() throws Exception {
    HttpFixture.Response created = f.post(f.keyed(S), """
        {"id":"nightly","orchestration":"Echo","input":{"n":1},"cron":"30 2 * * *","timeZone":"Europe/Oslo",
         "jitter":"30s","overlap":"buffer-one","catchupWindow":"10m"}""");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Location")).endsWith(S + "/nightly");
    JsonNode s = created.json();
    assertThat(s.get("timeZone").asText()).isEqualTo("Europe/Oslo");
    assertThat(s.get("jitter").asText()).isEqualTo("PT30S");
    assertThat(s.get("overlap").asText()).isEqualTo("buffer-one");
    assertThat(s.get("input").get("n").asInt()).isEqualTo(1);
    Instant next = Instant.parse(s.get("nextDueAt").asText());
    assertThat(next.atZone(java.time.ZoneId.of("Europe/Oslo")).toLocalTime()).isEqualTo(java.time.LocalTime.of(2, 30));

    assertThat(f.get(f.keyed(S + "/nightly")).json().get("cron").asText()).isEqualTo("30 2 * * *");
    assertThat(f.get(f.keyed(S)).json()).hasSize(1);

    JsonNode paused = f.post(f.keyed(S + "/nightly/pause"), "{\"note\":\"release freeze\"}").json();
    assertThat(paused.get("paused").asBoolean()).isTrue();
    assertThat(paused.get("note").asText()).isEqualTo("release freeze");
    assertThat(f.post(f.keyed(S + "/nightly/resume?note=done"), null).json().get("paused").asBoolean()).isFalse();

    HttpFixture.Response triggered = f.post(f.keyed(S + "/nightly/trigger"), null);
    assertThat(triggered.status()).as(triggered.body()).isEqualTo(202);
    String instanceId = triggered.json().get("instanceId").asText();
    assertThat(instanceId).startsWith("nightly-");
    assertThat(f.awaitStatus(instanceId, "Completed").json().get("output").get("n").asInt()).isEqualTo(1);

    HttpFixture.Response replaced = put(f.keyed(S + "/nightly"), "{\"orchestration\":\"Echo\",\"interval\":\"1h\"}");
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(replaced.json().get("interval").asText()).isEqualTo("PT1H");
    assertThat(replaced.json().get("lastInstanceId").asText()).isEqualTo(instanceId);

    assertThat(f.delete(f.keyed(S + "/nightly")).status()).isEqualTo(200);
    assertThat(f.get(f.keyed(S + "/nightly")).status()).isEqualTo(404);
    assertThat(f.get(f.keyed("/runtime/webhooks/durabletask/instances/" + instanceId)).status()).as("instances stay").isEqualTo(200);
  }

  @Test
  void badInput_clearMessages_noJavaNames() throws Exception {
    HttpFixture.Response cron = f.post(f.keyed(S), "{\"id\":\"x\",\"orchestration\":\"Echo\",\"cron\":\"0 * *\"}");
    assertThat(cron.status()).isEqualTo(400);
    assertThat(cron.json().get("message").asText()).contains("has 3 fields").doesNotContain("Exception");

    HttpFixture.Response zone = f.post(f.keyed(S), "{\"id\":\"x\",\"orchestration\":\"Echo\",\"cron\":\"0 * * * *\",\"timeZone\":\"Oslo\"}");
    assertThat(zone.status()).isEqualTo(400);
    assertThat(zone.json().get("message").asText()).contains("Unknown time zone 'Oslo'");

    HttpFixture.Response name = f.post(f.keyed(S), "{\"id\":\"x\",\"orchestration\":\"Nope\",\"interval\":\"1m\"}");
    assertThat(name.status()).isEqualTo(400);
    assertThat(name.json().get("message").asText()).contains("No orchestration named 'Nope'");

    HttpFixture.Response noId = f.post(f.keyed(S), "{\"orchestration\":\"Echo\",\"interval\":\"1m\"}");
    assertThat(noId.status()).isEqualTo(400);
    assertThat(noId.json().get("message").asText()).contains("'id' is required");

    f.post(f.keyed(S), "{\"id\":\"dup\",\"orchestration\":\"Echo\",\"interval\":\"1m\"}");
    assertThat(f.post(f.keyed(S), "{\"id\":\"dup\",\"orchestration\":\"Echo\",\"interval\":\"1m\"}").status()).isEqualTo(409);
    assertThat(f.post(f.keyed(S + "/missing/pause"), null).status()).isEqualTo(404);
    assertThat(f.get(f.base() + S).status()).as("key required").isEqualTo(401);
  }

  @Test
  void backfill_startsTheRangesDueTimes() throws Exception {
    f.post(f.keyed(S), "{\"id\":\"hourly\",\"orchestration\":\"Echo\",\"input\":1,\"cron\":\"0 * * * *\"}");

    HttpFixture.Response r = f.post(f.keyed(S + "/hourly/backfill"),
        "{\"from\":\"2026-05-01T10:00:00Z\",\"to\":\"2026-05-01T12:30:00Z\"}");

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("instanceIds")).extracting(JsonNode::asText).containsExactly(
        "hourly-2026-05-01T10:00:00Z", "hourly-2026-05-01T11:00:00Z", "hourly-2026-05-01T12:00:00Z");
    HttpFixture.Response bad = f.post(f.keyed(S + "/hourly/backfill"), "{\"from\":\"yesterday\",\"to\":\"2026-05-01T12:30:00Z\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("message").asText()).contains("'from' must be an ISO-8601 UTC time");
  }
}
