package io.duraflow.testkit;

/** What a numbered step of a test run is. */
public enum StepKind {
  /** One orchestration step: a claimed instance's new messages replayed through its code and committed. */
  ORCHESTRATION,
  /** One execution of an activity. */
  ACTIVITY
}
