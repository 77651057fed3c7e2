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
 * @param history events to append (or the new history); a {@code TaskCancellationRequested} among them also
 *     asks the store to cancel that activity task's attempt (dropped if idle, flagged if running)
 * @param update the instance row after the step
 * @param activities activity work items to create for this instance's execution
 * @param messages messages to add to inboxes (this instance's or others')
 * @param newInstances sub-orchestrations to create; an existing non-terminal instance with the same id is
 *     left alone
 * @param activityLease leases some of {@code activities} to the committing worker, or null for none
 * @param keepLease when non-null, the committer keeps the instance leased instead of releasing it (the fast path: it holds the instance while the activities it leased run on it)
 * @param completedActivities activity work items leased to the committer whose results are already in
 *     {@code history}: their rows are deleted, version-checked, in the same transaction
 */
public record OrchestrationStepCommit(
    OrchestrationWorkItem item,
    boolean replaceHistory,
    List<HistoryEvent> history,
    InstanceUpdate update,
    List<NewActivity> activities,
    List<OutboundMessage> messages,
    List<NewInstance> newInstances,
    ActivityLease activityLease,
    InstanceLease keepLease,
    List<ActivityWorkItem> completedActivities) {

  /** A commit that leases none of its activities and releases the instance. */
  public OrchestrationStepCommit(OrchestrationWorkItem item, boolean replaceHistory, List<HistoryEvent> history,
      InstanceUpdate update, List<NewActivity> activities, List<OutboundMessage> messages, List<NewInstance> newInstances) {
    this(item, replaceHistory, history, update, activities, messages, newInstances, null, null, List.of());
  }

  /** This commit with the given leases and consumed activity items. */
  public OrchestrationStepCommit withLeases(ActivityLease activities, InstanceLease keep, List<ActivityWorkItem> completed) {
    return new OrchestrationStepCommit(item, replaceHistory, history, update, this.activities, messages, newInstances,
        activities, keep, completed);
  }

  public OrchestrationStepCommit {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(update, "update");
    history = List.copyOf(history);
    activities = List.copyOf(activities);
    messages = List.copyOf(messages);
    newInstances = List.copyOf(newInstances);
    completedActivities = List.copyOf(completedActivities);
  }
}
