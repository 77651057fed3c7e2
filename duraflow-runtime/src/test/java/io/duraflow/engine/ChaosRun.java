package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.InstanceAlreadyExistsException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.client.DurableClient;
import io.duraflow.client.StartOptions;
import io.duraflow.client.StoreDurableClient;
import io.duraflow.json.JacksonDataConverter;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.StoreException;
import io.duraflow.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;

/**
 * One chaos run: two worker JVMs ({@link NodeMain} with the {@link ChaosWorkload}) on one store, a mixed
 * workload started and fed events by this process through the client API, SIGKILLs of seeded nodes at
 * seeded points of progress (each killed node restarted at once), and on PostgreSQL seeded cuts of every
 * node connection ({@code pg_terminate_backend}). Then the checks of {@link ChaosChecks} and a figures line.
 *
 * <p>Kill and cut points are counted in activity runs, not seconds, so a seed makes the same schedule on a
 * fast or a slow machine; which call a kill interrupts still depends on timing.
 */
final class ChaosRun {
  /**
   * Seed, size and faults of a run: {@code instances} cases with about {@code childRatio} children each,
   * started over {@code startWindow}; all must be done within {@code deadline}.
   */
  record Plan(long seed, int instances, double childRatio, int kills, int cuts, Duration startWindow, Duration deadline) {
    static Plan fromSystemProperties(boolean cutsPossible) {
      boolean longForm = Boolean.getBoolean("duraflow.chaos.long");
      long seed = Long.getLong("duraflow.chaos.seed", System.nanoTime());
      return longForm
          ? new Plan(seed, 400, 0.3, 12, cutsPossible ? 8 : 0, Duration.ofSeconds(60), Duration.ofMinutes(15))
          : new Plan(seed, 120, 0.3, 4, cutsPossible ? 3 : 0, Duration.ofSeconds(20), Duration.ofMinutes(4));
    }
  }

  static final String NODE_APPLICATION_NAME = "chaos-node";
  /**
   * Nodes restart in seconds on a busy 2-core machine, mostly JIT compiling: the client compiler alone
   * and a single-threaded collector roughly halve that, and the workload (activities that sleep) needs no
   * peak speed. Faults wait for restarted nodes, so slow restarts would push them past the run's end.
   */
  private static final List<String> NODE_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
      // Log times of day match those of the fault lines and failure messages, and the worker's debug lines
      // say why a lease renewal failed: what a failed run needs to be explained.
      "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
      "-Dorg.slf4j.simpleLogger.log.io.duraflow.worker.Worker=debug");
  /**
   * Lease length of the chaos nodes, in seconds: short, so a killed node's work moves on quickly, yet long
   * enough that a stall of a shared 2-core CI machine does not expire the leases of nodes that are alive
   * (at 3 s one long run saw that happen once).
   */
  private static final String LEASE_SECONDS = "5";
  private static final String HUB = DuraflowEngine.DEFAULT_TASK_HUB;
  private static final long EVENT_SPREAD_MILLIS = 3_000;

  private final Plan plan;
  private final String storeName;
  private final String storeSpec; // null: SQLite in dataDir
  private final String jdbcUrl;
  private final String adminUrl; // null: no connection cuts
  private final Path dataDir;
  private final Path runDir;
  private final String context;

  private final List<ChildNode> nodes = new ArrayList<>();
  private final List<String> nodeNames = new ArrayList<>();
  private final Map<String, ChildNode> everyNode = new LinkedHashMap<>();
  private final List<ChaosChecks.Kill> kills = new ArrayList<>();
  private final List<Long> cuts = new ArrayList<>();
  private int killEvents;
  private int restarts;
  private long restartedAt; // System.nanoTime() of the last kill while its replacement starts, else 0
  private long slowestRestartMillis;
  private long cutBackends;

  ChaosRun(Plan plan, String storeName, String storeSpec, String jdbcUrl, String adminUrl, Path dataDir) {
    this.plan = plan;
    this.storeName = storeName;
    this.storeSpec = storeSpec;
    this.jdbcUrl = jdbcUrl;
    this.adminUrl = adminUrl;
    this.dataDir = dataDir;
    this.runDir = dataDir.resolve("runs");
    this.context = "chaos on " + storeName + " with -Dduraflow.chaos.seed=" + plan.seed();
  }

  void run() throws Exception {
    System.out.println("CHAOS " + context + ": " + plan);
    long started = System.nanoTime();
    Random random = new Random(plan.seed());
    List<ChaosCase> cases = ChaosCase.draw(random, plan.instances(), plan.childRatio(), EVENT_SPREAD_MILLIS);
    int calls = cases.stream().mapToInt(ChaosCase::activityCalls).sum();
    PriorityQueue<long[]> killPoints = points(random, plan.kills(), calls, true);
    PriorityQueue<long[]> cutPoints = points(random, plan.cuts(), calls, false);
    try (OrchestrationStore store = OrchestrationStores.open(storeSpec, dataDir, StoreOptions.defaults())) {
      DurableClient client = new StoreDurableClient(store, ChaosWorkload.registry(null), new JacksonDataConverter(),
          Clock.systemUTC(), HUB);
      try {
        for (int i = 0; i < 2; i++) {
          startNode(i);
        }
        awaitNodesReady();
        // Starts spread over the start window, each case's events after its start: the load flows
        // throughout the run, so that every fault point lands while work is in flight.
        long t0 = System.currentTimeMillis();
        // Ties: a case's start (event -1) before its events.
        PriorityQueue<Action> actions = new PriorityQueue<>(
            Comparator.comparingLong(Action::atMillis).thenComparingInt(Action::event));
        for (ChaosCase c : cases) {
          long startAt = t0 + (long) (random.nextDouble() * plan.startWindow().toMillis());
          actions.add(new Action(startAt, c, -1));
          for (int k = 0; k < c.events().size(); k++) {
            actions.add(new Action(startAt + c.eventDelaysMillis().get(k), c, k));
          }
        }
        drive(client, cases, actions, killPoints, cutPoints, started);
        checkEverything(client, cases, calls, started);
      } catch (AssertionError e) {
        printNodeLogs(); // the temporary directory goes with the test: show what the nodes said first
        throw e;
      } catch (Exception e) {
        printNodeLogs();
        throw new AssertionError(context + ": " + e, e); // with the seed, like every other failure
      } finally {
        for (ChildNode n : nodes) {
          n.close();
        }
      }
    }
  }

  private void awaitNodesReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!nodesReady()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(context + ": nodes did not start within 60 s");
      }
      Thread.sleep(20);
    }
  }

  /** True when both nodes run; fails the run if one exited without being killed. */
  private boolean nodesReady() throws IOException {
    boolean ready = true;
    for (int slot = 0; slot < nodes.size(); slot++) {
      ChildNode n = nodes.get(slot);
      if (!n.isAlive()) {
        throw new AssertionError(context + ": node " + nodeNames.get(slot) + " exited by itself:\n" + n.output());
      }
      ready &= n.isReady();
    }
    return ready;
  }

  private void printNodeLogs() {
    for (Map.Entry<String, ChildNode> n : everyNode.entrySet()) {
      try {
        List<String> lines = n.getValue().output().lines().toList();
        System.out.println("CHAOS log of " + n.getKey() + " (last 40 of " + lines.size() + " lines):");
        lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> System.out.println("  " + l));
      } catch (IOException e) {
        System.out.println("CHAOS log of " + n.getKey() + " unreadable: " + e);
      }
    }
  }

  /** Every node's log lines about {@code instanceId}, and its failed lease renewals. */
  private void printNodeLogLines(String instanceId) {
    for (Map.Entry<String, ChildNode> n : everyNode.entrySet()) {
      try {
        n.getValue().output().lines().filter(l -> l.contains("'" + instanceId + "'") || l.contains("renewal failed"))
            .limit(60).forEach(l -> System.out.println("CHAOS " + n.getKey() + ": " + l));
      } catch (IOException e) {
        System.out.println("CHAOS log of " + n.getKey() + " unreadable: " + e);
      }
    }
  }

  /**
   * Seeded fault points, as activity-run counts between 5 % and 70 % of the calls (the rest runs after the
   * last fault): {count, target}.
   */
  private static PriorityQueue<long[]> points(Random random, int n, int calls, boolean withTarget) {
    PriorityQueue<long[]> q = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    for (int i = 0; i < n; i++) {
      long at = (long) (calls * (0.05 + 0.65 * random.nextDouble()));
      // 0 or 1: kill that node; 2: kill both at once (a quarter of the kills), so nobody is left running.
      long target = withTarget ? (random.nextInt(4) == 0 ? 2 : random.nextInt(2)) : 0;
      q.add(new long[] {at, target});
    }
    return q;
  }

  private void startNode(int slot) throws Exception {
    String name = "node" + slot + "-" + (slot < nodeNames.size() ? restarts : 0);
    String spec = storeSpec == null ? null
        : storeSpec + (storeSpec.contains("?") ? "&" : "?") + "ApplicationName=" + NODE_APPLICATION_NAME;
    // Not waiting for it to be ready: the driver goes on starting instances and raising events meanwhile.
    ChildNode node = ChildNode.launch(spec, dataDir, name, NODE_JVM, List.of(NodeMain.CHAOS_RUN_LOG + runDir, NodeMain.LEASE_SECONDS + LEASE_SECONDS));
    everyNode.put(name, node);
    if (slot < nodes.size()) {
      nodes.set(slot, node);
      nodeNames.set(slot, name);
    } else {
      nodes.add(node);
      nodeNames.add(name);
    }
  }

  /** Starts with a given id: a start that failed on the store is retried, and finding it created is success. */
  private void start(DurableClient client, ChaosCase c) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        client.startNew(c.orchestration(), c.input(), StartOptions.withInstanceId(c.id()));
        return;
      } catch (InstanceAlreadyExistsException e) {
        if (attempt == 1) {
          throw e;
        }
        return; // the failed attempt had committed
      } catch (StoreException e) {
        if (attempt >= 50) {
          throw new AssertionError(context + ": could not start " + c.id(), e);
        }
        Thread.sleep(100);
      }
    }
  }

  /** Start case {@code c} ({@code event} -1) or raise its event number {@code event}, at {@code atMillis}. */
  private record Action(long atMillis, ChaosCase c, int event) {}

  private void drive(DurableClient client, List<ChaosCase> cases, PriorityQueue<Action> actions,
      PriorityQueue<long[]> killPoints, PriorityQueue<long[]> cutPoints, long started) throws Exception {
    Set<String> pending = new HashSet<>(); // started and not yet done
    int unstarted = cases.size();
    long deadline = started + plan.deadline().toNanos();
    long nextStatusCheck = 0;
    while (unstarted > 0 || !pending.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(context + ": " + pending.size() + " instances not done within " + plan.deadline()
            + ", e.g. " + pending.stream().sorted().limit(5).toList() + "; kills " + kills + " (node logs below)");
      }
      while (!actions.isEmpty() && actions.peek().atMillis() <= System.currentTimeMillis()) {
        Action a = actions.poll();
        if (a.event() < 0) {
          start(client, a.c());
          pending.add(a.c().id());
          unstarted--;
        } else {
          client.raiseEvent(a.c().id(), ChaosWorkload.SIGNAL, a.c().events().get(a.event()));
        }
      }
      long runs = RunLog.count(runDir);
      // A fault waits until both nodes run, so that each kill hits a working node and no cut hits a node
      // that is still opening its store (a node gives up if it cannot connect at start, by design).
      boolean ready = nodesReady();
      if (ready && restartedAt != 0) {
        long ms = (System.nanoTime() - restartedAt) / 1_000_000;
        slowestRestartMillis = Math.max(slowestRestartMillis, ms);
        System.out.println("CHAOS nodes ready " + ms + " ms after the kill, at " + runs + " runs");
        restartedAt = 0;
      }
      // Cuts first: a kill leaves the nodes restarting, and a cut due meanwhile would wait for them.
      if (ready && !cutPoints.isEmpty() && cutPoints.peek()[0] <= runs && cut(runs)) {
        cutPoints.poll();
      }
      if (ready && !killPoints.isEmpty() && killPoints.peek()[0] <= runs) {
        kill((int) killPoints.poll()[1], runs);
      }
      if (System.nanoTime() >= nextStatusCheck) {
        for (String id : new ArrayList<>(pending)) {
          InstanceRecord r = client.getInstance(id).orElseThrow();
          if (r.runtimeStatus().isTerminal()) {
            pending.remove(id);
          }
        }
        nextStatusCheck = System.nanoTime() + Duration.ofMillis(250).toNanos();
      }
      Thread.sleep(10);
    }
  }

  /** SIGKILLs node {@code target} (2: both), then starts a fresh process in its place. */
  private void kill(int target, long runs) throws Exception {
    List<Integer> slots = target == 2 ? List.of(0, 1) : List.of(target);
    killEvents++;
    for (int slot : slots) {
      kills.add(new ChaosChecks.Kill(nodeNames.get(slot), System.currentTimeMillis()));
      nodes.get(slot).kill();
    }
    System.out.println("CHAOS killed " + slots.stream().map(nodeNames::get).toList() + " after " + runs + " runs at "
        + ChaosChecks.timeOfDay(kills.get(kills.size() - 1).atMillis()));
    restartedAt = System.nanoTime();
    for (int slot : slots) {
      restarts++;
      startNode(slot);
    }
  }

  /**
   * Terminates every backend of the nodes' connections (pools and LISTEN) on the private server. Returns
   * false, and cuts nothing, while the nodes have no connection open (right after a cut their pools
   * reconnect on demand): the cut is then tried again.
   */
  private boolean cut(long runs) throws SQLException {
    long at = System.currentTimeMillis();
    try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
            + " WHERE application_name LIKE '" + NODE_APPLICATION_NAME + "%' AND pid <> pg_backend_pid()")) {
      rs.next();
      long n = rs.getLong(1);
      if (n == 0) {
        return false;
      }
      cuts.add(at);
      cutBackends += n;
      System.out.println("CHAOS cut " + n + " node connections after " + runs + " runs at " + ChaosChecks.timeOfDay(at));
      return true;
    }
  }

  private void checkEverything(DurableClient client, List<ChaosCase> cases, int calls, long started) throws Exception {
    int expectedChildren = 0;
    int timers = 0;
    int earlyTimers = 0;
    List<String> problems = new ArrayList<>();
    for (ChaosCase c : cases) {
      InstanceRecord r = client.getInstance(c.id()).orElseThrow();
      if (r.runtimeStatus() != OrchestrationRuntimeStatus.COMPLETED || !c.expectedOutput().equals(r.output())) {
        problems.add(c.id() + " (" + c.orchestration() + " " + c.inputText() + "): " + r.runtimeStatus()
            + " with " + r.output() + ", expected Completed with " + c.expectedOutput()
            + (r.failureDetails() == null ? "" : "; failure: " + r.failureDetails().errorMessage()));
      }
      expectedChildren += c.children();
    }
    Map<String, String[]> rows = ChaosChecks.instanceRows(jdbcUrl, HUB);
    Map<String, Integer> childrenByParent = new HashMap<>();
    for (Map.Entry<String, String[]> row : rows.entrySet()) {
      ChaosChecks.HistoryFinding h = ChaosChecks.history(client, row.getKey());
      problems.addAll(h.problems());
      timers += h.timers();
      earlyTimers += h.earlyTimers();
      if (row.getValue()[1] != null) {
        childrenByParent.merge(row.getValue()[1], 1, Integer::sum);
        if (!"Completed".equals(row.getValue()[0])) {
          problems.add("child " + row.getKey() + " is " + row.getValue()[0]);
        }
      }
    }
    for (ChaosCase c : cases) {
      if (childrenByParent.getOrDefault(c.id(), 0) != c.children()) {
        problems.add(c.id() + " has " + childrenByParent.getOrDefault(c.id(), 0) + " children, expected " + c.children());
      }
    }
    assertThat(rows).as(context + ": instance rows (cases and their children)").hasSize(cases.size() + expectedChildren);
    Map<String, Long> leftovers = ChaosChecks.awaitNoLeftovers(jdbcUrl, HUB, Duration.ofSeconds(30));
    ChaosChecks.RunFinding runs = ChaosChecks.runs(RunLog.readAll(runDir), kills, cuts);
    long perKillBound = (long) NodeMain.CHAOS_ACTIVITY_CONCURRENCY * (ChaosCase.MAX_WIDTH + 1);
    long maxPerKill = runs.rerunsPerKilledNode().values().stream().mapToLong(Long::longValue).max().orElse(0);
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(Locale.ROOT, "CHAOS figures: store=%s seed=%d instances=%d children=%d kills=%d"
            + " (processes killed %d) restarts=%d cuts=%d (backends %d) activity calls=%d runs=%d re-runs=%d"
            + " (after kills %d, after cuts %d, most after one kill %d, bound %d) timers=%d (early %d)"
            + " slowest restart=%d ms wall=%.1fs%n",
        storeName, plan.seed(), cases.size(), expectedChildren, killEvents, kills.size(), restarts, cuts.size(),
        cutBackends,
        runs.calls(), runs.runs(), runs.reruns(), runs.rerunsAfterKills(), runs.rerunsAfterCuts(), maxPerKill,
        perKillBound, timers, earlyTimers, slowestRestartMillis, seconds);

    if (!runs.unexplained().isEmpty()) {
      printNodeLogLines(runs.unexplained().get(0).split("#")[0]);
    }
    // Soft: a failing run reports every broken property at once, which tells more than the first alone.
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(problems.size()).as(context + ": outputs and histories wrong, e.g. "
        + String.join("\n  ", problems.subList(0, Math.min(20, problems.size())))).isZero();
    soft.assertThat(leftovers).as(context + ": rows left behind once every instance is done").isEmpty();
    soft.assertThat(runs.calls()).as(context + ": distinct activity calls run (each scheduled call at least once)")
        .isEqualTo(calls);
    soft.assertThat(runs.unexplained().size()).as(context + ": re-runs not preceded by a kill of the earlier run's node"
        + " or a cut, e.g. " + String.join("\n  ", runs.unexplained().subList(0, Math.min(20, runs.unexplained().size()))))
        .isZero();
    // A killed node loses at most its running activities (one per slot) and the finished results that wait
    // in memory for siblings of a held fan-out (fewer than MAX_WIDTH per running sibling).
    soft.assertThat(maxPerKill).as(context + ": re-runs caused by one kill").isLessThanOrEqualTo(perKillBound);
    soft.assertAll();
  }
}
