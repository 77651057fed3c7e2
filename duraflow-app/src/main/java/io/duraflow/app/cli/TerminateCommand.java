package io.duraflow.app.cli;

import picocli.CommandLine.Command;

/** See {@link ControlCommand}. */
@Command(name = "terminate", mixinStandardHelpOptions = true, description = "Terminate an instance.")
public final class TerminateCommand extends ControlCommand {}
