package io.duraflow.store;

/**
 * The state of one lease after {@link OrchestrationStore#renewLeases}.
 *
 * @param held true when the lease was still ours and is now extended
 * @param messagesWaiting true when the instance has inbox messages visible now
 */
public record LeaseState(boolean held, boolean messagesWaiting) {}
