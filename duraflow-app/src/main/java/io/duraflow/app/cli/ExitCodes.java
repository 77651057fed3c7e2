package io.duraflow.app.cli;

/** The CLI's exit codes, documented in docs/operations.md ("The command line"). */
public final class ExitCodes {
  /** Done. */
  public static final int OK = 0;
  /** The instance ended Failed or Terminated. */
  public static final int INSTANCE_FAILED = 1;
  /** replay-check: the replay of some instance hit non-determinism (or its deadline). */
  public static final int REPLAY_INCOMPATIBLE = 1;
  /** Bad arguments or a request the server or store refused (unknown instance, wrong state, bad JSON). */
  public static final int USAGE = 2;
  /** The server or store could not be reached, or a wait timed out. */
  public static final int UNAVAILABLE = 3;

  private ExitCodes() {}
}
