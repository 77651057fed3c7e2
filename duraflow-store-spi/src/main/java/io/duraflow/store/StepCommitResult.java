package io.duraflow.store;

import java.util.List;

/**
 * What {@link OrchestrationStore#commit} (or the eager {@link OrchestrationStore#createInstance(NewInstance,
 * OrchestrationStepCommit)}) did beyond applying the step.
 *
 * @param leasedActivities the step's activities leased to the committer (see {@link ActivityLease}), ready
 *     to run, in task-id order
 * @param heldItem when the commit kept the instance leased ({@link OrchestrationStepCommit#keepLease()}),
 *     the work item of the kept lease: its instance as the step left it, its new lock version, no messages;
 *     null when the lease was released
 * @param messagesWaiting true when the instance has inbox messages visible now (an event, a request, a
 *     result from elsewhere) that a kept lease would delay: the holder should give the lease back
 * @param instance the instance row as this commit left it, or null where the store did not say
 */
public record StepCommitResult(List<ActivityWorkItem> leasedActivities, OrchestrationWorkItem heldItem, boolean messagesWaiting,
    InstanceRecord instance) {
  public StepCommitResult {
    leasedActivities = List.copyOf(leasedActivities);
  }

  /** A commit that released the lease (and whose resulting row is not reported). */
  public static StepCommitResult released(List<ActivityWorkItem> leasedActivities) {
    return new StepCommitResult(leasedActivities, null, false, null);
  }
}
