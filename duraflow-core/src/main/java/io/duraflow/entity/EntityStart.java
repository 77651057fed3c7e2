package io.duraflow.entity;

/** An orchestration an entity operation starts once its batch commits. */
public record EntityStart(String instanceId, String name, String input) {}
