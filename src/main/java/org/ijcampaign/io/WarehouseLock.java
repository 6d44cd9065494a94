package org.ijcampaign.io;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One job at a time per warehouse: a lock file created atomically (create-if-absent) in the
 * warehouse root. A second run refuses with {@link Busy}. A lock left by a killed process on
 * the same host is recognised (its PID is gone) and taken over, so a SIGKILL never blocks the
 * next run.
 */
public final class WarehouseLock implements AutoCloseable {
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

  public static WarehouseLock acquire(String warehouse, Configuration hadoop, String runId,
      String job) {
    try {
      Path root = new Path(warehouse);
      FileSystem fs = root.getFileSystem(hadoop);
      fs.mkdirs(root);
      Path path = new Path(root, FILE);
      String me = host() + " " + ProcessHandle.current().pid() + " " + runId + " " + job;
      for (int attempt = 0; attempt < 2; attempt++) {
        try (FSDataOutputStream out = fs.create(path, false)) {
          out.write(me.getBytes(StandardCharsets.UTF_8));
          return new WarehouseLock(fs, path);
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
          String holder = read(fs, path);
          if (!isStale(holder)) {
            throw new Busy("the warehouse " + warehouse + " is locked by another run (host pid "
                + "run job: " + holder + "); retry when it ends");
          }
          System.err.println("taking over a stale lock left by a dead process: " + holder);
          fs.delete(path, false);
        } catch (IOException e) {
          if (fs.exists(path) && attempt == 0) {
            String holder = read(fs, path);
            if (!isStale(holder)) {
              throw new Busy("the warehouse " + warehouse + " is locked by another run ("
                  + holder + "); retry when it ends");
            }
            fs.delete(path, false);
          } else {
            throw e;
          }
        }
      }
      throw new Busy("could not take the lock of " + warehouse);
    } catch (IOException e) {
      throw new IllegalStateException("cannot lock the warehouse " + warehouse, e);
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
      System.err.println("could not release the warehouse lock " + path + ": " + e.getMessage());
    }
  }
}
