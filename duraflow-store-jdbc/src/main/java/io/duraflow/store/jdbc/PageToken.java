package io.duraflow.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Keyset position: the last row of the previous page, as opaque base64url text. */
record PageToken(long createdAtMillis, String instanceId) {
  String encode() {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("1:" + createdAtMillis + ":" + instanceId).getBytes(StandardCharsets.UTF_8));
  }

  static PageToken decode(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = text.split(":", 3);
      if (parts.length != 3 || !parts[0].equals("1")) {
        throw new IllegalArgumentException("unknown format");
      }
      return new PageToken(Long.parseLong(parts[1]), parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid continuation token '" + token + "'; pass the token of the previous page unchanged", e);
    }
  }
}
