package io.duraflow.testkit;

/**
 * Thrown inside the environment where a {@link FaultPlan} kills the worker process; the environment
 * catches it, drops the worker's in-memory state and starts a new one. It never reaches the test.
 */
final class SimulatedCrash extends RuntimeException {
  SimulatedCrash(String where) {
    super("Simulated crash " + where, null, false, false);
  }
}
