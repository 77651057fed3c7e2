/**
 * The storage SPI: what the engine needs from a database, implemented by SQLite and PostgreSQL.
 *
 * <p>Model. An <b>instance</b> row holds an orchestration's status and its lock. Its <b>history</b> is an
 * append-only list of events per execution. Its <b>inbox</b> holds messages (history events on their way
 * in: started, activity results, timers due at {@code visibleAt}, external events, management requests).
 * <b>Activity work items</b> are activity calls waiting for a worker.
 *
 * <p>Work item lifecycle (orchestration and activity alike):
 *
 * <pre>
 *   visible --claim (owner, lease, version+1)--> leased --commit/complete--> gone
 *      ^                                           |
 *      +------- abandon / lease expires -----------+
 * </pre>
 *
 * A commit checks the version that the claim set; a zero-row update means another worker claimed the item
 * after this lease expired, and the store throws {@link LeaseLostException} having written nothing. Each
 * commit is one transaction: history append, instance update, consumed messages, outgoing work.
 */
package io.duraflow.store;
