package io.duraflow.store.testing;

import io.duraflow.history.HistoryEvent;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.CompletionListener;
import io.duraflow.store.InstancePage;
import io.duraflow.store.InstanceQuery;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.LeaseHolder;
import io.duraflow.store.LeaseState;
import io.duraflow.store.NewInstance;
import io.duraflow.store.NodeIdentity;
import io.duraflow.store.OrchestrationStepCommit;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.store.PurgeFilter;
import io.duraflow.store.ReadyWorkNames;
import io.duraflow.store.WorkerInfo;
import io.duraflow.store.ReleasedLeases;
import io.duraflow.store.StepCommitResult;
import io.duraflow.store.StoreHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A store that forwards every call to a real one; tests override single methods to observe calls or to
 * inject a fault at an exact point (a failing commit, say) while everything else stays real.
 */
public class ForwardingOrchestrationStore implements OrchestrationStore {
  private final OrchestrationStore d;

  public ForwardingOrchestrationStore(OrchestrationStore delegate) {
    this.d = delegate;
  }

    @Override public void createInstance(NewInstance request) { d.createInstance(request); }
    @Override public StepCommitResult createInstance(NewInstance request, OrchestrationStepCommit firstStep) {
      return d.createInstance(request, firstStep);
    }
    @Override public void sendMessage(String h, String id, HistoryEvent e, Instant at) { d.sendMessage(h, id, e, at); }
    @Override public Optional<InstanceRecord> getInstance(String h, String id) { return d.getInstance(h, id); }
    @Override public List<HistoryEvent> getHistory(String h, String id) { return d.getHistory(h, id); }
    @Override public List<HistoryEvent> getHistorySlice(String h, String id, int offset, int limit) {
      return d.getHistorySlice(h, id, offset, limit);
    }
    @Override public InstancePage queryInstances(String h, InstanceQuery q) { return d.queryInstances(h, q); }
    @Override public java.util.Map<io.duraflow.api.OrchestrationRuntimeStatus, Long> countInstances(String h, InstanceQuery q) {
      return d.countInstances(h, q);
    }
    @Override public boolean purgeInstance(String h, String id) { return d.purgeInstance(h, id); }
    @Override public int purgeInstances(String h, PurgeFilter f) { return d.purgeInstances(h, f); }
    @Override public List<OrchestrationWorkItem> claimOrchestrationWorkItems(String o, int max, Duration lease,
        Set<String> names) {
      return d.claimOrchestrationWorkItems(o, max, lease, names);
    }
    @Override public List<HistoryEvent> loadHistory(String h, String id, String e, int from) {
      return d.loadHistory(h, id, e, from);
    }
    @Override public StepCommitResult commit(OrchestrationStepCommit commit) { return d.commit(commit); }
    @Override public void abandon(OrchestrationWorkItem item, Duration delay) { d.abandon(item, delay); }
    @Override public Optional<NodeIdentity> lockNodeIdentity(String nodeId) { return d.lockNodeIdentity(nodeId); }
    @Override public ReleasedLeases releaseLeasesOf(String owner) { return d.releaseLeasesOf(owner); }
    @Override public List<LeaseHolder> leaseHolders() { return d.leaseHolders(); }
    @Override public void heartbeat(WorkerInfo worker) { d.heartbeat(worker); }
    @Override public void removeWorker(String workerId) { d.removeWorker(workerId); }
    @Override public List<WorkerInfo> liveWorkers(Duration within) { return d.liveWorkers(within); }
    @Override public ReadyWorkNames readyWorkNames() { return d.readyWorkNames(); }
    @Override public io.duraflow.store.QueueStats queueStats() { return d.queueStats(); }
    @Override public void abandonAfterFailure(OrchestrationWorkItem item, Duration delay) { d.abandonAfterFailure(item, delay); }
    @Override public boolean renewLease(OrchestrationWorkItem item, Duration lease) { return d.renewLease(item, lease); }
    @Override public List<LeaseState> renewLeases(List<OrchestrationWorkItem> items, Duration lease) {
      return d.renewLeases(items, lease);
    }
    @Override public List<ActivityWorkItem> claimActivityWorkItems(String o, int max, Duration lease, Set<String> names) {
      return d.claimActivityWorkItems(o, max, lease, names);
    }
    @Override public List<ActivityWorkItem> claimActivityWorkItems(String o, int max, Duration lease, Set<String> names,
        java.util.Map<String, Integer> nodeRoom) {
      // Without per-node room this is the plain claim, so that subclasses overriding that one still see it.
      return nodeRoom == null || nodeRoom.isEmpty() ? claimActivityWorkItems(o, max, lease, names)
          : d.claimActivityWorkItems(o, max, lease, names, nodeRoom);
    }
    @Override public void defineQueue(io.duraflow.store.QueueDefinition queue) { d.defineQueue(queue); }
    @Override public void setTags(String h, String id, java.util.Map<String, String> tags) { d.setTags(h, id, tags); }
    @Override public java.util.Map<String, String> getTags(String h, String id) { return d.getTags(h, id); }
    @Override public void completeActivity(ActivityWorkItem item, HistoryEvent result) { d.completeActivity(item, result); }
    @Override public void abandonActivity(ActivityWorkItem item, Duration delay) { d.abandonActivity(item, delay); }
    @Override public boolean renewActivityLease(ActivityWorkItem item, Duration lease) {
      return d.renewActivityLease(item, lease);
    }
    @Override public boolean recordActivityHeartbeat(ActivityWorkItem item, String details) {
      return d.recordActivityHeartbeat(item, details);
    }
    @Override public int expireActivities(int max) { return d.expireActivities(max); }
    @Override public void addWorkListener(Runnable listener) { d.addWorkListener(listener); }
    @Override public void removeWorkListener(Runnable listener) { d.removeWorkListener(listener); }
    @Override public void addCompletionListener(CompletionListener listener) { d.addCompletionListener(listener); }
    @Override public void removeCompletionListener(CompletionListener listener) { d.removeCompletionListener(listener); }
    @Override public io.duraflow.store.ScheduleStore schedules() { return d.schedules(); }
    @Override public StoreHealth health() { return d.health(); }
    @Override public String describe() { return d.describe(); }
    @Override public io.duraflow.store.EntityStore entities() { return d.entities(); }

    @Override public void close() { d.close(); }
}
