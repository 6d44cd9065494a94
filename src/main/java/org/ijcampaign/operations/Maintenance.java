package org.ijcampaign.operations;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.RunLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code maintenance} job: compacts the small files of each Delta table (OPTIMIZE) and
 * removes the files no version inside the retention needs (VACUUM). Time travel to any version
 * younger than the retention keeps working; older versions may lose their files, as Delta
 * documents. The retention is never below Delta's own seven-day safety check.
 */
public final class Maintenance {
  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
  public static final int MIN_RETENTION_HOURS = 168;

  private Maintenance() {}

  /** The Delta tables under the warehouse root (folders holding a {@code _delta_log}). */
  public static List<String> tables(DeltaStore store) {
    try {
      Path root = new Path(store.warehouse());
      FileSystem fs = root.getFileSystem(store.spark().sparkContext().hadoopConfiguration());
      List<String> out = new ArrayList<>();
      if (!fs.exists(root)) {
        return out;
      }
      for (FileStatus s : fs.listStatus(root)) {
        if (s.isDirectory() && fs.exists(new Path(s.getPath(), "_delta_log"))) {
          out.add(s.getPath().getName());
        }
      }
      out.sort(String::compareTo);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void run(DeltaStore store, RunLog log, int retentionHours, List<String> only) {
    if (retentionHours < MIN_RETENTION_HOURS) {
      throw new org.ijcampaign.config.ConfigError("maintenance.retention-hours must be at least "
          + MIN_RETENTION_HOURS + " (Delta's safety check), not " + retentionHours);
    }
    for (String table : only.isEmpty() ? tables(store) : only) {
      Instant t0 = Instant.now();
      long before = store.version(table);
      DeltaTable t = DeltaTable.forPath(store.spark(), store.path(table));
      long filesBefore = fileCount(t);
      t.optimize().executeCompaction();
      t.vacuum(retentionHours);
      long filesAfter = fileCount(t);
      log.stage("maintain " + table, filesBefore, filesAfter, Duration.between(t0, Instant.now()));
      LOG.info(String.format("[maintenance] %-26s version %d -> %d, live files %d -> %d", table,
          before, store.version(table), filesBefore, filesAfter));
    }
  }

  private static long fileCount(DeltaTable t) {
    return t.detail().select("numFiles").head().getAs("numFiles");
  }
}
