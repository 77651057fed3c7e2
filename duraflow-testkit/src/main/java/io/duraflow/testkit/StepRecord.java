package io.duraflow.testkit;

/**
 * One step the test environment ran, numbered from 1 in the order it ran: the numbers a {@link FaultPlan}
 * names. With the same code, input and plan, a run takes the same steps in the same order.
 *
 * @param number the step's position in the run, from 1
 * @param name the orchestration's or activity's name
 * @param taskId the activity's task id (its position in the orchestration), or -1 for an orchestration step
 */
public record StepRecord(int number, StepKind kind, String instanceId, String name, int taskId) {
  /** For reports: {@code step 3 (activity 'Charge' #1 of instance 'order-1')}. */
  @Override
  public String toString() {
    return kind == StepKind.ORCHESTRATION
        ? "step " + number + " (orchestration '" + name + "' of instance '" + instanceId + "')"
        : "step " + number + " (activity '" + name + "' #" + taskId + " of instance '" + instanceId + "')";
  }
}
