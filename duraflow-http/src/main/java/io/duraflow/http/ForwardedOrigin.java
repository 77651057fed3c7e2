package io.duraflow.http;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The origin a client used in front of a reverse proxy, from the proxy's headers: RFC 7239
 * {@code Forwarded} ({@code proto=https;host=api.example.com}, first element), else the de-facto
 * {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code X-Forwarded-Prefix}. Only values of a safe
 * shape are used, since they are echoed into the URIs of answers; anything else falls back to what the
 * server saw itself.
 */
final class ForwardedOrigin {
  /** Path segments of unreserved characters, none of them "." or "..". */
  private static final Pattern PREFIX = Pattern.compile("(/(?!\\.{1,2}(/|$))[A-Za-z0-9._~\\-]+)+");

  private ForwardedOrigin() {}

  /**
   * {@code scheme://host[:port][/prefix]} from the headers, each part falling back to {@code scheme} and
   * {@code host} as the server saw them.
   *
   * @param header reads a request header (null when absent)
   */
  static String origin(java.util.function.Function<String, String> header, String scheme, String host) {
    String proto = null;
    String forwardedHost = null;
    String forwarded = header.apply("Forwarded");
    if (forwarded != null) {
      String first = forwarded.split(",", 2)[0];
      for (String pair : first.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          String name = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
          String value = unquote(pair.substring(eq + 1).strip());
          if (name.equals("proto")) {
            proto = value;
          } else if (name.equals("host")) {
            forwardedHost = value;
          }
        }
      }
    }
    if (proto == null) {
      proto = firstValue(header.apply("X-Forwarded-Proto"));
    }
    if (forwardedHost == null) {
      forwardedHost = firstValue(header.apply("X-Forwarded-Host"));
    }
    String prefix = firstValue(header.apply("X-Forwarded-Prefix"));
    String useScheme = proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))
        ? proto.toLowerCase(Locale.ROOT) : scheme;
    String useHost = forwardedHost != null && ApiRequest.HOST_HEADER.matcher(forwardedHost).matches() ? forwardedHost : host;
    String usePrefix = prefix != null && PREFIX.matcher(prefix).matches() ? prefix : "";
    return useScheme + "://" + useHost + usePrefix;
  }

  private static String firstValue(String header) {
    return header == null ? null : header.split(",", 2)[0].strip();
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1) : value;
  }
}
