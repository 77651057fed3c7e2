package io.duraflow.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** How read commands print: a table that fits a terminal, or JSON that scripts can rely on. */
public enum OutputFormat {
  TABLE, JSON;

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int MAX_CELL = 40;

  /** Pretty JSON, in the HTTP API's shapes and key order. */
  public static void json(PrintWriter out, Object value) {
    try {
      out.println(MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new CliException("Cannot print the answer: " + e.getOriginalMessage(), ExitCodes.UNAVAILABLE);
    }
  }

  /** Columns padded to their widest cell; long cells are cut with an ellipsis. */
  public static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    rows.forEach(r -> all.add(r.stream().map(OutputFormat::cell).toList()));
    int[] widths = new int[header.size()];
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(i == row.size() - 1 ? row.get(i) : String.format(java.util.Locale.ROOT, "%-" + widths[i] + "s  ", row.get(i)));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** A JSON value as one short line of text. */
  static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "";
    }
    return node.isTextual() ? node.asText() : node.toString();
  }

  private static String cell(String s) {
    String one = s.replace('\n', ' ');
    return one.length() <= MAX_CELL ? one : one.substring(0, MAX_CELL - 1) + "…";
  }
}
