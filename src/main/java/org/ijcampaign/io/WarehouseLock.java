package org.ijcampaign.io;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job at a time per warehouse: a lock file created atomically (create-if-absent: a hard link
 * on a local disk, the NameNode's create on HDFS) in the warehouse root. A second run refuses
 * with {@link Busy}. The exports' folder is locked the same way while its files are replaced
 * ({@link #awaitFolder}). A lock left by a killed process on the same host is recognised (its
 * PID is gone) and taken over, so a SIGKILL never blocks the next run.
 */
public final class WarehouseLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WarehouseLock.class);
  public static final String FILE = "_ij_campaign.lock";

  /** Another live run holds the lock. */
  public static final class Busy extends RuntimeException {
    public Busy(String message) {
      super(message);
    }
  }

  private final FileSystem fs;
  private final Path path;

  private WarehouseLock(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
  }

  /** The warehouse cannot be written (read-only, no permission): retrying will not help. */
  public static final class NotWritable extends RuntimeException {
    public NotWritable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static WarehouseLock acquire(String warehouse, Configuration hadoop, String runId,
      String job) {
    return acquire(warehouse, "the warehouse " + warehouse, hadoop, runId, job);
  }

  /**
   * The same lock on another folder that a job replaces whole (the exports), waited for rather
   * than refused at once: a second run writing there takes its turn when the first has written
   * its files, instead of deleting them while they are written. Busy after {@code wait}.
   */
  public static WarehouseLock awaitFolder(String folder, Configuration hadoop, String runId,
      String job, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    boolean told = false;
    while (true) {
      try {
        return acquire(folder, "the folder " + folder, hadoop, runId, job);
      } catch (Busy e) {
        if (System.nanoTime() - deadline >= 0) {
          throw e;
        }
        if (!told) {
          LOG.info("{}; waiting up to {} s", e.getMessage(), wait.toSeconds());
          told = true;
        }
        try {
          Thread.sleep(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static WarehouseLock acquire(String folder, String what, Configuration hadoop,
      String runId, String job) {
    Path root = new Path(folder);
    Path path = new Path(root, FILE);
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.mkdirs(root)) {
        throw new NotWritable("cannot create " + what, null);
      }
      String me = host() + " " + ProcessHandle.current().pid() + " " + runId + " " + job;
      for (int attempt = 0; attempt < 2; attempt++) {
        if (createNew(fs, path, me)) {
          LOG.debug("took the lock {} ({})", path, me);
          return new WarehouseLock(fs, path);
        }
        String holder = read(fs, path);
        if (!isStale(holder)) {
          throw new Busy(what + " is locked by another run (host pid "
              + "run job: " + holder + "); retry when it ends");
        }
        LOG.warn("taking over a stale lock left by a dead process: {}", holder);
        // Deleted only if it still holds the dead process's line: a lock another run has just
        // taken over in the meantime is left alone, and the create below then fails.
        if (read(fs, path).equals(holder) && !fs.delete(path, false) && fs.exists(path)) {
          throw new NotWritable("cannot remove the stale lock " + path + " (" + holder
              + "): " + what + " is not writable by this run", null);
        }
      }
      throw new Busy("could not take the lock of " + what);
    } catch (java.nio.file.AccessDeniedException | org.apache.hadoop.security.AccessControlException
        | java.nio.file.ReadOnlyFileSystemException
        | org.apache.hadoop.fs.ParentNotDirectoryException e) {
      // A path through a regular file cannot be written either: a configuration error, which
      // retrying does not fix.
      throw new NotWritable("cannot write " + what + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot lock " + what, e);
    }
  }

  /**
   * Creates the lock file only if absent, atomically. Hadoop's local file system checks then
   * creates (two runs starting together both won), so a local path goes through a hard link,
   * which the OS creates only on a free name; HDFS's create without overwrite is atomic at
   * the NameNode.
   */
  private static boolean createNew(FileSystem fs, Path path, String content) throws IOException {
    if ("file".equals(fs.getUri().getScheme())) {
      // Written whole beside it, then hard-linked under the lock's name: the link is created
      // only if the name is free, and a reader never sees a lock without its holder's line.
      java.nio.file.Path local = java.nio.file.Path.of(fs.makeQualified(path).toUri());
      java.nio.file.Path temp = local.resolveSibling("." + FILE + "." + java.util.UUID
          .randomUUID());
      java.nio.file.Files.write(temp, content.getBytes(StandardCharsets.UTF_8));
      try {
        java.nio.file.Files.createLink(local, temp);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      } finally {
        java.nio.file.Files.deleteIfExists(temp);
      }
    }
    try (FSDataOutputStream out = fs.create(path, false)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  private static String read(FileSystem fs, Path path) throws IOException {
    try (FSDataInputStream in = fs.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (java.io.FileNotFoundException e) {
      return "";
    }
  }

  /** A lock of this host whose process is gone. Locks of other hosts are never guessed at. */
  static boolean isStale(String holder) {
    if (holder.isEmpty()) {
      // Created and not yet written (HDFS), or just released: a live run, not a dead one.
      return false;
    }
    String[] parts = holder.split(" ");
    if (parts.length < 2) {
      return true;
    }
    if (!parts[0].equals(host())) {
      return false;
    }
    try {
      long pid = Long.parseLong(parts[1]);
      return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }

  @Override
  public void close() {
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      LOG.warn("could not release the lock {}: {}", path, e.getMessage());
    }
  }
}
