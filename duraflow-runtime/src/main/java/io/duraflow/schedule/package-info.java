/**
 * Schedules: cron or interval specs that start orchestration instances, on any number of nodes.
 *
 * <p>{@link io.duraflow.schedule.ScheduleClient} creates and manages them; the
 * {@link io.duraflow.schedule.ScheduleRunner} of each worker node starts their instances, deciding each
 * step with the pure {@link io.duraflow.schedule.ScheduleStep} and writing it with one compare-and-set
 * of the store ({@link io.duraflow.store.ScheduleStore}), which creates the instance in the same
 * transaction. A schedule row moves like this:
 *
 * <pre>
 *   create ──► next due (nominal time T) ──due──► start  T ──► next due after T
 *                 │  ▲                      ├──► skip   T   (last instance still runs; skip, or buffer full)
 *        pause    │  │ resume (next due     ├──► buffer T   (buffer-one; started when the last one ends)
 *                 ▼  │  = first &gt;= now)    └──► missed     (T older than the catch-up window)
 *               paused
 * </pre>
 *
 * Instance ids are {@code <scheduleId>-<T as ISO-8601 UTC>}, e.g. {@code report-2026-05-01T10:00:00Z}.
 */
package io.duraflow.schedule;
