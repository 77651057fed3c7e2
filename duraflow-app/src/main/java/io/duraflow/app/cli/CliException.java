package io.duraflow.app.cli;

/** A command failed in a way the user can act on; {@link #exitCode()} is one of {@link ExitCodes}. */
public final class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
