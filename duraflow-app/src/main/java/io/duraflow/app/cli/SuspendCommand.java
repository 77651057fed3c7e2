package io.duraflow.app.cli;

import picocli.CommandLine.Command;

/** See {@link ControlCommand}. */
@Command(name = "suspend", mixinStandardHelpOptions = true, description = "Suspend an instance.")
public final class SuspendCommand extends ControlCommand {}
