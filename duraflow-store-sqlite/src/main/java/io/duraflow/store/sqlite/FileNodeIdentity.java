package io.duraflow.store.sqlite;

import io.duraflow.store.NodeIdentity;
import io.duraflow.store.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A node name made exclusive by an OS file lock on {@code <database>-node-<hash>.lock} beside the database:
 * every process that opens the same file sees the same lock, and the OS drops it when the holder dies
 * (kill -9 included), which is exactly when its leases may be released.
 */
final class FileNodeIdentity implements NodeIdentity {
  private final String nodeId;
  private final FileChannel channel;
  private final FileLock lock;

  private FileNodeIdentity(String nodeId, FileChannel channel, FileLock lock) {
    this.nodeId = nodeId;
    this.channel = channel;
    this.lock = lock;
  }

  static Optional<NodeIdentity> tryLock(Path database, String nodeId) {
    Path file = database.resolveSibling(database.getFileName() + "-node-" + hash(nodeId) + ".lock");
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        return Optional.empty();
      }
      channel.truncate(0).write(java.nio.ByteBuffer.wrap((nodeId + "\n").getBytes(StandardCharsets.UTF_8)));
      return Optional.of(new FileNodeIdentity(nodeId, channel, lock));
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel); // held by another store in this same process
      return Optional.empty();
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StoreException("Could not lock node name '" + nodeId + "' in " + file.getParent() + ": "
          + e.getMessage(), e);
    }
  }

  /** File names stay short and portable whatever characters the node name has. */
  private static String hash(String nodeId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(nodeId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing to release
      }
    }
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
  }
}
