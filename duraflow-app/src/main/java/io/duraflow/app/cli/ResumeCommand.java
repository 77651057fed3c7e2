package io.duraflow.app.cli;

import picocli.CommandLine.Command;

/** See {@link ControlCommand}. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume an instance.")
public final class ResumeCommand extends ControlCommand {}
