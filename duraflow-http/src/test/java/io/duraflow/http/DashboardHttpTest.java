package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard over real HTTP: login for a session cookie, the cookie as an alternative to the key, the
 * CSRF rule for state-changing calls, the static files and their headers, and the two API additions the
 * page reads (the history page route and {@code sort}).
 */
class DashboardHttpTest {
  @TempDir static java.nio.file.Path dir;
  static HttpFixture f;

  @BeforeAll
  static void start() {
    f = new HttpFixture(dir, b -> b.trustForwardedHeaders(true));
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static final String SESSION = "/dashboard/session";

  /** A login: the cookie's name=value and the CSRF token. */
  record Login(String cookie, String csrf, String setCookie) {}

  private static Login login() throws Exception {
    HttpFixture.Response r = f.post(f.base() + SESSION, "{\"key\": \"" + HttpFixture.KEY + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String setCookie = r.header("Set-Cookie");
    return new Login(setCookie.split(";", 2)[0], r.json().get("csrfToken").asText(), setCookie);
  }

  private static HttpFixture.Response withCookie(String method, String path, String cookie, String csrf)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.base() + path)).header("Cookie", cookie);
    if (csrf != null) {
      b.header("X-CSRF-Token", csrf);
    }
    b.method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("null") : HttpRequest.BodyPublishers.noBody());
    return f.send(b);
  }

  @Test
  void login_rightKey_setsAnHttpOnlyStrictCookie_andAnswersTheCsrfToken() throws Exception {
    HttpFixture.Response r = f.post(f.base() + SESSION, "{\"key\": \"" + HttpFixture.KEY + "\"}");

    assertThat(r.status()).isEqualTo(200);
    String cookie = r.header("Set-Cookie");
    assertThat(cookie).startsWith(DashboardSession.COOKIE + "=").contains("; HttpOnly").contains("; SameSite=Strict")
        .contains("; Path=/").doesNotContain("Secure").doesNotContain(HttpFixture.KEY);
    Matcher maxAge = Pattern.compile("Max-Age=(\\d+)").matcher(cookie);
    assertThat(maxAge.find()).isTrue();
    assertThat(Long.parseLong(maxAge.group(1))).isPositive();
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.json().get("csrfToken").asText()).isNotBlank().isNotEqualTo(cookie.split("[=;]")[1]);
    assertThat(Instant.parse(r.json().get("expiresAt").asText())).isAfter(Instant.now());

    HttpFixture.Response current = withCookie("GET", SESSION, cookie.split(";", 2)[0], null);
    assertThat(current.status()).isEqualTo(200);
    assertThat(current.json().get("csrfToken").asText()).isEqualTo(r.json().get("csrfToken").asText());
  }

  @Test
  void login_overHttpsThroughATrustedProxy_marksTheCookieSecure() throws Exception {
    HttpFixture.Response r = f.send(HttpRequest.newBuilder(URI.create(f.base() + SESSION))
        .header("X-Forwarded-Proto", "https").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"" + HttpFixture.KEY + "\"}")));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Set-Cookie")).contains("; Secure");
  }

  @Test
  void login_wrongOrMissingKey_refusedWithAMessageAndNoCookie() throws Exception {
    HttpFixture.Response wrong = f.post(f.base() + SESSION, "{\"key\": \"guess\"}");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.header("Set-Cookie")).isNull();
    assertThat(wrong.json().get("message").asText()).contains("not this server's master key");

    HttpFixture.Response missing = f.post(f.base() + SESSION, "{}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("message").asText()).contains("{\"key\": \"...\"}");
    assertThat(f.get(f.base() + SESSION).status()).as("no cookie, no session").isEqualTo(401);
  }

  @Test
  void sessionCookie_authenticatesReads_andIsRefusedWhenForgedExpiredOrFromAnotherKey() throws Exception {
    Login login = login();
    assertThat(withCookie("GET", DurableHttpServer.INSTANCES + "?taskHub=" + HttpFixture.HUB, login.cookie(), null)
        .status()).isEqualTo(200);
    assertThat(withCookie("GET", DurableHttpServer.COUNTS, login.cookie(), null).status()).isEqualTo(200);

    String token = login.cookie().substring(login.cookie().indexOf('=') + 1);
    String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
    Clock past = Clock.fixed(Instant.now().minus(DashboardSession.LIFETIME).minusSeconds(60), ZoneOffset.UTC);
    String expired = new DashboardSession(HttpFixture.KEY, past).issue();
    String otherKey = new DashboardSession("another-master-key", Clock.systemUTC()).issue();
    for (String bad : List.of(forged, expired, otherKey, "garbage")) {
      HttpFixture.Response r = withCookie("GET", DurableHttpServer.INSTANCES, DashboardSession.COOKIE + "=" + bad, null);
      assertThat(r.status()).as(bad).isEqualTo(401);
      assertThat(withCookie("GET", SESSION, DashboardSession.COOKIE + "=" + bad, null).status()).isEqualTo(401);
    }
  }

  @Test
  void stateChangingCallByCookie_needsTheCsrfToken() throws Exception {
    Login login = login();
    String id = f.start("WaitForApproval", null);
    f.awaitStatus(id, "Running");
    String raise = DurableHttpServer.INSTANCES + "/" + id + "/raiseEvent/Approval?taskHub=" + HttpFixture.HUB;

    HttpFixture.Response none = withCookie("POST", raise, login.cookie(), null);
    assertThat(none.status()).isEqualTo(403);
    assertThat(none.json().get("error").asText()).isEqualTo("Forbidden");
    assertThat(none.json().get("message").asText()).contains("X-CSRF-Token");
    assertThat(withCookie("POST", raise, login.cookie(), "wrong-token").status()).isEqualTo(403);
    assertThat(withCookie("POST", raise, login.cookie(), login().csrf()).status())
        .as("the token of another session").isEqualTo(403);
    assertThat(withCookie("DELETE", DurableHttpServer.INSTANCES + "/" + id + "?taskHub=" + HttpFixture.HUB,
        login.cookie(), null).status()).isEqualTo(403);
    assertThat(f.get(f.keyed(DurableHttpServer.INSTANCES + "/" + id + "?taskHub=" + HttpFixture.HUB))
        .json().get("runtimeStatus").asText()).as("nothing was raised").isEqualTo("Running");

    assertThat(withCookie("POST", raise, login.cookie(), login.csrf()).status()).isEqualTo(202);
    assertThat(f.awaitStatus(id, "Completed").json().get("output").get("approved").isNull()).isFalse();
  }

  @Test
  void keyCallers_areUnaffected_evenWithAStaleCookie() throws Exception {
    HttpFixture.Response r = f.send(HttpRequest.newBuilder(URI.create(f.base() + "/api/orchestrators/Hello"))
        .header("x-functions-key", HttpFixture.KEY).header("Cookie", DashboardSession.COOKIE + "=stale")
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    f.awaitStatus(r.json().get("id").asText(), "Completed");
  }

  @Test
  void logout_clearsTheCookie() throws Exception {
    Login login = login();
    HttpFixture.Response r = withCookie("DELETE", SESSION, login.cookie(), null);

    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("Set-Cookie")).startsWith(DashboardSession.COOKIE + "=;").contains("Max-Age=0")
        .contains("HttpOnly").contains("Path=/");
  }

  @Test
  void page_isServedWithItsTypesCacheHeadersAndAPolicyWithoutInlineScript() throws Exception {
    HttpFixture.Response root = f.get(f.base() + "/");
    assertThat(root.status()).isEqualTo(302);
    assertThat(URI.create(f.base() + "/").resolve(root.header("Location")).getPath()).isEqualTo("/dashboard/");
    HttpFixture.Response bare = f.get(f.base() + "/dashboard");
    assertThat(URI.create(f.base() + "/dashboard").resolve(bare.header("Location")).getPath()).isEqualTo("/dashboard/");

    HttpFixture.Response page = f.get(f.base() + "/dashboard/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html").contains("utf-8");
    assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
    String csp = page.header("Content-Security-Policy");
    assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline")
        .doesNotContain("unsafe-eval");
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    // The policy forbids inline script, so the page must have none: every script is a file of its own.
    Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(page.body());
    List<String> sources = new ArrayList<>();
    while (scripts.find()) {
      assertThat(scripts.group(2)).as("inline script").isBlank();
      Matcher src = Pattern.compile("src=\"([^\"]+)\"").matcher(scripts.group(1));
      assertThat(src.find()).as(scripts.group()).isTrue();
      sources.add(src.group(1));
    }
    assertThat(sources).isNotEmpty();
    assertThat(page.body()).doesNotContain(" on" + "click=").doesNotContain("http://").doesNotContain("https://");

    for (String source : sources) {
      HttpFixture.Response js = f.get(URI.create(f.base() + "/dashboard/").resolve(source).toString());
      assertThat(js.status()).as(source).isEqualTo(200);
      assertThat(js.header("Content-Type")).as(source).startsWith("text/javascript");
      assertThat(js.header("ETag")).as(source).isNotBlank();
    }
    HttpFixture.Response css = f.get(f.base() + "/dashboard/assets/dashboard.css");
    assertThat(css.header("Content-Type")).startsWith("text/css");
    HttpFixture.Response again = f.send(HttpRequest.newBuilder(URI.create(f.base() + "/dashboard/assets/dashboard.css"))
        .header("If-None-Match", css.header("ETag")));
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();

    HttpFixture.Response missing = f.get(f.base() + "/dashboard/assets/secret.txt");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("message").asText()).contains("no file 'secret.txt'");
  }

  @Test
  void historyRoute_pagesThroughTheWholeHistory() throws Exception {
    String id = f.start("Hello", null);
    f.awaitStatus(id, "Completed");
    int total = f.client.getHistory(id).size();
    String path = DurableHttpServer.INSTANCES + "/" + id + "/history?taskHub=" + HttpFixture.HUB + "&limit=4";

    List<JsonNode> events = new ArrayList<>();
    Integer offset = 0;
    int pages = 0;
    while (offset != null) {
      JsonNode page = f.get(f.keyed(path + "&offset=" + offset)).json();
      assertThat(page.get("offset").asInt()).isEqualTo(offset);
      page.get("events").forEach(events::add);
      offset = page.get("nextOffset").isNull() ? null : page.get("nextOffset").asInt();
      pages++;
    }

    assertThat(events).hasSize(total);
    assertThat(pages).as("no empty page after the last").isEqualTo((total + 3) / 4);
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).get("Index").asInt()).isEqualTo(i);
    }
    List<String> scheduled = events.stream().filter(e -> e.get("EventType").asText().equals("TaskScheduled"))
        .map(e -> e.get("FunctionName").asText()).toList();
    assertThat(scheduled).containsExactly("SayHello", "SayHello", "SayHello");
    assertThat(events.stream().filter(e -> e.get("EventType").asText().equals("TaskCompleted"))
        .map(e -> e.get("Result").asText())).contains("Hello Tokyo!");

    assertThat(f.get(f.keyed(DurableHttpServer.INSTANCES + "/nope/history?taskHub=" + HttpFixture.HUB)).status())
        .isEqualTo(404);
    HttpFixture.Response bad = f.get(f.keyed(path + "&offset=-1"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("message").asText()).contains("'offset'");
  }

  @Test
  void listing_sortsNewestFirstOnRequest() throws Exception {
    String hub = HttpFixture.freshHub("Sorted");
    List<String> started = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      started.add(f.client.forTaskHub(hub).startNew("Hello", null));
    }
    String list = DurableHttpServer.INSTANCES + "?taskHub=" + hub + "&showInput=false";
    List<String> oldest = ids(f.get(f.keyed(list)).json());
    List<String> newest = ids(f.get(f.keyed(list + "&sort=-createdTime")).json());

    assertThat(oldest).containsExactlyInAnyOrderElementsOf(started);
    List<String> reversed = new ArrayList<>(oldest);
    java.util.Collections.reverse(reversed);
    assertThat(newest).isEqualTo(reversed);
    HttpFixture.Response bad = f.get(f.keyed(list + "&sort=name"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("message").asText()).contains("-createdTime");
  }

  private static List<String> ids(JsonNode array) {
    List<String> ids = new ArrayList<>();
    array.forEach(n -> ids.add(n.get("instanceId").asText()));
    return ids;
  }

}
