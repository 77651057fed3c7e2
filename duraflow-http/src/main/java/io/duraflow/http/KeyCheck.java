package io.duraflow.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks the key of a starter or management call: the {@code x-functions-key} header or the {@code code}
 * query parameter, as the Functions host accepts them, or else the dashboard's session cookie ({@link
 * DashboardSession}). A call authenticated by the cookie that changes state (any method but GET and HEAD)
 * must also carry the session's CSRF token: a browser sends the cookie with requests another site makes it
 * send, but that site cannot read the token.
 *
 * <p>Keys are compared as SHA-256 digests with {@link MessageDigest#isEqual}, which takes the same time
 * whatever the contents; comparing digests rather than the keys also hides the key's length. A refusal
 * never says whether the key was missing or wrong.
 */
final class KeyCheck {
  static final String HEADER = "x-functions-key";
  static final String QUERY_PARAMETER = "code";

  private final byte[] expectedDigest;
  private final DashboardSession sessions;

  KeyCheck(String masterKey, DashboardSession sessions) {
    this.expectedDigest = digest(masterKey);
    this.sessions = sessions;
  }

  /**
   * @throws RejectedRequestException 401 unless the request presents the master key or a valid session
   *     cookie; 403 for a state-changing call by cookie without its CSRF token
   */
  void require(ApiRequest request) {
    String header = request.ctx().header(HEADER);
    String code = request.query().first(QUERY_PARAMETER);
    // Evaluate both, so that timing does not reveal which one was tried.
    boolean headerOk = matches(header);
    boolean codeOk = matches(code);
    if (headerOk | codeOk) {
      return;
    }
    String session = DashboardSession.fromCookies(request.ctx().header("Cookie"));
    if (session == null || !sessions.valid(session)) {
      throw new RejectedRequestException(ApiProblem.UNAUTHORIZED,
          "A valid key is required: pass it in the 'code' query parameter or the 'x-functions-key' header.");
    }
    String method = request.ctx().method().name();
    if (!method.equals("GET") && !method.equals("HEAD")
        && !sessions.csrfMatches(session, request.ctx().header(DashboardSession.CSRF_HEADER))) {
      throw new RejectedRequestException(ApiProblem.FORBIDDEN, "This call is authenticated by the dashboard's"
          + " session cookie, so it must carry the session's CSRF token in the '" + DashboardSession.CSRF_HEADER
          + "' header (GET /dashboard/session answers it); reload the dashboard, or call with the key instead.");
    }
  }

  boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(expectedDigest, digest(presented));
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime provides SHA-256", e);
    }
  }
}
