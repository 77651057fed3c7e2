package io.duraflow.bench.peer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The result table: one row per workload figure with a column per side and the Duraflow/DBOS ratios, then the
 * commit ceilings; rendered as plain text or markdown.
 */
final class Report {
  static final String SQLITE = "sqlite";
  static final String POSTGRES = "postgres";
  static final String DBOS = "dbos";

  private record Row(String name, String unit, Boolean higherIsBetter) {}

  private final Map<String, Row> rows = new LinkedHashMap<>();
  private final Map<String, Map<String, Double>> values = new HashMap<>();
  private final Map<String, String> ceilings = new LinkedHashMap<>();
  private final Set<String> failedSides = new TreeSet<>();
  private final List<String> notes = new ArrayList<>();

  /**
   * Records {@code value} (NaN: not measurable on that side, printed n/a) of row {@code name} for {@code side};
   * {@code higherIsBetter} null for a figure that is neither (context).
   */
  void put(String name, String unit, Boolean higherIsBetter, String side, double value) {
    rows.putIfAbsent(name, new Row(name, unit, higherIsBetter));
    values.computeIfAbsent(name, k -> new HashMap<>()).put(side, value);
  }

  void ceiling(String name, double commitsPerSecond) {
    ceilings.put(name, String.format(Locale.ROOT, "%,.0f commits/s", commitsPerSecond));
  }

  void failed(String side) {
    failedSides.add(side);
  }

  void note(String note) {
    notes.add(note);
  }

  private List<String> header() {
    return List.of("workload", "unit", "Duraflow SQLite", "Duraflow PostgreSQL", "DBOS PostgreSQL", "PG/DBOS", "SQLite/DBOS");
  }

  private List<List<String>> body() {
    List<List<String>> out = new ArrayList<>();
    for (Row r : rows.values()) {
      Map<String, Double> v = values.get(r.name());
      out.add(List.of(r.name(), r.unit() + (r.higherIsBetter() == null ? "" : r.higherIsBetter() ? " (higher better)" : " (lower better)"),
          cell(v, SQLITE, r.unit()), cell(v, POSTGRES, r.unit()), cell(v, DBOS, r.unit()),
          ratio(v, POSTGRES), ratio(v, SQLITE)));
    }
    return out;
  }

  private String cell(Map<String, Double> v, String side, String unit) {
    Double d = v.get(side);
    if (d == null) {
      return failedSides.contains(side) ? "error" : "-";
    }
    if (d.isNaN()) {
      return "n/a";
    }
    return format(d, unit);
  }

  private static String ratio(Map<String, Double> v, String side) {
    Double a = v.get(side);
    Double b = v.get(DBOS);
    if (a == null || b == null || a.isNaN() || b.isNaN() || b == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2f", a / b);
  }

  static String format(double d, String unit) {
    return switch (unit) {
      case "instances/s", "commits/s" -> d >= 100 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.1f", d);
      case "ms" -> d >= 100 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.2f", d);
      case "tx/instance" -> String.format(Locale.ROOT, "%.1f", d);
      case "tx/s" -> d >= 100 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.1f", d);
      default -> String.format(Locale.ROOT, "%.2f", d);
    };
  }

  private List<String> legend() {
    List<String> l = new ArrayList<>();
    l.add("Ratios are Duraflow's figure divided by DBOS's: above 1 is better for Duraflow in instances/s, worse in ms and s.");
    l.add("Transactions: on PostgreSQL the delta of pg_stat_database.xact_commit of the side's own database (every committed"
        + " transaction, read-only ones included, background pollers included); on SQLite the store's committed write operations"
        + " (atomic store transactions; group commit shares one SQLite commit among several).");
    l.add("'n/a': no transaction counter on that store; '-': not run; 'error': the side failed (see the log above).");
    l.addAll(notes);
    return l;
  }

  String text() {
    StringBuilder sb = new StringBuilder();
    List<List<String>> table = new ArrayList<>();
    table.add(header());
    table.addAll(body());
    int[] width = new int[header().size()];
    for (List<String> row : table) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    for (int r = 0; r < table.size(); r++) {
      List<String> row = table.get(r);
      for (int i = 0; i < row.size(); i++) {
        String c = row.get(i);
        sb.append(i < 2 ? pad(c, width[i]) : lpad(c, width[i])).append(i + 1 < row.size() ? "  " : "");
      }
      sb.append('\n');
      if (r == 0) {
        int total = 0;
        for (int w : width) {
          total += w + 2;
        }
        sb.append("-".repeat(total - 2)).append('\n');
      }
    }
    if (!ceilings.isEmpty()) {
      sb.append("\nCommit ceilings (single-row INSERT transactions in a loop, same run):\n");
      int w = ceilings.keySet().stream().mapToInt(String::length).max().orElse(0);
      ceilings.forEach((k, v) -> sb.append("  ").append(pad(k, w)).append("  ").append(v).append('\n'));
    }
    sb.append('\n');
    legend().forEach(l -> sb.append(l).append('\n'));
    return sb.toString();
  }

  String markdown(String title, List<String> preamble) {
    StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
    preamble.forEach(l -> sb.append("- ").append(l.replace("|", "\\|")).append('\n'));
    sb.append('\n');
    List<String> h = header();
    sb.append("| ").append(String.join(" | ", h)).append(" |\n|");
    for (int i = 0; i < h.size(); i++) {
      sb.append(i < 2 ? "---|" : "---:|");
    }
    sb.append('\n');
    for (List<String> row : body()) {
      sb.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    if (!ceilings.isEmpty()) {
      sb.append("\n| commit ceiling (single-row INSERT transactions, same run) | rate |\n|---|---:|\n");
      ceilings.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    }
    sb.append('\n');
    legend().forEach(l -> sb.append(l).append("\n\n"));
    return sb.toString();
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - s.length()));
  }

  private static String lpad(String s, int w) {
    return " ".repeat(Math.max(0, w - s.length())) + s;
  }
}
