package io.duraflow.store;

import java.util.List;

/**
 * A leased instance with the inbox messages that were visible when it was claimed.
 *
 * @param lockVersion the instance version the claim set; commits and renewals check it
 */
public record OrchestrationWorkItem(InstanceRecord instance, long lockVersion, List<InboxMessage> messages) {
  public String taskHub() {
    return instance.taskHub();
  }

  public String instanceId() {
    return instance.instanceId();
  }
}
