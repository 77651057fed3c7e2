package io.duraflow.store;

import io.duraflow.history.HistoryEvent;
import java.util.List;
import java.util.Objects;

/**
 * Everything one orchestration step writes, applied in one transaction by
 * {@link OrchestrationStore#commit}.
 *
 * @param item the leased work item; its messages are deleted
 * @param replaceHistory when true the current history is deleted first and {@code history} is the whole
 *     new history of {@code update.executionId()} (continue-as-new, rewind); when false it is appended
 * @param history events to append (or the new history)
 * @param update the instance row after the step
 * @param activities activity work items to create for this instance's execution
 * @param messages messages to add to inboxes (this instance's or others')
 * @param newInstances sub-orchestrations to create; an existing non-terminal instance with the same id is
 *     left alone
 * @param activityLease leases some of {@code activities} to the committing worker, or null for none
 */
public record OrchestrationStepCommit(
    OrchestrationWorkItem item,
    boolean replaceHistory,
    List<HistoryEvent> history,
    InstanceUpdate update,
    List<NewActivity> activities,
    List<OutboundMessage> messages,
    List<NewInstance> newInstances,
    ActivityLease activityLease) {

  /** A commit that leases none of its activities. */
  public OrchestrationStepCommit(OrchestrationWorkItem item, boolean replaceHistory, List<HistoryEvent> history,
      InstanceUpdate update, List<NewActivity> activities, List<OutboundMessage> messages, List<NewInstance> newInstances) {
    this(item, replaceHistory, history, update, activities, messages, newInstances, null);
  }

  public OrchestrationStepCommit {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(update, "update");
    history = List.copyOf(history);
    activities = List.copyOf(activities);
    messages = List.copyOf(messages);
    newInstances = List.copyOf(newInstances);
  }
}
