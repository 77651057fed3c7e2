package io.duraflow.app.cli;

import picocli.CommandLine.Command;

/** See {@link ControlCommand}. */
@Command(name = "rewind", mixinStandardHelpOptions = true, description = "Rewind an instance.")
public final class RewindCommand extends ControlCommand {}
