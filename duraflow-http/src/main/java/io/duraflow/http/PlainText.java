package io.duraflow.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns text that came from libraries (Jackson's parse errors, the engine's argument errors, Jetty's
 * reasons) into messages fit for API clients: no Java type names, no configuration hints about Jackson
 * features, no request secrets, no query strings.
 */
final class PlainText {
  /** Jackson's "[Source: ...; line: 1, column: 2]" location, whose source part names a Java feature. */
  private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?(?:; line: (\\d+), column: (\\d+))?\\]");
  /** Jackson's hints such as "enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow". */
  private static final Pattern FEATURE_HINT = Pattern.compile("[:;,]?\\s*\\(?(?:enable|disable|use|from) `[^`]*`[^.;)]*\\)?");
  /** A JVM binary array name, as {@code Class.getName()} gives it: {@code [Ljava.lang.String;}. */
  private static final Pattern BINARY_ARRAY = Pattern.compile("\\[+(?:L[\\w.$]+;|[BCDFIJSZ]\\b)");
  /** A type name in backticks, as Jackson quotes them: `java.util.LinkedHashMap<java.lang.String,...>`. */
  private static final Pattern QUOTED_TYPE = Pattern.compile("`([^`]*)`");
  /** A fully qualified Java name outside quotes. */
  private static final Pattern QUALIFIED = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+([A-Z][\\w$]*)(?:\\[\\])?");
  /** An exception's simple name, as {@code Throwable.toString()} puts it in front of a message. */
  private static final Pattern EXCEPTION_NAME = Pattern.compile("\\b[A-Z]\\w*(?:Exception|Error)\\b:?\\s*");
  /** JSON's names for the Java types Jackson mentions. */
  private static final Map<String, String> JSON_KINDS = Map.ofEntries(
      Map.entry("String", "string"), Map.entry("Character", "string"), Map.entry("char", "string"),
      Map.entry("Integer", "integer"), Map.entry("int", "integer"), Map.entry("Long", "integer"),
      Map.entry("long", "integer"), Map.entry("Short", "integer"), Map.entry("short", "integer"),
      Map.entry("BigInteger", "integer"), Map.entry("Byte", "integer"), Map.entry("byte", "integer"),
      Map.entry("Double", "number"), Map.entry("double", "number"), Map.entry("Float", "number"),
      Map.entry("float", "number"), Map.entry("BigDecimal", "number"), Map.entry("Number", "number"),
      Map.entry("Boolean", "boolean"), Map.entry("boolean", "boolean"),
      Map.entry("Map", "object"), Map.entry("HashMap", "object"), Map.entry("LinkedHashMap", "object"),
      Map.entry("ObjectNode", "object"), Map.entry("List", "array"), Map.entry("ArrayList", "array"),
      Map.entry("Collection", "array"), Map.entry("Set", "array"), Map.entry("ArrayNode", "array"),
      Map.entry("JsonNode", "JSON value"), Map.entry("Object", "JSON value"));

  /** Longer messages are cut: they are for people, and the patterns above must not run over megabytes. */
  static final int MAX_MESSAGE_LENGTH = 2000;

  private PlainText() {}

  /** A user message for a body that failed to parse as JSON. */
  static String jsonProblem(JsonProcessingException e, int maxDepth) {
    if (e instanceof StreamConstraintsException) {
      String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
      if (m.startsWith("Document nesting depth")) {
        return "The request body is nested more than " + maxDepth + " levels deep (nesting of arrays and"
            + " objects); the limit is " + maxDepth + ".";
      }
      if (m.startsWith("Number value length")) {
        return "The request body holds a number of more than " + JsonLimits.MAX_NUMBER_LENGTH
            + " digits; send it as a string.";
      }
      return "The request body exceeds a JSON size limit (" + withoutJavaNames(m) + ").";
    }
    JsonLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return "The request body is not valid JSON" + where + ": " + withoutJavaNames(e.getOriginalMessage());
  }

  /**
   * {@code text} without Java type names, Jackson feature hints or source descriptions; at most {@link
   * #MAX_MESSAGE_LENGTH} characters of it, which also keeps the patterns' work bounded.
   */
  static String withoutJavaNames(String text) {
    if (text == null || text.isBlank()) {
      return "no details";
    }
    if (text.length() > MAX_MESSAGE_LENGTH) {
      text = text.substring(0, MAX_MESSAGE_LENGTH) + "...";
    }
    String s = SOURCE.matcher(text).replaceAll(m -> m.group(1) == null ? "the input"
        : "line " + m.group(1) + ", column " + m.group(2));
    s = FEATURE_HINT.matcher(s).replaceAll("");
    s = BINARY_ARRAY.matcher(s).replaceAll("array");
    s = QUOTED_TYPE.matcher(s).replaceAll(m -> Matcher.quoteReplacement(kind(m.group(1))));
    s = QUALIFIED.matcher(s).replaceAll(m -> Matcher.quoteReplacement(kind(m.group())));
    s = EXCEPTION_NAME.matcher(s).replaceAll("");
    s = s.trim();
    return s.isEmpty() ? "no details" : s;
  }

  /** The JSON kind a (possibly qualified, generic or array) Java type name stands for. */
  private static String kind(String type) {
    String t = type.trim();
    boolean array = t.endsWith("[]") || t.startsWith("[");
    int generic = t.indexOf('<');
    if (generic >= 0) {
      t = t.substring(0, generic);
    }
    t = t.replace("[]", "");
    String simple = t.substring(t.lastIndexOf('.') + 1);
    if (t.startsWith("JsonToken.")) {
      return simple.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
    if (array) {
      return "array";
    }
    if (!t.contains(".") && !JSON_KINDS.containsKey(simple)) {
      // Not a type (Jackson also quotes tokens such as `true`): keep it.
      return t.isEmpty() ? "" : "'" + t + "'";
    }
    return JSON_KINDS.getOrDefault(simple, "value of the expected shape");
  }

  /**
   * {@code text} with every occurrence of {@code secret} masked, for messages that may echo request data
   * (Jetty's reasons quote the request line).
   */
  static String redact(String text, String secret) {
    if (text == null || secret == null || secret.isEmpty()) {
      return text;
    }
    return text.replace(secret, "[redacted]");
  }

  /** The path of a request target without its query, control characters or excess length, fit for logs and messages. */
  static String safePath(String target) {
    if (target == null) {
      return "";
    }
    int query = target.indexOf('?');
    String path = query < 0 ? target : target.substring(0, query);
    StringBuilder sb = new StringBuilder(Math.min(path.length(), 200));
    for (int i = 0; i < path.length() && sb.length() < 200; i++) {
      char c = path.charAt(i);
      sb.append(Character.isISOControl(c) ? '?' : c);
    }
    if (path.length() > 200) {
      sb.append("...");
    }
    return sb.toString();
  }
}
