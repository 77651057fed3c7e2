/**
 * A test kit for orchestrations: {@link io.duraflow.testkit.DuraflowTestEnvironment} (a real SQLite store,
 * a {@link io.duraflow.testkit.VirtualClock}, activity stubs), {@link io.duraflow.testkit.FaultPlan} and
 * {@link io.duraflow.testkit.FaultExplorer} (seeded crashes, lost leases, duplicate deliveries and reordered
 * results at chosen steps), and {@link io.duraflow.testkit.HistoryReplayer} (recorded histories against new
 * code). Guide: docs/testing.md.
 *
 * <p>Design note. The environment has no worker threads: a test calls {@code runUntilIdle()} or
 * {@code advance(span)} and the kit's worker runs, on the caller's thread, one step at a time:
 *
 * <pre>
 *   runUntilIdle:  claim 1 instance ──step──▶ commit ─┐      (orchestration steps first)
 *                        ▲                            │
 *                        └────────────────────────────┘
 *                  none left: claim all ready activities ─▶ run each ─▶ completeActivity ─▶ (again)
 *                  none left either: idle
 *   advance(span): runUntilIdle; then while the next due time (read from the database) is within the
 *                  span: move the clock there, runUntilIdle; finally move the clock to the end.
 * </pre>
 *
 * Each step gets the next number; a fault plan names numbers. Because claims are ordered and nothing runs
 * concurrently, the same code, input and plan give the same steps in the same order, which is what makes
 * a printed plan reproduce a failure.
 */
package io.duraflow.testkit;
