package io.duraflow.api;

/**
 * The code of a durable entity, registered by name with {@link TaskRegistry.Builder#addEntity}. The
 * runtime calls {@link #run} once per operation, one operation at a time per entity, in the order the
 * operations arrived; the state it reads and writes through the context is durable.
 *
 * <p>Contract: an operation that throws is rolled back (its state change and the messages it sent are
 * discarded) and its failure is returned to a caller that awaits it ({@code callEntity}); the entity goes
 * on with the next operation. The code runs inside the batch that commits its effects, so a node crash
 * replays the operations of an uncommitted batch: keep operations free of side effects outside the
 * context. Implementations must be thread-safe (or stateless): different entities of one name run
 * concurrently.
 */
@FunctionalInterface
public interface TaskEntity {

  /** Runs {@code ctx.operationName()}; the returned value (serialised to JSON) is the operation's result. */
  Object run(TaskEntityContext ctx) throws Exception;
}
