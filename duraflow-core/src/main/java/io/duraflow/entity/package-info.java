/**
 * Durable entities, the processing half: {@link io.duraflow.entity.EntityBatchExecutor} turns an
 * entity's state and a batch of its queued messages into the new state and the messages to send, with no
 * I/O, so that the runtime can commit the whole batch in one transaction. {@link
 * io.duraflow.entity.ClassEntity} runs a plain Java class as an entity.
 *
 * <pre>
 *   queued op --claim (lease)--&gt; batch runs --commit--&gt; state + answers + consumed ops, one transaction
 *                     ^                         |
 *                     +---- crash: lease expires, the whole batch runs again on any node
 * </pre>
 */
package io.duraflow.entity;
