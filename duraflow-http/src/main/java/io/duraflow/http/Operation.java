package io.duraflow.http;

/**
 * What a route does. {@link ErrorResponses} needs it because Durable Functions answers the same engine
 * error differently per operation: an instance in the wrong state is 410 for terminate, 412 for rewind
 * and purge, 409 for a restart under the same id.
 */
enum Operation {
  START,
  GET_STATUS,
  GET_HISTORY,
  LIST_INSTANCES,
  COUNT_INSTANCES,
  RAISE_EVENT,
  TERMINATE,
  SUSPEND,
  RESUME,
  REWIND,
  RESTART,
  PURGE_INSTANCE,
  PURGE_INSTANCES,
  SIGNAL_ENTITY,
  GET_ENTITY,
  LIST_ENTITIES,
  HEALTH,
  DESCRIBE,
  /** The dashboard's login, session check and logout. */
  SESSION,
  /** The dashboard's page and its static files. */
  DASHBOARD,
  /** The Prometheus scrape. */
  METRICS,
  /** The schedule routes ({@link ScheduleRoutes}). */
  SCHEDULE,
  /** A request that matched no route, or failed outside one. */
  UNROUTED
}
