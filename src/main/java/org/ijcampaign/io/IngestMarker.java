package org.ijcampaign.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Makes an ingestion all-or-nothing as later jobs see it. An ingestion replaces ten tables one
 * commit at a time; killed between two commits, it leaves tables of two landing zones side by
 * side. So it marks the warehouse {@code RUNNING} before its first write and {@code SUCCEEDED},
 * with the table versions it wrote, after its last; every other job refuses a warehouse whose
 * mark is not {@code SUCCEEDED}. A warehouse without a mark (written before the mark existed)
 * is accepted. The mark is replaced by a rename, atomic on HDFS and local disks.
 */
public final class IngestMarker {
  public static final String FILE = "_ij_campaign_ingest";
  static final String RUNNING = "RUNNING";
  static final String SUCCEEDED = "SUCCEEDED";

  /** The warehouse holds a half-done ingestion: re-ingest, do not retry the job. Exit 3. */
  public static final class Incomplete extends InputError {
    public Incomplete(String message) {
      super(message);
    }
  }

  private IngestMarker() {}

  public static void started(DeltaStore store, String runId) {
    write(store, RUNNING + " " + runId + "\n");
  }

  public static void succeeded(DeltaStore store, String runId, Map<String, Long> versions) {
    StringBuilder b = new StringBuilder(SUCCEEDED + " " + runId + "\n");
    new TreeMap<>(versions).forEach((t, v) -> b.append(t).append(' ').append(v).append('\n'));
    write(store, b.toString());
  }

  /** Refuses a warehouse whose last ingestion started and never finished. */
  public static void requireComplete(DeltaStore store) {
    String mark = read(store);
    if (mark != null && !mark.startsWith(SUCCEEDED + " ")) {
      throw new Incomplete("the last ingest into " + store.warehouse() + " did not complete ("
          + mark.lines().findFirst().orElse("") + "): its tables may mix two landing zones; "
          + "run ingest again before any other job");
    }
  }

  /** The mark as written, or null when the warehouse has none. */
  public static String read(DeltaStore store) {
    Path p = new Path(store.warehouse(), FILE);
    try {
      FileSystem fs = p.getFileSystem(store.spark().sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        return null;
      }
      try (FSDataInputStream in = fs.open(p)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }

  private static void write(DeltaStore store, String text) {
    Path p = new Path(store.warehouse(), FILE);
    Path temp = new Path(store.warehouse(), "." + FILE + "." + System.nanoTime());
    try {
      FileSystem fs = p.getFileSystem(store.spark().sparkContext().hadoopConfiguration());
      fs.mkdirs(p.getParent());
      try (OutputStream os = fs.create(temp, true)) {
        os.write(text.getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(p, false);
      if (!fs.rename(temp, p)) {
        throw new IOException("cannot rename " + temp + " to " + p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + p, e);
    }
  }
}
