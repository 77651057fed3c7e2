package io.duraflow.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks the key of a starter or management call: the {@code x-functions-key} header or the {@code code}
 * query parameter, as the Functions host accepts them.
 *
 * <p>Keys are compared as SHA-256 digests with {@link MessageDigest#isEqual}, which takes the same time
 * whatever the contents; comparing digests rather than the keys also hides the key's length. A refusal
 * never says whether the key was missing or wrong.
 */
final class KeyCheck {
  static final String HEADER = "x-functions-key";
  static final String QUERY_PARAMETER = "code";

  private final byte[] expectedDigest;

  KeyCheck(String masterKey) {
    this.expectedDigest = digest(masterKey);
  }

  /** @throws RejectedRequestException 401 unless the request presents the master key */
  void require(ApiRequest request) {
    String header = request.ctx().header(HEADER);
    String code = request.query().first(QUERY_PARAMETER);
    // Evaluate both, so that timing does not reveal which one was tried.
    boolean headerOk = matches(header);
    boolean codeOk = matches(code);
    if (!(headerOk | codeOk)) {
      throw new RejectedRequestException(ApiProblem.UNAUTHORIZED,
          "A valid key is required: pass it in the 'code' query parameter or the 'x-functions-key' header.");
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
