package io.duraflow.worker;

import io.duraflow.api.FailureDetails;
import io.duraflow.history.TaskFailed;
import io.duraflow.metrics.DuraflowMeters;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.store.ReadyWorkNames;
import io.duraflow.store.WorkerInfo;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that no running worker has the code for. Workers claim only what they can run, so an orchestration
 * or activity that this node lacks simply waits for a node that has it. This watch, run by every worker
 * on its heartbeat, announces the worker's own code in the store, notices ready work whose name no live
 * worker announces, says so in the log and in a gauge, and fails it once that has lasted
 * {@link WorkerOptions#missingCodeGrace()} (an activity's task fails, so the orchestration's retry
 * policy and error handling apply; an instance fails as a whole). The time is measured from when this
 * node first saw the name missing, so a restart only lengthens the wait.
 *
 * <p>A missing <em>version</em> (an instance that started on version v of an orchestration whose code
 * some worker has, but none at v) is only reported, never failed: its instances are healthy and wait for
 * a node with their version (an upgrade in progress, or a rollback), see docs/versioning.md.
 */
final class MissingCodeWatch {
  /** The failure type of work failed for want of code, documented in docs/operations.md. */
  static final String ERROR_TYPE = "NoWorkerHasCode";
  private static final int BATCH = 100;
  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private final OrchestrationStore store;
  private final OrchestrationStepRunner stepRunner;
  private final WorkerOptions options;
  private final Clock clock;
  private final WorkerInfo self;
  /** "orchestration:NAME" / "activity:NAME" -> when this node first saw ready work of it that no worker has. */
  private final Map<String, Instant> missingSince = new ConcurrentHashMap<>();
  private final VersionWait versionWait;

  MissingCodeWatch(OrchestrationStore store, OrchestrationStepRunner stepRunner, WorkerOptions options, Clock clock,
      Set<String> orchestrations, Set<String> activities) {
    this.store = store;
    this.stepRunner = stepRunner;
    this.options = options;
    this.clock = clock;
    this.self = new WorkerInfo(options.workerId(), clock.instant(), null, orchestrations, activities);
    this.versionWait = new VersionWait(missingSince);
  }

  void registerMeters(MeterRegistry meters) {
    Gauge.builder(DuraflowMeters.MISSING_CODE.name(), missingSince, Map::size)
        .description(DuraflowMeters.MISSING_CODE.description()).register(meters);
  }

  /** The names currently missing, as "orchestration:NAME" or "activity:NAME". */
  Set<String> missing() {
    return Set.copyOf(missingSince.keySet());
  }

  /** One heartbeat: announce, look, and fail what has waited past the grace period. Never throws. */
  void tick() {
    try {
      store.heartbeat(self);
      Set<String> knownOrchestrations = new HashSet<>(self.orchestrations());
      Set<String> knownActivities = new HashSet<>(self.activities());
      for (WorkerInfo w : store.liveWorkers(WorkerInfo.LIVE_WINDOW)) {
        knownOrchestrations.addAll(w.orchestrations());
        knownActivities.addAll(w.activities());
      }
      ReadyWorkNames ready = store.readyWorkNames();
      Instant now = clock.instant();
      Set<String> stillMissing = new HashSet<>();
      for (String name : ready.orchestrations()) {
        if (!knownOrchestrations.contains(name) && VersionWait.isVersionKey(name, knownOrchestrations)) {
          stillMissing.add(versionWait.observe(name, now));
        } else if (!knownOrchestrations.contains(name)) {
          stillMissing.add(observe("orchestration", name, now));
        }
      }
      for (String name : ready.activities()) {
        if (!knownActivities.contains(name)) {
          stillMissing.add(observe("activity", name, now));
        }
      }
      missingSince.keySet().retainAll(stillMissing);
      for (String key : stillMissing) {
        if (!VersionWait.isWait(key) && !missingSince.get(key).plus(options.missingCodeGrace()).isAfter(now)) {
          failAll(key);
        }
      }
    } catch (RuntimeException e) {
      log.warn("Worker {} could not check for work without code (will retry): {}", options.workerId(), e.getMessage());
    }
  }

  private String observe(String kind, String name, Instant now) {
    String key = kind + ":" + name;
    if (missingSince.putIfAbsent(key, now) == null) {
      log.warn("Work is waiting for a worker that knows {} '{}': no running worker has it. It fails after {}"
          + " unless one starts (WorkerOptions.missingCodeGrace, serve --missing-code-grace-seconds)",
          kind, name, options.missingCodeGrace());
    }
    return key;
  }

  private void failAll(String key) {
    String kind = key.substring(0, key.indexOf(':'));
    String name = key.substring(key.indexOf(':') + 1);
    String message = "No running worker has the " + kind + " '" + name + "' (waited "
        + options.missingCodeGrace().toSeconds() + " s for one); start a node that has it, then rewind or restart";
    FailureDetails details = new FailureDetails(ERROR_TYPE, message);
    if (kind.equals("activity")) {
      List<ActivityWorkItem> items;
      do {
        items = store.claimActivityWorkItems(options.workerId(), BATCH, options.activityLease(), Set.of(name));
        for (ActivityWorkItem item : items) {
          store.completeActivity(item, new TaskFailed(clock.instant(), item.taskId(), details));
        }
        if (!items.isEmpty()) {
          log.warn("Failed {} call(s) of activity '{}': {}", items.size(), name, message);
        }
      } while (items.size() == BATCH);
    } else {
      List<OrchestrationWorkItem> items;
      do {
        items = store.claimOrchestrationWorkItems(options.workerId(), BATCH, options.orchestrationLease(), Set.of(name));
        for (OrchestrationWorkItem item : items) {
          if (item.instance().runtimeStatus().isTerminal()) {
            stepRunner.runClaimed(item); // leftover messages of a finished instance: dropped, no code needed
          } else {
            stepRunner.failInstance(item, details);
          }
        }
        if (!items.isEmpty()) {
          log.warn("Failed {} instance(s) of orchestration '{}': {}", items.size(), name, message);
        }
      } while (items.size() == BATCH);
    }
    missingSince.remove(key);
  }

  /** Withdraws the announcement: this worker stopped. */
  void close() {
    try {
      store.removeWorker(options.workerId());
    } catch (RuntimeException e) {
      log.debug("Could not withdraw worker {}; its heartbeat simply ages out", options.workerId(), e);
    }
  }
}
