package io.duraflow.app;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = DuraflowCli.class.getPackage().getImplementationVersion();
    return new String[] {"duraflow " + (v == null ? "development build" : v)};
  }
}
