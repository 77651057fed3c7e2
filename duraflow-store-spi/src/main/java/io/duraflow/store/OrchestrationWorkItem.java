package io.duraflow.store;

import java.util.List;

/**
 * A leased instance with the inbox messages that were visible when it was claimed.
 *
 * @param lockVersion the instance version the claim set; commits and renewals check it
 * @param failedAttempts how many attempts in a row at this instance's next step failed, on any node
 *     ({@link OrchestrationStore#abandonAfterFailure}); a commit resets it to zero
 */
public record OrchestrationWorkItem(InstanceRecord instance, long lockVersion, List<InboxMessage> messages,
    int failedAttempts) {

  /** An item whose step has not failed before. */
  public OrchestrationWorkItem(InstanceRecord instance, long lockVersion, List<InboxMessage> messages) {
    this(instance, lockVersion, messages, 0);
  }

  public String taskHub() {
    return instance.taskHub();
  }

  public String instanceId() {
    return instance.instanceId();
  }
}
