package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListAndPurgeHttpTest {
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

  static String instances(String hub) {
    return f.keyed(DurableHttpServer.INSTANCES + "/?taskHub=" + hub);
  }

  /** Starts {@code n} Echo instances in {@code hub} with ids {@code prefix-i} and waits until they finish. */
  static List<String> startFinished(String hub, String prefix, int n) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      HttpFixture.Response r = f.post(f.keyed("/api/orchestrators/Echo/" + prefix + "-" + i + "?taskHub=" + hub), String.valueOf(i));
      assertThat(r.status()).as(r.body()).isEqualTo(202);
      ids.add(r.json().get("id").asText());
    }
    for (String id : ids) {
      f.pollUntil(f.keyed(DurableHttpServer.INSTANCES + "/" + id + "?taskHub=" + hub), r -> r.status() == 200);
    }
    return ids;
  }

  /** What the Durable Functions clients do: re-request the same URL while a continuation token comes back. */
  static List<JsonNode> listAllPages(String url, List<Integer> pageSizes) throws Exception {
    List<JsonNode> all = new ArrayList<>();
    String token = null;
    for (int page = 0; page < 100; page++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
      if (token != null) {
        request.header("x-ms-continuation-token", token);
      }
      HttpFixture.Response r = f.send(request);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      r.json().forEach(all::add);
      pageSizes.add(r.json().size());
      token = r.header("x-ms-continuation-token");
      if (token == null || token.isEmpty()) {
        return all;
      }
    }
    throw new AssertionError("The continuation token never ran out");
  }

  @Test
  void list_trailingSlashAndContinuationLoop_returnsEveryInstanceOnceAndLastPageHasNoToken() throws Exception {
    String hub = HttpFixture.freshHub("ListHub");
    List<String> ids = startFinished(hub, "page", 5);
    List<Integer> pageSizes = new ArrayList<>();

    List<JsonNode> all = listAllPages(instances(hub) + "&top=2", pageSizes);

    assertThat(all).extracting(n -> n.get("instanceId").asText()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(pageSizes).allMatch(n -> n <= 2);
    assertThat(pageSizes.size()).isGreaterThanOrEqualTo(3);
    assertThat(all.get(0).fieldNames()).toIterable().containsExactlyElementsOf(ManagementHttpTest.STATUS_KEYS);
  }

  @Test
  void list_withoutTrailingSlash_sameAnswer() throws Exception {
    String hub = HttpFixture.freshHub("ListHub");
    startFinished(hub, "slash", 2);

    HttpFixture.Response withSlash = f.get(instances(hub));
    HttpFixture.Response without = f.get(f.keyed(DurableHttpServer.INSTANCES + "?taskHub=" + hub));

    assertThat(withSlash.status()).isEqualTo(200);
    assertThat(without.status()).isEqualTo(200);
    assertThat(without.json().size()).isEqualTo(2);
    assertThat(withSlash.json().size()).isEqualTo(2);
    assertThat(without.header("x-ms-continuation-token")).isNull();
  }

  @Test
  void list_filters_runtimeStatusListPrefixAndCreatedTimes() throws Exception {
    String hub = HttpFixture.freshHub("ListHub");
    Instant before = Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
    startFinished(hub, "done", 2);
    HttpFixture.Response waiting = f.post(f.keyed("/api/orchestrators/WaitForApproval/wait-0?taskHub=" + hub), null);
    String waitingStatus = waiting.json().get("statusQueryGetUri").asText();
    f.pollUntil(waitingStatus, r -> r.json().get("runtimeStatus").asText().equals("Running"));

    JsonNode running = f.get(instances(hub) + "&runtimeStatus=Running,Pending").json();
    JsonNode completedOrRunning = f.get(instances(hub) + "&runtimeStatus=Completed,Running").json();
    JsonNode prefixed = f.get(instances(hub) + "&instanceIdPrefix=done-").json();
    JsonNode inRange = f.get(instances(hub) + "&createdTimeFrom=" + before + "&createdTimeTo="
        + Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.MILLIS)).json();
    JsonNode future = f.get(instances(hub) + "&createdTimeFrom=2999-01-01T00:00:00.000Z").json();
    JsonNode withoutInput = f.get(instances(hub) + "&instanceIdPrefix=done-&showInput=false").json();

    assertThat(running).extracting(n -> n.get("instanceId").asText()).containsExactly("wait-0");
    assertThat(completedOrRunning).hasSize(3);
    assertThat(prefixed).extracting(n -> n.get("instanceId").asText()).containsExactlyInAnyOrder("done-0", "done-1");
    assertThat(inRange).hasSize(3);
    assertThat(future).isEmpty();
    assertThat(prefixed.get(0).get("input").isNull()).isFalse();
    assertThat(withoutInput.get(0).get("input").isNull()).isTrue();
    f.post(waiting.json().get("terminatePostUri").asText().replace("{text}", "done"), null);
  }

  @Test
  void list_badRuntimeStatusOrTimeOrTop_400() throws Exception {
    assertThat(f.get(instances(HttpFixture.HUB) + "&runtimeStatus=Sleeping").status()).isEqualTo(400);
    assertThat(f.get(instances(HttpFixture.HUB) + "&createdTimeFrom=yesterday").status()).isEqualTo(400);
    assertThat(f.get(instances(HttpFixture.HUB) + "&top=0").status()).isEqualTo(400);
    assertThat(f.get(instances(HttpFixture.HUB) + "&top=many").status()).isEqualTo(400);
  }

  @Test
  void purgeOne_finished_200ThenGone404() throws Exception {
    String hub = HttpFixture.freshHub("PurgeHub");
    String id = startFinished(hub, "purge-one", 1).get(0);
    String uri = f.keyed(DurableHttpServer.INSTANCES + "/" + id + "?taskHub=" + hub);

    HttpFixture.Response r = f.delete(uri);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().toString()).isEqualTo("{\"instancesDeleted\":1}");
    assertThat(f.get(uri).status()).isEqualTo(404);
    assertThat(f.delete(uri).status()).isEqualTo(404);
  }

  @Test
  void purgeOne_viaPurgeHistoryDeleteUri() throws Exception {
    HttpFixture.Response started = f.post(f.keyed("/api/orchestrators/Echo"), null);
    String statusUri = started.json().get("statusQueryGetUri").asText();
    f.pollUntil(statusUri, r -> r.status() == 200);

    assertThat(f.delete(started.json().get("purgeHistoryDeleteUri").asText()).status()).isEqualTo(200);
    assertThat(f.get(statusUri).status()).isEqualTo(404);
  }

  @Test
  void purgeOne_notFinished_412() throws Exception {
    HttpFixture.Response started = f.post(f.keyed("/api/orchestrators/WaitForApproval"), null);

    HttpFixture.Response r = f.delete(started.json().get("purgeHistoryDeleteUri").asText());

    assertThat(r.status()).isEqualTo(412);
    assertThat(r.json().get("error").asText()).isEqualTo("PreconditionFailed");
    f.post(started.json().get("terminatePostUri").asText().replace("{text}", "done"), null);
  }

  @Test
  void purgeByFilter_deletesMatching_thenNothingLeft404() throws Exception {
    String hub = HttpFixture.freshHub("PurgeHub");
    startFinished(hub, "bulk", 3);
    String filter = instances(hub) + "&createdTimeFrom=2000-01-01T00:00:00.000Z&runtimeStatus=Completed,Failed,Terminated";

    HttpFixture.Response r = f.delete(filter);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("instancesDeleted").asInt()).isEqualTo(3);
    assertThat(f.get(instances(hub)).json()).isEmpty();
    HttpFixture.Response again = f.delete(filter);
    assertThat(again.status()).isEqualTo(404);
  }

  @Test
  void purgeByFilter_badFilter_400() throws Exception {
    assertThat(f.delete(instances(HttpFixture.HUB) + "&createdTimeFrom=last-week").status()).isEqualTo(400);
    assertThat(f.delete(instances(HttpFixture.HUB) + "&runtimeStatus=Done").status()).isEqualTo(400);
  }

  @Test
  void purgeByFilter_statusFilter_keepsOthers() throws Exception {
    String hub = HttpFixture.freshHub("PurgeHub");
    startFinished(hub, "keep", 2);

    HttpFixture.Response r = f.delete(instances(hub) + "&runtimeStatus=Failed");

    assertThat(r.status()).isEqualTo(404);
    Set<String> left = new HashSet<>();
    f.get(instances(hub)).json().forEach(n -> left.add(n.get("instanceId").asText()));
    assertThat(left).containsExactlyInAnyOrder("keep-0", "keep-1");
  }
}
