package io.duraflow.http;

/**
 * What a route does. {@link ErrorResponses} needs it because Durable Functions answers the same engine
 * error differently per operation: an instance in the wrong state is 410 for terminate, 412 for rewind
 * and purge, 409 for a restart under the same id.
 */
enum Operation {
  START,
  GET_STATUS,
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
  HEALTH,
  DESCRIBE,
  METRICS,
  /** A request that matched no route, or failed outside one. */
  UNROUTED
}
