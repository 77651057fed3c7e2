package io.duraflow.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query parameters of a request, decoded leniently.
 *
 * <p>Durable Functions clients fill the {@code reason={text}} templates of the check-status URIs with
 * raw text, so a reason may arrive with a bare {@code %}, a literal {@code {text}} or other characters
 * that a strict decoder rejects. Valid {@code %XX} escapes are decoded, {@code +} is a space, and
 * anything else is kept as it came. Parameter names match case-insensitively, as in the Functions host.
 */
final class QueryString {
  private final Map<String, List<String>> params;
  /** The parameters with their names as written, for names that carry data ({@code tag.KEY}). */
  private final List<Map.Entry<String, String>> asWritten;

  private QueryString(Map<String, List<String>> params, List<Map.Entry<String, String>> asWritten) {
    this.params = params;
    this.asWritten = asWritten;
  }

  static QueryString parse(String rawQuery) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    List<Map.Entry<String, String>> asWritten = new ArrayList<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        params.computeIfAbsent(name.toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>()).add(value);
        asWritten.add(Map.entry(name, value));
      }
    }
    return new QueryString(params, asWritten);
  }

  /** The first value of {@code name}, or null when absent. */
  String first(String name) {
    List<String> values = params.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The first non-blank value of {@code name}, or null. */
  String firstNonBlank(String name) {
    String v = first(name);
    return v == null || v.isBlank() ? null : v;
  }

  /** Every value of {@code name}, in order; empty when absent. */
  List<String> all(String name) {
    return params.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
  }

  /**
   * The parameters whose names start with {@code prefix} (matched case-insensitively), by the rest of the
   * name as written (case kept: {@code tag.Region=eu} gives {@code Region}); the first value of a name wins.
   */
  Map<String, String> prefixed(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : asWritten) {
      String name = e.getKey();
      if (name.length() > prefix.length() && name.regionMatches(true, 0, prefix, 0, prefix.length())) {
        out.putIfAbsent(name.substring(prefix.length()), e.getValue());
      }
    }
    return out;
  }

  static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        out.write(' ');
      } else if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
        out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
