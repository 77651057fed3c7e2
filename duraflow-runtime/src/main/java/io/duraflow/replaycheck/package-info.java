/**
 * The replay check: replays stored histories against the code on the classpath, to find the instances a
 * deploy would break before it ships (see docs/versioning.md and the {@code duraflow replay-check}
 * command).
 */
package io.duraflow.replaycheck;
