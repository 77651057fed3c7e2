package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tags (at start and from code) found by the list and count filters, and the start's id reuse parameters. */
class QueueHttpTest {
  @TempDir Path dir;
  HttpFixture f;
  String hub;

  @BeforeEach
  void start() {
    f = new HttpFixture(dir);
    hub = HttpFixture.freshHub("Tags");
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private HttpFixture.Response startAt(String path) throws Exception {
    return startAt(path, "\"x\"");
  }

  private HttpFixture.Response startAt(String path, String body) throws Exception {
    return f.post(f.keyed("/api/orchestrators/" + path + (path.contains("?") ? "&" : "?") + "taskHub=" + hub), body);
  }

  private String awaitDone(String id) throws Exception {
    f.pollUntil(f.keyed(DurableHttpServer.INSTANCES + "/" + id + "?taskHub=" + hub),
        r -> r.status() == 200 && "Completed".equals(r.json().path("runtimeStatus").asText()));
    return id;
  }

  private List<String> listed(String filter) throws Exception {
    HttpFixture.Response r = f.get(f.keyed(DurableHttpServer.INSTANCES + "?taskHub=" + hub + "&" + filter));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.json().forEach(i -> ids.add(i.get("instanceId").asText()));
    return ids;
  }

  @Test
  void tags_atStartAndFromCode_filterTheListAndCounts() throws Exception {
    String acme = awaitDone(startAt("Echo?tag.customer=acme&tag.Region=EU").json().get("id").asText());
    String globex = awaitDone(startAt("Echo?tag.customer=globex").json().get("id").asText());
    HttpFixture.Response tagged = f.post(f.keyed("/api/orchestrators/TagsItself?taskHub=" + hub + "&tag.customer=acme"),
        "\"shipped\"");
    String self = awaitDone(tagged.json().get("id").asText());

    assertThat(listed("tag.customer=acme")).containsExactlyInAnyOrder(acme, self);
    assertThat(listed("tag.customer=globex")).containsExactly(globex);
    assertThat(listed("tag.Region=EU")).as("the key keeps its case").containsExactly(acme);
    assertThat(listed("tag.region=EU")).isEmpty();
    assertThat(listed("tag.stage=shipped")).as("set by the orchestration").containsExactly(self);
    assertThat(listed("tag.stage=shipped&tag.customer=acme")).containsExactly(self);
    assertThat(listed("tag.stage=shipped&tag.customer=globex")).isEmpty();
    assertThat(listed("name=Echo&tag.customer=acme")).containsExactly(acme);

    HttpFixture.Response counts = f.get(f.keyed(DurableHttpServer.WEBHOOK + "/counts?taskHub=" + hub + "&tag.customer=acme"));
    assertThat(counts.status()).as(counts.body()).isEqualTo(200);
    assertThat(counts.json().get("Completed").asLong()).isEqualTo(2);
  }

  @Test
  void queueAndPriority_onAStart_checked() throws Exception {
    awaitDone(startAt("Echo?queue=reports&priority=3").json().get("id").asText()); // a queue nobody limits
    HttpFixture.Response badPriority = startAt("Echo?queue=reports&priority=high");
    assertThat(badPriority.status()).isEqualTo(400);
    assertThat(badPriority.body()).contains("priority", "integer");
    HttpFixture.Response longName = startAt("Echo?queue=" + "q".repeat(101));
    assertThat(longName.status()).isEqualTo(400);
    assertThat(longName.body()).contains("task queue name").doesNotContain("Exception");
  }

  @Test
  void tags_badKey_400WithAReason() throws Exception {
    HttpFixture.Response r = startAt("Echo?tag." + "k".repeat(300) + "=v");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("tag key").doesNotContain("Exception");
  }

  @Test
  void idReusePolicy_eachValueOverHttp() throws Exception {
    assertThat(startAt("WaitForApproval/x", "\"first\"").status()).isEqualTo(202);
    f.pollUntil(statusUrl("x"), r -> "Running".equals(r.json().path("runtimeStatus").asText()));

    HttpFixture.Response again = startAt("WaitForApproval/x", "\"second\"");
    assertThat(again.status()).as("default: fail if running").isEqualTo(409);
    assertThat(again.body()).contains("'x'").doesNotContain("Exception");

    HttpFixture.Response existing = startAt("WaitForApproval/x?idReusePolicy=USE_EXISTING", "\"second\"");
    assertThat(existing.status()).isEqualTo(202);
    assertThat(existing.json().get("id").asText()).isEqualTo("x");
    assertThat(f.get(statusUrl("x")).json().get("input").asText()).as("not restarted").isEqualTo("first");

    assertThat(startAt("WaitForApproval/x?idReusePolicy=terminate_if_running", "\"third\"").status()).isEqualTo(202);
    f.pollUntil(statusUrl("x"), r -> "third".equals(r.json().path("input").asText())
        && "Running".equals(r.json().path("runtimeStatus").asText()));

    HttpFixture.Response bogus = startAt("WaitForApproval/x?idReusePolicy=sometimes");
    assertThat(bogus.status()).isEqualTo(400);
    assertThat(bogus.body()).contains("idReusePolicy", "FAIL_IF_RUNNING", "TERMINATE_IF_RUNNING", "USE_EXISTING");

    awaitDone(startAt("Echo/done").json().get("id").asText());
    HttpFixture.Response denied = startAt("Echo/done?reuseCompleted=false");
    assertThat(denied.status()).isEqualTo(409);
    assertThat(denied.body()).contains("denies reuse");
    assertThat(startAt("Echo/done?reuseCompleted=false&idReusePolicy=USE_EXISTING").status()).isEqualTo(202);
    assertThat(startAt("Echo/done").status()).as("a finished id is reused by default").isEqualTo(202);
  }

  private String statusUrl(String id) {
    return f.keyed(DurableHttpServer.INSTANCES + "/" + id + "?taskHub=" + hub);
  }
}
