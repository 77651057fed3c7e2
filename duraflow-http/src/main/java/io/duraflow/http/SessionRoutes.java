package io.duraflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's login: {@code POST /dashboard/session} exchanges the master key ({@code {"key":
 * "..."}}) for the session cookie, {@code GET /dashboard/session} tells the page whether it is logged in
 * and hands it the CSRF token, {@code DELETE /dashboard/session} clears the cookie. The key itself never
 * leaves the login form: the page keeps only the cookie it cannot read and the CSRF token.
 */
final class SessionRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRoutes.class);

  private final RequestBody bodies;
  private final ObjectMapper mapper;
  private final InstanceAnswers answers;
  private final KeyCheck keyCheck;
  private final DashboardSession sessions;

  SessionRoutes(RequestBody bodies, ObjectMapper mapper, InstanceAnswers answers, KeyCheck keyCheck,
      DashboardSession sessions) {
    this.bodies = bodies;
    this.mapper = mapper;
    this.answers = answers;
    this.keyCheck = keyCheck;
    this.sessions = sessions;
  }

  void login(ApiRequest request) throws Exception {
    JsonNode body = bodies.requiredJson(bodies.read(request.ctx()), "the login");
    JsonNode key = body.isObject() ? body.get("key") : null;
    if (key == null || !key.isTextual() || key.asText().isBlank()) {
      throw RejectedRequestException.badRequest("Send the master key as {\"key\": \"...\"}.");
    }
    noStore(request);
    if (!keyCheck.matches(key.asText().strip())) {
      LOG.info("Dashboard login refused: wrong key (from {})", request.ctx().req().getRemoteAddr());
      throw new RejectedRequestException(ApiProblem.UNAUTHORIZED, "That is not this server's master key. It is"
          + " the value of --key or DURAFLOW_KEY, or the contents of master.key in the data directory.");
    }
    String token = sessions.issue();
    request.ctx().header("Set-Cookie", DashboardSession.setCookie(token, secure(request)));
    answers.json(request.ctx(), 200, session(token, sessions.expiresAt(token)));
  }

  void current(ApiRequest request) throws Exception {
    noStore(request);
    String token = DashboardSession.fromCookies(request.ctx().header("Cookie"));
    Instant expiresAt = sessions.expiresAt(token);
    if (expiresAt == null) {
      throw new RejectedRequestException(ApiProblem.UNAUTHORIZED, "Not logged in, or the session has expired: log in with the master key.");
    }
    answers.json(request.ctx(), 200, session(token, expiresAt));
  }

  void logout(ApiRequest request) {
    noStore(request);
    request.ctx().header("Set-Cookie", DashboardSession.setCookie(null, secure(request)));
    request.ctx().status(204);
  }

  private ObjectNode session(String token, Instant expiresAt) {
    ObjectNode node = mapper.createObjectNode();
    node.put("csrfToken", sessions.csrfToken(token));
    node.put("expiresAt", StatusJson.time(expiresAt));
    return node;
  }

  /** The CSRF token must never sit in a shared cache. */
  private static void noStore(ApiRequest request) {
    request.ctx().header("Cache-Control", "no-store");
  }

  /** Over https, as the browser sees it: directly, or through a proxy whose forwarded headers are trusted. */
  private static boolean secure(ApiRequest request) {
    return request.origin().startsWith("https://");
  }
}
