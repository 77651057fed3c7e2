package io.duraflow.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master key of the HTTP API, and where it came from.
 *
 * <p>{@link #loadOrCreate} picks, in order: the explicit key (from {@code --key} or {@code
 * DURAFLOW_KEY}), the key stored in {@code <dataDir>/master.key}, or a freshly generated one that it
 * stores there with file mode 600. When {@link #generated()} is true the application prints the key
 * once; nothing here ever logs the key itself.
 *
 * @param value the key
 * @param generated true when this call created it (and wrote {@link #file()})
 * @param file the key file it was read from or written to, or null for an explicit key
 */
public record MasterKey(String value, boolean generated, Path file) {
  /** The key file's name inside the data directory. */
  public static final String FILE_NAME = "master.key";

  private static final Logger LOG = LoggerFactory.getLogger(MasterKey.class);
  private static final int KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  public MasterKey {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("master key must not be blank");
    }
  }

  @Override
  public String toString() {
    // Records print their components; a key must not end up in a log line by accident.
    return "MasterKey[generated=" + generated + ", file=" + file + "]";
  }

  /**
   * The key to use: {@code explicitKeyOrNull} when it is not blank, else the one stored in {@code
   * dataDir}, else a new random one written there with owner-only permissions.
   *
   * @throws IllegalStateException if the key file exists but is empty
   * @throws UncheckedIOException if the key file cannot be read or written
   */
  public static MasterKey loadOrCreate(Path dataDir, String explicitKeyOrNull) {
    if (explicitKeyOrNull != null && !explicitKeyOrNull.isBlank()) {
      return new MasterKey(explicitKeyOrNull.trim(), false, null);
    }
    Objects.requireNonNull(dataDir, "dataDir");
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        return read(file);
      }
      Files.createDirectories(dataDir);
      String key = newKey();
      if (!write(dataDir, file, key)) {
        // Another process created the file between our check and our write: use its key.
        return read(file);
      }
      return new MasterKey(key, true, file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the master key file " + file, e);
    }
  }

  /**
   * The key kept in {@code dataDir}, if there is one: for a client of a server on this machine (the CLI's
   * {@code --url} without {@code --key}). Never creates a key.
   *
   * @throws IllegalStateException if the key file exists but is empty
   * @throws UncheckedIOException if the key file exists but cannot be read
   */
  public static java.util.Optional<String> existing(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(read(file).value());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the master key file " + file, e);
    }
  }

  /** A new random key: 32 bytes from {@link SecureRandom}, URL-safe Base64 without padding. */
  static String newKey() {
    byte[] bytes = new byte[KEY_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static MasterKey read(Path file) throws IOException {
    String key = Files.readString(file, StandardCharsets.UTF_8).trim();
    if (key.isEmpty()) {
      throw new IllegalStateException(
          "The master key file " + file + " is empty; delete it to generate a new key, or pass one with --key");
    }
    warnIfReadableByOthers(file);
    return new MasterKey(key, false, file);
  }

  /** Writes {@code key} to a private temporary file and moves it into place; false if {@code file} appeared meanwhile. */
  private static boolean write(Path dataDir, Path file, String key) throws IOException {
    Path tmp;
    boolean posix = dataDir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (posix) {
      // Created with mode 600 from the start, so the key is never readable by others, not even briefly.
      tmp = Files.createTempFile(dataDir, FILE_NAME, ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      tmp = Files.createTempFile(dataDir, FILE_NAME, ".tmp");
    }
    try {
      Files.writeString(tmp, key + "\n", StandardCharsets.UTF_8);
      if (Files.exists(file)) {
        return false;
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void warnIfReadableByOthers(Path file) {
    try {
      if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        return;
      }
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
        LOG.warn("The master key file {} is accessible to other users ({}); run: chmod 600 {}",
            file, PosixFilePermissions.toString(perms), file);
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("Cannot check the permissions of {}", file, e);
    }
  }
}
