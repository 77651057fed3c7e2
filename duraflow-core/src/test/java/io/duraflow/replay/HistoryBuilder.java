package io.duraflow.replay;

import io.duraflow.api.FailureDetails;
import io.duraflow.history.EventRaised;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskFailed;
import io.duraflow.history.TaskScheduled;
import io.duraflow.history.TimerCreated;
import io.duraflow.history.TimerFired;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds histories for executor tests; time advances one second per step. */
final class HistoryBuilder {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final List<HistoryEvent> events = new ArrayList<>();
  private Instant now = T0;

  HistoryBuilder started(String name, String inputJson) {
    events.add(new OrchestratorStarted(now));
    events.add(new ExecutionStarted(now, name, inputJson, "exec-1", null, null));
    return this;
  }

  HistoryBuilder step() {
    now = now.plus(Duration.ofSeconds(1));
    events.add(new OrchestratorStarted(now));
    return this;
  }

  HistoryBuilder scheduled(int id, String name, String input) {
    events.add(new TaskScheduled(now, id, name, input));
    return this;
  }

  HistoryBuilder completed(int id, String result) {
    events.add(new TaskCompleted(now, id, result));
    return this;
  }

  HistoryBuilder failed(int id, String message) {
    events.add(new TaskFailed(now, id, new FailureDetails(IllegalStateException.class.getName(), message)));
    return this;
  }

  HistoryBuilder timerCreated(int id, Instant fireAt) {
    events.add(new TimerCreated(now, id, fireAt));
    return this;
  }

  HistoryBuilder timerFired(int id, Instant fireAt) {
    events.add(new TimerFired(now, id, fireAt));
    return this;
  }

  HistoryBuilder event(String name, String json) {
    events.add(new EventRaised(now, name, json));
    return this;
  }

  HistoryBuilder add(HistoryEvent e) {
    events.add(e);
    return this;
  }

  Instant now() {
    return now;
  }

  List<HistoryEvent> build() {
    return List.copyOf(events);
  }
}
