package io.duraflow.replay;

import io.duraflow.action.ApplyPatch;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.PatchApplied;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * In-code patching, one execution's worth: the decisions of {@code ctx.isPatched} and
 * {@code ctx.deprecatePatch}, as DBOS's {@code patch()} and Temporal's {@code getVersion} make them.
 *
 * <p>Design note: a patch decision must be the same on every replay, so the first decision of an
 * execution is recorded as a {@link PatchApplied} marker in history. A history records the markers of
 * the steps it went through: a marker anywhere in the execution's history means the execution took the
 * patched path; no marker while the code is still replaying means it got past that point on the old code
 * (answer false: keep the old path); no marker at the frontier (new code running for the first time)
 * means it may take the new path, so record the marker and answer true. Markers take no task id, so the
 * task ids of unpatched histories do not shift. A removed {@code isPatched} call leaves markers nobody
 * asks for, which is harmless. A contradiction (code taking the new path over a history of the old one,
 * as a too early {@code deprecatePatch} does) shows as the ordinary mismatch of a scheduled task, with a
 * {@link #hint()} naming the patch.
 *
 * <p>Not thread-safe: used on the orchestration thread only (drained by the stepping thread while the
 * code waits, as the rest of the step's result).
 */
final class Patches {
  /** Patch ids whose marker the execution's history holds (or this run recorded). */
  private final Set<String> applied = new HashSet<>();
  private final Map<String, Boolean> decisions = new HashMap<>();
  private final List<ApplyPatch> newMarkers = new ArrayList<>();
  /** deprecatePatch calls that assumed the new path over a history without its marker. */
  private final Set<String> assumedWithoutMarker = new LinkedHashSet<>();

  /** Notes the markers of the execution's past history. */
  void scan(List<HistoryEvent> past) {
    for (HistoryEvent e : past) {
      if (e instanceof PatchApplied p) {
        applied.add(p.patchId());
      }
    }
  }

  /**
   * The decision for {@code patchId} (see the class comment).
   *
   * @param replaying whether the code is replaying history at this point
   * @param nextTaskId the task id of the next task, kept on the marker for readers of history
   */
  boolean isPatched(String patchId, boolean replaying, int nextTaskId) {
    check(patchId);
    Boolean decided = decisions.get(patchId);
    if (decided != null) {
      return decided;
    }
    boolean patched;
    if (applied.contains(patchId)) {
      patched = true;
    } else if (replaying) {
      patched = false;
    } else {
      applied.add(patchId);
      newMarkers.add(new ApplyPatch(nextTaskId, patchId));
      patched = true;
    }
    decisions.put(patchId, patched);
    return patched;
  }

  /**
   * {@code deprecatePatch}: the new path, always, and no marker. While replaying a history without the
   * marker (an instance that ran the old path, or one started after the deprecation: the two cannot be
   * told apart) the assumption is remembered for {@link #hint()}.
   */
  void deprecate(String patchId, boolean replaying) {
    check(patchId);
    if (replaying && !applied.contains(patchId)) {
      assumedWithoutMarker.add(patchId);
    }
    decisions.put(patchId, true);
  }

  /** The markers recorded since the last call, for the step's result. */
  List<ApplyPatch> drain() {
    List<ApplyPatch> out = List.copyOf(newMarkers);
    newMarkers.clear();
    return out;
  }

  /** Text to append to a non-determinism message when a deprecated patch may explain it; empty otherwise. */
  String hint() {
    if (assumedWithoutMarker.isEmpty()) {
      return "";
    }
    String ids = String.join("', '", assumedWithoutMarker);
    return ". deprecatePatch('" + ids + "') took the patched path, but this history has no marker of it: the"
        + " instance may have started before the patch; keep isPatched('" + ids + "') until such instances"
        + " have finished";
  }

  private static void check(String patchId) {
    Objects.requireNonNull(patchId, "patchId");
    if (patchId.isBlank()) {
      throw new IllegalArgumentException("patch id must not be blank");
    }
  }
}
