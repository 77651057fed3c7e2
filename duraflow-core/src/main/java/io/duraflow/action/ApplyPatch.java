package io.duraflow.action;

/**
 * Record that this execution took the patched path of {@code patchId} (history: {@code PatchApplied}).
 * A marker takes no task id of its own, so adding {@code isPatched} to code leaves the task ids of old
 * histories as they were.
 *
 * @param id the task id the next task of the step gets (informative only; not consumed)
 */
public record ApplyPatch(int id, String patchId) implements OrchestratorAction {}
