package io.duraflow.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The dashboard's browser session: a stateless token in an HttpOnly cookie, and the CSRF token that goes
 * with it.
 *
 * <p>A session token is {@code v1.<expiry epoch seconds>.<random nonce>.<HMAC-SHA256>}, signed with a key
 * derived from the master key (HMAC of a fixed label). Nothing is stored: every node that shares the
 * master key accepts the sessions of every other, so a load balancer needs no stickiness, and changing the
 * master key ends every session. The CSRF token is an HMAC of the session token under a second derived
 * key: the page learns it from {@code GET /dashboard/session} (a same-origin read another site cannot
 * make) and sends it in {@link #CSRF_HEADER} with every state-changing call. Both are compared in
 * constant time. Thread-safe.
 */
final class DashboardSession {
  static final String COOKIE = "duraflow_session";
  static final String CSRF_HEADER = "X-CSRF-Token";
  /** How long a login lasts; the page asks for the key again afterwards. */
  static final Duration LIFETIME = Duration.ofHours(12);
  private static final String VERSION = "v1";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec sessionKey;
  private final SecretKeySpec csrfKey;
  private final Clock clock;

  DashboardSession(String masterKey, Clock clock) {
    byte[] master = masterKey.getBytes(StandardCharsets.UTF_8);
    // Separate keys per purpose, so a CSRF token can never pass as a session signature or the reverse.
    this.sessionKey = new SecretKeySpec(hmac(new SecretKeySpec(master, "HmacSHA256"), "duraflow dashboard session v1"),
        "HmacSHA256");
    this.csrfKey = new SecretKeySpec(hmac(new SecretKeySpec(master, "HmacSHA256"), "duraflow dashboard csrf v1"),
        "HmacSHA256");
    this.clock = clock;
  }

  /** A new session token that expires {@link #LIFETIME} from now. */
  String issue() {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String payload = VERSION + "." + clock.instant().plus(LIFETIME).getEpochSecond() + "." + B64.encodeToString(nonce);
    return payload + "." + B64.encodeToString(hmac(sessionKey, payload));
  }

  /** True when {@code token} was issued with this master key and has not expired. */
  boolean valid(String token) {
    return expiresAt(token) != null;
  }

  /** When {@code token} expires, or null if it is not a valid, unexpired session token. */
  Instant expiresAt(String token) {
    if (token == null) {
      return null;
    }
    int lastDot = token.lastIndexOf('.');
    if (lastDot < 0) {
      return null;
    }
    String payload = token.substring(0, lastDot);
    byte[] presented = token.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = B64.encodeToString(hmac(sessionKey, payload)).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, presented)) {
      return null;
    }
    String[] parts = payload.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(VERSION)) {
      return null;
    }
    try {
      Instant expiry = Instant.ofEpochSecond(Long.parseLong(parts[1]));
      return expiry.isAfter(clock.instant()) ? expiry : null;
    } catch (NumberFormatException | java.time.DateTimeException e) {
      return null;
    }
  }

  /** The CSRF token of session {@code token}. */
  String csrfToken(String token) {
    return B64.encodeToString(hmac(csrfKey, token));
  }

  /** True when {@code presented} is the CSRF token of session {@code token}, compared in constant time. */
  boolean csrfMatches(String token, String presented) {
    return presented != null && MessageDigest.isEqual(
        csrfToken(token).getBytes(StandardCharsets.US_ASCII), presented.strip().getBytes(StandardCharsets.UTF_8));
  }

  /** The session token of the request's {@link #COOKIE} cookie, or null. */
  static String fromCookies(String cookieHeader) {
    if (cookieHeader == null) {
      return null;
    }
    for (String pair : cookieHeader.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).strip().equals(COOKIE)) {
        return pair.substring(eq + 1).strip();
      }
    }
    return null;
  }

  /**
   * The {@code Set-Cookie} value carrying {@code token}, or clearing the cookie when {@code token} is null.
   * {@code Secure} when the browser reached us over https (directly or through a trusted proxy): a cookie
   * marked Secure on plain http would be dropped by the browser, and the login would silently fail.
   */
  static String setCookie(String token, boolean secure) {
    String value = token == null ? "" : token;
    long maxAge = token == null ? 0 : LIFETIME.toSeconds();
    return COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
  }

  private static byte[] hmac(SecretKeySpec key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Every Java runtime provides HmacSHA256", e);
    }
  }
}
