package io.duraflow.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Durable Functions compatible HTTP API of Duraflow: the starter, the management webhooks under
 * {@code /runtime/webhooks/durabletask}, {@code /health}, {@code /openapi.json} and {@code /metrics}, and the web
 * dashboard at {@code /dashboard/} ({@link DashboardAssets}, logging in through {@link SessionRoutes}).
 *
 * <pre>{@code
 * MasterKey key = MasterKey.loadOrCreate(dataDir, explicitKeyOrNull);
 * DurableHttpServer server = new DurableHttpServer(
 *     HttpServerOptions.builder(engine.client(), key.value()).host("0.0.0.0").port(7071).build());
 * int port = server.start();
 * ...
 * server.close();
 * }</pre>
 *
 * <p>Requests are served concurrently on Jetty's thread pool; a failing request answers an error and
 * the server keeps serving. Slow or silent clients are bounded by {@link HttpServerOptions#idleTimeout()},
 * {@link HttpServerOptions#minRequestDataRate()} and {@link HttpServerOptions#maxConcurrentBodyReads()}, so
 * they cannot take every thread. Thread-safe; {@link #start()} once, {@link #close()} any number of times.
 */
public final class DurableHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DurableHttpServer.class);
  static final String WEBHOOK = CheckStatusPayload.WEBHOOK_PATH;
  static final String INSTANCES = WEBHOOK + "/instances";
  static final String INSTANCE = INSTANCES + "/{instanceId}";
  /** Durable Functions' entity API ({@link EntityRoutes}). */
  static final String ENTITIES = WEBHOOK + "/entities/{entityName}";
  static final String ENTITY = ENTITIES + "/{entityKey}";
  /** Duraflow's own: instances per status, with the listing's filters (not in Durable Functions). */
  static final String COUNTS = WEBHOOK + "/counts";
  /** Duraflow's own: schedules ({@link ScheduleRoutes}). */
  static final String SCHEDULES = WEBHOOK + "/schedules";
  static final String SCHEDULE = SCHEDULES + "/{scheduleId}";
  /** The dashboard's login ({@link SessionRoutes}). */
  static final String DASHBOARD_SESSION = DashboardAssets.PAGE + "/session";

  /** A route: method, Javalin path, the operation for error mapping, whether it needs the key. */
  record Route(HandlerType method, String path, Operation operation, boolean keyRequired, ApiHandler handler) {}

  /** A route's code. */
  @FunctionalInterface
  interface ApiHandler {
    void handle(ApiRequest request) throws Exception;
  }

  private final HttpServerOptions options;
  private final ObjectMapper mapper;
  private final ErrorResponses errors;
  private final KeyCheck keyCheck;
  private final DashboardAssets assets;
  private final List<Route> routes;
  private final Object lifecycle = new Object();
  private Javalin app;
  private boolean closed;

  public DurableHttpServer(HttpServerOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.mapper = JsonLimits.answerMapper();
    this.errors = new ErrorResponses(mapper, options.masterKey());
    DashboardSession sessions = new DashboardSession(options.masterKey(), java.time.Clock.systemUTC());
    this.keyCheck = new KeyCheck(options.masterKey(), sessions);
    this.assets = new DashboardAssets();
    RequestBody bodies = new RequestBody(JsonLimits.bodyMapper(options.maxJsonDepth()), options);
    InstanceAnswers answers = new InstanceAnswers(mapper, new StatusJson(mapper), options.masterKey());
    this.routes = withScheduleRoutes(routes(
        new StarterRoutes(bodies, answers),
        new InstanceQueryRoutes(mapper, answers),
        new InstanceControlRoutes(bodies, answers),
        new PurgeRoutes(mapper, answers),
        new ServiceRoutes(mapper, options, answers),
        new SessionRoutes(bodies, mapper, answers, keyCheck, sessions),
        new MetricsRoutes(options),
        new EntityRoutes(bodies, mapper, answers)),
        new ScheduleRoutes(mapper, bodies, answers, options.schedules()));
  }

  private static List<Route> withScheduleRoutes(List<Route> base, ScheduleRoutes s) {
    List<Route> all = new java.util.ArrayList<>(base);
    all.add(new Route(HandlerType.GET, SCHEDULES, Operation.SCHEDULE, true, s::list));
    all.add(new Route(HandlerType.POST, SCHEDULES, Operation.SCHEDULE, true, s::create));
    all.add(new Route(HandlerType.GET, SCHEDULE, Operation.SCHEDULE, true, s::get));
    all.add(new Route(HandlerType.PUT, SCHEDULE, Operation.SCHEDULE, true, s::replace));
    all.add(new Route(HandlerType.DELETE, SCHEDULE, Operation.SCHEDULE, true, s::delete));
    all.add(new Route(HandlerType.POST, SCHEDULE + "/pause", Operation.SCHEDULE, true, s::pause));
    all.add(new Route(HandlerType.POST, SCHEDULE + "/resume", Operation.SCHEDULE, true, s::resume));
    all.add(new Route(HandlerType.POST, SCHEDULE + "/trigger", Operation.SCHEDULE, true, s::trigger));
    all.add(new Route(HandlerType.POST, SCHEDULE + "/backfill", Operation.SCHEDULE, true, s::backfill));
    return List.copyOf(all);
  }

  private static List<Route> routes(StarterRoutes starter, InstanceQueryRoutes query,
      InstanceControlRoutes control, PurgeRoutes purge, ServiceRoutes service, SessionRoutes session,
      MetricsRoutes metrics, EntityRoutes entities) {
    return List.of(
        new Route(HandlerType.POST, ENTITY, Operation.SIGNAL_ENTITY, true, entities::signal),
        new Route(HandlerType.GET, ENTITY, Operation.GET_ENTITY, true, entities::get),
        new Route(HandlerType.DELETE, ENTITY, Operation.SIGNAL_ENTITY, true, entities::delete),
        new Route(HandlerType.GET, ENTITIES, Operation.LIST_ENTITIES, true, entities::list),
        new Route(HandlerType.POST, DASHBOARD_SESSION, Operation.SESSION, false, session::login),
        new Route(HandlerType.GET, DASHBOARD_SESSION, Operation.SESSION, false, session::current),
        new Route(HandlerType.DELETE, DASHBOARD_SESSION, Operation.SESSION, false, session::logout),
        new Route(HandlerType.GET, INSTANCE + "/history", Operation.GET_HISTORY, true, query::history),
        new Route(HandlerType.GET, "/health", Operation.HEALTH, false, service::health),
        new Route(HandlerType.GET, "/openapi.json", Operation.DESCRIBE, false, service::openApi),
        new Route(HandlerType.GET, "/metrics", Operation.METRICS, metrics.keyRequired(), metrics::metrics),
        new Route(HandlerType.POST, "/api/orchestrators/{functionName}", Operation.START, true, starter::start),
        new Route(HandlerType.POST, "/api/orchestrators/{functionName}/{instanceId}", Operation.START, true, starter::start),
        new Route(HandlerType.POST, WEBHOOK + "/orchestrators/{functionName}", Operation.START, true, starter::start),
        new Route(HandlerType.POST, WEBHOOK + "/orchestrators/{functionName}/{instanceId}", Operation.START, true, starter::start),
        new Route(HandlerType.GET, INSTANCES, Operation.LIST_INSTANCES, true, query::list),
        new Route(HandlerType.GET, COUNTS, Operation.COUNT_INSTANCES, true, query::counts),
        new Route(HandlerType.DELETE, INSTANCES, Operation.PURGE_INSTANCES, true, purge::purgeInstances),
        new Route(HandlerType.GET, INSTANCE, Operation.GET_STATUS, true, query::status),
        new Route(HandlerType.DELETE, INSTANCE, Operation.PURGE_INSTANCE, true, purge::purgeInstance),
        new Route(HandlerType.POST, INSTANCE + "/raiseEvent/{eventName}", Operation.RAISE_EVENT, true, control::raiseEvent),
        new Route(HandlerType.POST, INSTANCE + "/terminate", Operation.TERMINATE, true, control::terminate),
        new Route(HandlerType.POST, INSTANCE + "/suspend", Operation.SUSPEND, true, control::suspend),
        new Route(HandlerType.POST, INSTANCE + "/resume", Operation.RESUME, true, control::resume),
        new Route(HandlerType.POST, INSTANCE + "/rewind", Operation.REWIND, true, control::rewind),
        new Route(HandlerType.POST, INSTANCE + "/restart", Operation.RESTART, true, control::restart));
  }

  /** Every route the server serves, for documentation checks. */
  List<Route> routes() {
    return routes;
  }

  /**
   * Binds {@link HttpServerOptions#host()}:{@link HttpServerOptions#port()} and starts serving.
   *
   * @return the bound port (the chosen one when the options say 0)
   * @throws IllegalStateException if already started or closed
   */
  public int start() {
    synchronized (lifecycle) {
      if (closed || app != null) {
        throw new IllegalStateException("A DurableHttpServer starts once; create a new one to start again");
      }
      Javalin created = Javalin.create(config -> {
        config.showJavalinBanner = false;
        config.startupWatcherEnabled = false;
        config.router.ignoreTrailingSlashes = true;
        config.router.treatMultipleSlashesAsSingleSlash = true;
        config.http.maxRequestSize = options.maxBodyBytes();
        config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler(options.masterKey())));
        config.jetty.modifyServletContextHandler(
            handler -> handler.setErrorHandler(new JsonErrorHandler(options.masterKey())));
        // The data rate is checked while reading a body (RequestBody), not by Jetty: Jetty measures from a
        // body's first byte and so refused small bodies that were read a little late.
        config.jetty.addConnector((server, http) -> {
          ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
          connector.setHost(options.host());
          connector.setPort(options.port());
          connector.setIdleTimeout(options.idleTimeout().toMillis());
          return connector;
        });
        config.router.mount(router -> {
          for (Route route : routes) {
            router.addHttpHandler(route.method(), route.path(), RouteLogContext.around(wrap(route)));
          }
          mountDashboard(router);
        });
      });
      // Javalin's own refusals (no such endpoint, wrong method) in the API's error shape.
      created.exception(HttpResponseException.class, (e, ctx) -> errors.send(ctx, Operation.UNROUTED, e));
      created.exception(Exception.class, (e, ctx) -> errors.send(ctx, Operation.UNROUTED, e));
      try {
        created.start();
      } catch (RuntimeException e) {
        created.stop();
        throw bindFailure(e);
      }
      app = created;
      LOG.info("Durable Functions HTTP API listening on http://{}:{} (task hub '{}')",
          options.host(), created.port(), options.defaultTaskHub());
      return created.port();
    }
  }

  /** The bound port. @throws IllegalStateException if not started */
  public int port() {
    synchronized (lifecycle) {
      if (app == null) {
        throw new IllegalStateException("The server is not started");
      }
      return app.port();
    }
  }

  /** Stops serving and releases the port. Idempotent. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      closed = true;
      if (app != null) {
        app.stop();
        app = null;
      }
    }
  }

  /** The dashboard's page and files: no key (the page logs in through {@link SessionRoutes}). */
  private void mountDashboard(io.javalin.router.JavalinDefaultRouting router) {
    router.addHttpHandler(HandlerType.GET, "/", guarded(assets::root));
    router.addHttpHandler(HandlerType.GET, DashboardAssets.PAGE, guarded(assets::page));
    router.addHttpHandler(HandlerType.GET, DashboardAssets.ASSETS, guarded(assets::asset));
  }

  private Handler guarded(Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (Exception e) {
        errors.send(ctx, Operation.DASHBOARD, e);
      }
    };
  }

  private Handler wrap(Route route) {
    return ctx -> {
      try {
        rejectUnsupportedTransferCoding(ctx);
        ApiRequest request = new ApiRequest(ctx, options);
        if (route.keyRequired()) {
          keyCheck.require(request);
        }
        route.handler().handle(request);
      } catch (Exception e) {
        errors.send(ctx, route.operation(), e);
      }
    };
  }

  /**
   * Jetty decodes only {@code chunked}; a body under any other transfer coding ({@code gzip, chunked})
   * would reach the routes still encoded. Refuse it whole, as RFC 9112 allows, and close the connection
   * since the rest of the stream cannot be trusted.
   */
  private static void rejectUnsupportedTransferCoding(io.javalin.http.Context ctx) {
    String codings = ctx.header("Transfer-Encoding");
    if (codings == null) {
      return;
    }
    for (String coding : codings.split(",")) {
      if (!coding.trim().toLowerCase(Locale.ROOT).equals("chunked")) {
        ctx.header("Connection", "close");
        throw RejectedRequestException.badRequest(
            "Only the chunked transfer coding is supported; send the body plain or chunked.");
      }
    }
  }

  /** Why the port could not be bound, in words: Javalin says "port in use" for every bind failure. */
  private IllegalStateException bindFailure(RuntimeException e) {
    String where = options.host() + ":" + options.port();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException || t instanceof java.net.SocketException) {
        String m = t.getMessage() == null ? "" : t.getMessage();
        if (m.contains("Cannot assign requested address") || m.contains("Can't assign requested address")) {
          return new IllegalStateException("Cannot listen on " + where + ": " + options.host()
              + " is not an address of this machine (use 127.0.0.1, 0.0.0.0 or one of its own addresses)", e);
        }
        if (m.contains("in use")) {
          return new IllegalStateException("Cannot listen on " + where + ": the port is in use by another process", e);
        }
        if (m.contains("Permission denied")) {
          return new IllegalStateException("Cannot listen on " + where + ": permission denied (ports below 1024"
              + " need privileges)", e);
        }
        return new IllegalStateException("Cannot listen on " + where + ": " + m, e);
      }
    }
    return new IllegalStateException("Cannot listen on " + where + ": " + e.getMessage(), e);
  }
}
