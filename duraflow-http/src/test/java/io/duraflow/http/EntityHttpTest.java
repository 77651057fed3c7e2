package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entity endpoints over a real server and a real SQLite store, called as Durable Functions clients do. */
class EntityHttpTest {
  static final String ENTITIES = DurableHttpServer.WEBHOOK + "/entities";

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

  String url(String path, String query) {
    return f.keyed(ENTITIES + path + "?taskHub=" + HttpFixture.HUB + (query.isEmpty() ? "" : "&" + query));
  }

  HttpFixture.Response awaitState(String path, String expected) throws Exception {
    return f.pollUntil(url(path, ""), r -> r.status() == 200 && r.body().equals(expected));
  }

  @Test
  void signalThenGet_answers202ThenTheState_and404ForAnUnknownEntity() throws Exception {
    assertThat(f.get(url("/counter/nobody", "")).status()).isEqualTo(404);
    HttpFixture.Response signal = f.post(url("/counter/c1", "op=add"), "5");
    assertThat(signal.status()).as(signal.body()).isEqualTo(202);
    assertThat(f.post(url("/counter/c1", "op=add"), "7").status()).isEqualTo(202);
    assertThat(awaitState("/counter/c1", "12").json().asInt()).isEqualTo(12);
  }

  @Test
  void delete_signalsDelete_andTheEntityReadsAsUnknown() throws Exception {
    f.post(url("/counter/gone", "op=add"), "1");
    awaitState("/counter/gone", "1");
    assertThat(f.delete(url("/counter/gone", "")).status()).isEqualTo(202);
    f.pollUntil(url("/counter/gone", ""), r -> r.status() == 404);
  }

  @Test
  void badRequests_areRefusedWithAClearMessage() throws Exception {
    HttpFixture.Response noOp = f.post(url("/counter/c1", ""), "1");
    assertThat(noOp.status()).isEqualTo(400);
    assertThat(noOp.json().get("message").asText()).contains("'op'");
    HttpFixture.Response notJson = f.post(url("/counter/c1", "op=add"), "{not json");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.body()).doesNotContain("Exception", "java.");
    HttpFixture.Response badTop = f.get(url("/counter", "top=0"));
    assertThat(badTop.status()).isEqualTo(400);
    HttpFixture.Response badToken = f.send(HttpRequest.newBuilder(URI.create(url("/counter", "")))
        .header(InstanceQueryRoutes.CONTINUATION_HEADER, "garbage").GET());
    assertThat(badToken.status()).isEqualTo(400);
    assertThat(badToken.json().get("message").asText()).contains("continuation token");
    HttpFixture.Response noKey = f.get(f.base() + ENTITIES + "/counter/c1?taskHub=" + HttpFixture.HUB);
    assertThat(noKey.status()).isEqualTo(401);
  }

  @Test
  void list_pagesWithTheContinuationHeader_fetchesStateOnRequest_andFiltersByLastOperationTime() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    List<String> keys = List.of("a", "b", "c", "d", "e");
    for (String k : keys) {
      f.post(url("/counter/" + k, "op=add"), "1");
    }
    f.post(url("/counterish/x", "op=add"), "1"); // another name that starts alike: not listed
    for (String k : keys) {
      awaitState("/counter/" + k, "1");
    }
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url("/counter", "top=2&fetchState=true"))).GET();
      if (token != null) {
        request.header(InstanceQueryRoutes.CONTINUATION_HEADER, token);
      }
      HttpFixture.Response page = f.send(request);
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      for (JsonNode e : page.json()) {
        assertThat(e.get("entityId").get("name").asText()).isEqualTo("counter");
        assertThat(e.get("state").asInt()).isEqualTo(1);
        assertThat(Instant.parse(e.get("lastOperationTime").asText())).isAfter(before);
        seen.add(e.get("entityId").get("key").asText());
      }
      token = page.header(InstanceQueryRoutes.CONTINUATION_HEADER);
      pages++;
    } while (token != null);
    assertThat(seen).containsExactlyElementsOf(keys);
    assertThat(pages).isEqualTo(3);
    JsonNode withoutState = f.get(url("/counter", "")).json();
    assertThat(withoutState).hasSize(keys.size());
    assertThat(withoutState.get(0).has("state")).isFalse();
    assertThat(f.get(url("/counter", "lastOperationTimeTo=" + before)).json()).isEmpty();
    assertThat(f.get(url("/counter", "lastOperationTimeFrom=" + before)).json()).hasSize(keys.size());
  }

  @Test
  void orchestrationUsingEntities_historyRendersTheEntityEvents() throws Exception {
    String id = f.start("UseCounter", "\"from-orchestration\"");
    f.awaitStatus(id, "Completed");
    awaitState("/counter/from-orchestration", "3");
    JsonNode status = f.get(f.keyed(DurableHttpServer.INSTANCES + "/" + id + "?taskHub=" + HttpFixture.HUB
        + "&showHistory=true&showHistoryOutput=true")).json();
    List<String> kinds = new ArrayList<>();
    status.get("historyEvents").forEach(e -> kinds.add(e.get("EventType").asText()));
    assertThat(kinds).contains("EntityLockRequested", "EntityLockGranted", "EntityOperationCalled",
        "EntityOperationCompleted", "EntityUnlockSent", "EntityOperationSignaled");
    JsonNode request = null;
    for (JsonNode e : status.get("historyEvents")) {
      if (e.get("EventType").asText().equals("EntityLockRequested")) {
        request = e;
      }
    }
    assertThat(request.get("LockSet").isArray()).isTrue();
    assertThat(request.get("LockSet").get(0).asText()).isEqualTo("@counter@from-orchestration");
  }
}
