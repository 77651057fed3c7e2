package io.duraflow.store;

/**
 * A leased activity call.
 *
 * @param lockVersion the version the claim set; completion checks it
 * @param dequeueCount how many times the item has been claimed, including this time
 */
public record ActivityWorkItem(
    long id,
    String taskHub,
    String instanceId,
    String executionId,
    int taskId,
    String name,
    String input,
    long lockVersion,
    int dequeueCount) {}
