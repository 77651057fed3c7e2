package io.duraflow.engine;

import io.duraflow.client.DurableClient;
import io.duraflow.history.ExecutionCompleted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskFailed;
import io.duraflow.history.TaskScheduled;
import io.duraflow.history.TimerFired;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the chaos suite checks once every instance is done: the store's rows over plain JDBC (nothing
 * left behind), each instance's history (one completion, each task answered once), and the run log
 * (every activity call ran, and every re-run follows a kill or a connection cut).
 */
final class ChaosChecks {
  private ChaosChecks() {}

  /** {@code millis} as the nodes' logs show times: HH:mm:ss.SSS in the default time zone. */
  static String timeOfDay(long millis) {
    return java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
        .format(Instant.ofEpochMilli(millis).atZone(java.time.ZoneId.systemDefault()));
  }

  /** A node process that the test SIGKILLed, and when (epoch millis, taken just before the signal). */
  record Kill(String node, long atMillis) {}

  /** Each instance row of the hub: id -> {status, parent id}. */
  static Map<String, String[]> instanceRows(String jdbcUrl, String hub) throws SQLException {
    Map<String, String[]> rows = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        PreparedStatement ps = c.prepareStatement(
            "SELECT instance_id, runtime_status, parent_instance_id FROM instances WHERE task_hub = ?")) {
      ps.setString(1, hub);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
        }
      }
    }
    return rows;
  }

  /**
   * Rows that must not exist once every instance of {@code hub} is terminal, by kind; empty when clean.
   * A stale {@code next_visible_at} is repaired by the next claim, so the caller polls this for a while.
   */
  static Map<String, Long> leftovers(String jdbcUrl, String hub) throws SQLException {
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("activity work items", "SELECT count(*) FROM activities WHERE task_hub = ?");
    queries.put("inbox messages", "SELECT count(*) FROM inbox WHERE task_hub = ?");
    queries.put("non-terminal instances", "SELECT count(*) FROM instances WHERE task_hub = ?"
        + " AND runtime_status NOT IN ('Completed', 'Failed', 'Terminated')");
    queries.put("instance leases held", "SELECT count(*) FROM instances WHERE task_hub = ? AND lock_owner IS NOT NULL");
    queries.put("instances marked ready", "SELECT count(*) FROM instances WHERE task_hub = ? AND next_visible_at IS NOT NULL");
    queries.put("history rows of other executions", "SELECT count(*) FROM history h WHERE h.task_hub = ? AND NOT EXISTS"
        + " (SELECT 1 FROM instances i WHERE i.task_hub = h.task_hub AND i.instance_id = h.instance_id"
        + " AND i.execution_id = h.execution_id)");
    Map<String, Long> found = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl)) {
      for (Map.Entry<String, String> q : queries.entrySet()) {
        try (PreparedStatement ps = c.prepareStatement(q.getValue())) {
          ps.setString(1, hub);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            if (n != 0) {
              found.put(q.getKey(), n);
            }
          }
        }
      }
    }
    return found;
  }

  /** Polls {@link #leftovers} until clean or {@code wait} has passed; returns the last finding. */
  static Map<String, Long> awaitNoLeftovers(String jdbcUrl, String hub, Duration wait) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    Map<String, Long> found = leftovers(jdbcUrl, hub);
    while (!found.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      found = leftovers(jdbcUrl, hub);
    }
    return found;
  }

  /**
   * What is wrong with one instance's history (empty when nothing), how many timers fired, and how many
   * of those were applied by a step that started before their fire time.
   */
  record HistoryFinding(List<String> problems, int timers, int earlyTimers) {}

  static HistoryFinding history(DurableClient client, String id) {
    List<HistoryEvent> history = client.getHistory(id);
    List<String> problems = new ArrayList<>();
    long completions = history.stream().filter(ExecutionCompleted.class::isInstance).count();
    if (completions != 1) {
      problems.add(id + ": " + completions + " ExecutionCompleted events");
    }
    Map<Integer, Integer> scheduled = new HashMap<>();
    Map<Integer, Integer> answered = new HashMap<>();
    int timers = 0;
    int early = 0;
    Instant stepStart = null;
    for (HistoryEvent e : history) {
      if (e instanceof OrchestratorStarted s) {
        stepStart = s.timestamp();
      } else if (e instanceof TaskScheduled s) {
        scheduled.merge(s.taskId(), 1, Integer::sum);
      } else if (e instanceof TaskCompleted t) {
        answered.merge(t.taskScheduledId(), 1, Integer::sum);
      } else if (e instanceof TaskFailed t) {
        answered.merge(t.taskScheduledId(), 1, Integer::sum);
      } else if (e instanceof TimerFired t) {
        timers++;
        if (stepStart != null && stepStart.isBefore(t.fireAt())) {
          early++; // a step never applies a timer before its fire time (issue 9, defect 7)
          problems.add(id + ": timer " + t.timerId() + " due " + t.fireAt() + " applied by a step at " + stepStart);
        }
      }
    }
    scheduled.forEach((task, n) -> {
      if (n != 1 || answered.getOrDefault(task, 0) != 1) {
        problems.add(id + ": task " + task + " scheduled " + n + "x, answered " + answered.getOrDefault(task, 0) + "x");
      }
    });
    answered.keySet().stream().filter(t -> !scheduled.containsKey(t))
        .forEach(t -> problems.add(id + ": task " + t + " answered but never scheduled"));
    return new HistoryFinding(problems, timers, early);
  }

  /** How the activity runs split: calls, re-runs and what explains each; unexplained ones are defects. */
  record RunFinding(long runs, long calls, long rerunsAfterKills, long rerunsAfterCuts, List<String> unexplained,
      Map<String, Long> rerunsPerKilledNode) {
    long reruns() {
      return runs - calls;
    }
  }

  /**
   * Every pair of consecutive runs of one call must be explained: the earlier run's process was killed
   * before the later run started (its result may have died with it), or a connection cut fell between
   * them (a lost lease renewal can hand the call to another node).
   */
  static RunFinding runs(List<RunLog.Run> runs, List<Kill> kills, List<Long> cutsAtMillis) {
    Map<String, Long> killedAt = kills.stream().collect(Collectors.toMap(Kill::node, Kill::atMillis));
    Map<String, List<RunLog.Run>> byCall = runs.stream().collect(Collectors.groupingBy(RunLog.Run::call));
    long afterKills = 0;
    long afterCuts = 0;
    List<String> unexplained = new ArrayList<>();
    Map<String, Long> perNode = new HashMap<>();
    for (List<RunLog.Run> call : byCall.values()) {
      List<RunLog.Run> ordered = call.stream().sorted(Comparator.comparingLong(RunLog.Run::startedAtMillis)).toList();
      for (int i = 1; i < ordered.size(); i++) {
        RunLog.Run before = ordered.get(i - 1);
        RunLog.Run after = ordered.get(i);
        Long kill = killedAt.get(before.node());
        if (kill != null && kill <= after.startedAtMillis()) {
          afterKills++;
          perNode.merge(before.node(), 1L, Long::sum);
        } else if (cutsAtMillis.stream().anyMatch(c -> c >= before.startedAtMillis() - 5000 && c <= after.startedAtMillis())) {
          afterCuts++;
        } else {
          unexplained.add(before.call() + " ran on " + before.node() + " at " + timeOfDay(before.startedAtMillis())
              + " and again on " + after.node() + " at " + timeOfDay(after.startedAtMillis()));
        }
      }
    }
    return new RunFinding(runs.size(), byCall.size(), afterKills, afterCuts, unexplained, perNode);
  }
}
