/**
 * The programming model: orchestrations, activities, tasks and the registry that names them.
 *
 * <p>Runtime status of an instance:
 *
 * <pre>
 *            start                first step
 *   (none) --------> Pending ------------------> Running ----------> Completed
 *                       |                         |   ^  \---------> Failed ----rewind----> Running
 *                       |            suspend      v   | resume \---> Terminated
 *                       |                      Suspended           \-> ContinuedAsNew -> Running (new execution)
 *                       \---- terminate ---------------------------------> Terminated
 * </pre>
 *
 * Completed, Failed and Terminated are terminal: only purge, restart (a new instance) and, for Failed,
 * rewind apply to them.
 */
package io.duraflow.api;
