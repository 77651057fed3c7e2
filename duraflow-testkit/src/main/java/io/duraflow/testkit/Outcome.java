package io.duraflow.testkit;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.store.InstanceRecord;

/**
 * How an instance ended up, without what legitimately differs between runs (timestamps, stack traces):
 * its status, its output (JSON) and, when it failed, the failure's type and message.
 */
public record Outcome(OrchestrationRuntimeStatus status, String output, String failureType, String failureMessage) {
  static Outcome of(InstanceRecord instance) {
    var failure = instance.failureDetails();
    return new Outcome(instance.runtimeStatus(), instance.output(), failure == null ? null : failure.errorType(),
        failure == null ? null : failure.errorMessage());
  }

  @Override
  public String toString() {
    return failureType == null ? status + " " + output : status + " " + failureType + ": " + failureMessage;
  }
}
