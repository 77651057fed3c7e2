package io.duraflow.bench.peer;

import dev.dbos.transact.DBOS;
import dev.dbos.transact.StartWorkflowOptions;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.workflow.Queue;
import dev.dbos.transact.workflow.Workflow;
import dev.dbos.transact.workflow.WorkflowHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * DBOS Transact for Java on its own fresh PostgreSQL database, configured the way its documentation (DBOS
 * Lifecycle / DBOSConfig, Queues &amp; Concurrency) shows and with its defaults otherwise.
 *
 * <p>Settings chosen, and the defaults they leave in force (dev.dbos:transact 1.1.0-m6):
 *
 * <ul>
 *   <li>{@code DBOSConfig.defaults(appName).withDatabaseUrl(url).withDbUser(user).withDbPassword(password)}: the
 *       system database is the benchmark's fresh database ({@code jdbc:postgresql://host:port/duraflow_bench_dbos},
 *       credentials from {@code --pg}); tables in DBOS's default schema {@code dbos}.
 *   <li>Defaults: {@code migrate=true} (DBOS creates its tables at launch), LISTEN/NOTIFY on, no admin server, no
 *       Conductor, application version computed from the workflow code, the system database pool that DBOS builds
 *       itself (HikariCP, 10 connections, minimum idle 10), workflows on DBOS's executor (a fixed pool of
 *       50 x cores threads on Java 17; virtual threads only on Java 21+).
 *   <li>HelloSequence: one {@code @Workflow} that runs 3 steps in a row with {@code dbos.runStep}, each step doing
 *       what Duraflow's SayHello activity does ({@code "Hello " + city + "!"}, cities Tokyo, Seattle, London);
 *       started with {@code dbos.startWorkflow(() -> proxy.helloSequence())} (runs at once in this process, no
 *       queue) and awaited with {@code handle.getResult()}.
 *   <li>Fan-out, as the queue tutorial shows it: the parent workflow enqueues N child workflows on a
 *       {@link Queue} registered before launch ({@code new Queue("compare-fanout")}: no concurrency limit, default
 *       polling interval 1 s unless {@code --dbos-queue-poll-ms} says otherwise) and then calls
 *       {@code getResult()} on every handle. A child is a workflow that returns its input (its recorded output is
 *       the durable result, like an Echo activity's); {@code --dbos-child-step} makes each child run one step as
 *       well. Java DBOS has no asynchronous step API, so children are workflows.
 * </ul>
 */
final class DbosSide implements PeerSide {
  static final String APP_NAME = "duraflow-compare";
  static final String QUEUE = "compare-fanout";
  static final List<String> CITIES = List.of("Tokyo", "Seattle", "London"); // HelloSequence's default input

  /** The workflows, behind the proxy DBOS makes of this interface. */
  public interface Workflows {
    List<String> helloSequence();

    int fanOut(int width);

    int child(int i);
  }

  /** Workflow code: registered with {@link DBOS#registerProxy}. */
  public static final class WorkflowsImpl implements Workflows {
    private final DBOS dbos;
    private final Queue queue;
    private final boolean childStep;
    private volatile Workflows proxy;

    WorkflowsImpl(DBOS dbos, Queue queue, boolean childStep) {
      this.dbos = dbos;
      this.queue = queue;
      this.childStep = childStep;
    }

    @Override
    @Workflow(name = "HelloSequence")
    public List<String> helloSequence() {
      List<String> greetings = new ArrayList<>(CITIES.size());
      for (String city : CITIES) {
        greetings.add(dbos.runStep(() -> "Hello " + city + "!", "SayHello"));
      }
      return greetings;
    }

    @Override
    @Workflow(name = "FanOut")
    public int fanOut(int width) {
      List<WorkflowHandle<Integer, RuntimeException>> handles = new ArrayList<>(width);
      StartWorkflowOptions options = new StartWorkflowOptions().withQueue(queue);
      for (int i = 0; i < width; i++) {
        int n = i;
        handles.add(dbos.startWorkflow(() -> proxy.child(n), options));
      }
      int done = 0;
      for (WorkflowHandle<Integer, RuntimeException> h : handles) {
        h.getResult();
        done++;
      }
      return done;
    }

    @Override
    @Workflow(name = "Echo")
    public int child(int i) {
      return childStep ? dbos.runStep(() -> i, "Echo") : i;
    }
  }

  private final DBOS dbos;
  private final Workflows proxy;
  private final LongSupplier transactions;
  private final String settings;

  DbosSide(String url, String user, String password, Duration queuePolling, boolean childStep, LongSupplier transactions) {
    DBOSConfig config = DBOSConfig.defaults(APP_NAME).withDatabaseUrl(url).withDbUser(user).withDbPassword(password);
    DBOS d = new DBOS(config);
    try {
      Queue queue = new Queue(QUEUE).withPollingInterval(queuePolling);
      d.registerQueue(queue);
      WorkflowsImpl impl = new WorkflowsImpl(d, queue, childStep);
      proxy = d.registerProxy(Workflows.class, impl);
      impl.proxy = proxy;
      d.launch();
    } catch (RuntimeException | Error e) {
      d.shutdown();
      throw e;
    }
    this.dbos = d;
    this.transactions = transactions;
    this.settings = "DBOS PostgreSQL: DBOS Transact " + DBOS.version() + ", DBOSConfig.defaults(\"" + APP_NAME
        + "\") + system database " + url + " (user " + user + "), migrate " + config.migrate() + ", LISTEN/NOTIFY "
        + config.useListenNotify() + ", own HikariCP pool (10), schema dbos, executor "
        + (Runtime.version().feature() >= 21 ? "virtual threads" : "fixed pool " + 50 * Runtime.getRuntime().availableProcessors())
        + "; HelloSequence = workflow with 3 runStep; fan-out = parent enqueues N child workflows"
        + (childStep ? " (one step each)" : " (no step)") + " on queue '" + QUEUE + "' (polling " + queuePolling.toMillis()
        + " ms, no concurrency limit) and awaits every handle";
  }

  @Override
  public String label() {
    return "DBOS PostgreSQL";
  }

  @Override
  public String settings() {
    return settings;
  }

  @Override
  public Pending startHello() {
    WorkflowHandle<List<String>, RuntimeException> h = dbos.startWorkflow(() -> proxy.helloSequence());
    return new Pending() {
      @Override
      public String id() {
        return h.workflowId();
      }

      @Override
      public void await(Duration timeout) {
        List<String> r = h.getResult();
        if (r == null || r.size() != CITIES.size()) {
          throw new IllegalStateException("DBOS workflow " + h.workflowId() + " returned " + r);
        }
      }
    };
  }

  @Override
  public Pending startFanOut(int width) {
    WorkflowHandle<Integer, RuntimeException> h = dbos.startWorkflow(() -> proxy.fanOut(width));
    return new Pending() {
      @Override
      public String id() {
        return h.workflowId();
      }

      @Override
      public void await(Duration timeout) {
        Integer r = h.getResult();
        if (r == null || r != width) {
          throw new IllegalStateException("DBOS fan-out " + h.workflowId() + " returned " + r + ", expected " + width);
        }
      }
    };
  }

  @Override
  public LongSupplier transactionCounter() {
    return transactions;
  }

  @Override
  public void close() {
    dbos.shutdown();
  }
}
