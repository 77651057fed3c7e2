package io.duraflow.testkit;

import io.duraflow.action.CompleteOrchestration;
import io.duraflow.action.OrchestratorAction;
import io.duraflow.api.DataConverter;
import io.duraflow.api.FailureDetails;
import io.duraflow.api.NonDeterministicOrchestrationException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.json.JacksonDataConverter;
import io.duraflow.replay.OrchestrationExecutor;
import io.duraflow.replay.OrchestratorResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Replays a recorded history through the orchestration code you have now, to find out before a deploy
 * whether the new code still fits the instances already running (what Temporal's {@code WorkflowReplayer}
 * does). Take the histories from a test run ({@link DuraflowTestEnvironment#history}) or from a copy of
 * a production store ({@code store.getHistory(hub, id)}).
 */
public final class HistoryReplayer {
  private final TaskRegistry registry;
  private final DataConverter converter;

  /** A replayer of {@code registry}'s orchestrations with the default JSON converter. */
  public HistoryReplayer(TaskRegistry registry) {
    this(registry, new JacksonDataConverter());
  }

  public HistoryReplayer(TaskRegistry registry, DataConverter converter) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.converter = Objects.requireNonNull(converter, "converter");
  }

  /**
   * Replays {@code history} of instance {@code instanceId}.
   *
   * @return the non-determinism the replay found (the code scheduled something other than what history
   *     records), or empty when the code fits the history
   */
  public Optional<FailureDetails> replay(String instanceId, List<HistoryEvent> history) {
    if (history.isEmpty()) {
      throw new IllegalArgumentException("The history of instance '" + instanceId + "' is empty: nothing to replay");
    }
    try (OrchestrationExecutor executor = new OrchestrationExecutor(registry, converter)) {
      Instant last = history.get(history.size() - 1).timestamp();
      OrchestratorResult result = executor.execute(instanceId, history, List.of(new OrchestratorStarted(last)));
      for (OrchestratorAction action : result.actions()) {
        if (action instanceof CompleteOrchestration done && done.status() == OrchestrationRuntimeStatus.FAILED
            && done.failureDetails() != null
            && NonDeterministicOrchestrationException.class.getName().equals(done.failureDetails().errorType())) {
          return Optional.of(done.failureDetails());
        }
      }
      return Optional.empty();
    }
  }

  /** Like {@link #replay}, failing with an {@link AssertionError} that says what did not fit. */
  public void assertReplays(String instanceId, List<HistoryEvent> history) {
    replay(instanceId, history).ifPresent(f -> {
      throw new AssertionError("The current code does not replay the history of instance '" + instanceId + "': "
          + f.errorMessage());
    });
  }
}
