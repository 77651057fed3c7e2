package io.duraflow.replay;

import io.duraflow.action.CompleteOrchestration;
import io.duraflow.action.ContinueAsNew;
import io.duraflow.action.OrchestratorAction;
import java.util.List;

/**
 * What one step of an orchestration produced.
 *
 * @param actions new actions in task-id order; a {@link CompleteOrchestration} or {@link ContinueAsNew}
 *     comes last when the step ended the execution
 * @param customStatus the custom status (JSON) as the code last set it, or null
 * @param suspended true when the instance is suspended at the end of the step
 * @param openTasks how many scheduled tasks (activities, timers, sub-orchestrations) the code still waits
 *     for after this step; the worker keeps an instance's lease only while all of them run on it
 * @param tags the tags the code set since the last result (a null value removes the key), empty for none
 */
public record OrchestratorResult(List<OrchestratorAction> actions, String customStatus, boolean suspended, int openTasks,
    java.util.Map<String, String> tags) {

  public OrchestratorResult {
    actions = List.copyOf(actions);
    tags = tags == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
  }

  /** A result that sets no tags. */
  public OrchestratorResult(List<OrchestratorAction> actions, String customStatus, boolean suspended, int openTasks) {
    this(actions, customStatus, suspended, openTasks, null);
  }

  /** A result that leaves no task open. */
  public OrchestratorResult(List<OrchestratorAction> actions, String customStatus, boolean suspended) {
    this(actions, customStatus, suspended, 0);
  }

  /** True when the last action ends the execution (complete, fail, terminate or continue-as-new). */
  public boolean endsExecution() {
    if (actions.isEmpty()) {
      return false;
    }
    OrchestratorAction last = actions.get(actions.size() - 1);
    return last instanceof CompleteOrchestration || last instanceof ContinueAsNew;
  }
}
