package org.ijcampaign.export;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.SafeNames;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.io.WarehouseLock;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.targeting.TargetJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code export} job's edges: under {@code out/<campaign>/}, {@code departements/
 * targeting_<département>.csv} (the targeted GPs of each département, {@code ;}-separated with
 * a header, for the regional funds), {@code letters/<RPPS>.txt} (one GP's letter figures) and
 * {@code summary.csv} (targeted GPs per département, written even when there are none).
 * A re-run replaces the campaign's folder. Returns the targeted GPs per département.
 */
public final class ExportJob {
  private static final Logger LOG = LoggerFactory.getLogger(ExportJob.class);
  private static final String PART = "file_departement";

  private ExportJob() {}

  /**
   * How long an export waits for another run's export to the same folder to end: a national
   * export writes about a thousand small files in well under a minute, so a longer wait means
   * a run that hangs there, and this one then stops, busy.
   */
  static final Duration LOCK_WAIT = Duration.ofMinutes(10);

  public static Map<String, Long> run(DeltaStore store, RunLog log, CampaignConfig c,
      String out) {
    Instant t0 = Instant.now();
    // Checked again here, whatever built the config: the folder below is deleted recursively.
    Path root = SafeNames.child(new Path(out), "campaign.name", c.name());
    TargetJob.Written written = TargetJob.written(store, c);
    Dataset<Row> targeting = written.rows();
    long profiled = written.count();
    Dataset<Row> list = Exports.fundList(targeting).persist();
    // Two runs exporting to one folder (two pipelines sharing a work folder) take turns: the
    // second's delete below would otherwise remove the first's files as they are written.
    Configuration hadoop = store.spark().sparkContext().hadoopConfiguration();
    try (WarehouseLock turn = WarehouseLock.awaitFolder(out, hadoop, log.runId(), "export",
        LOCK_WAIT)) {
      FileSystem fs = root.getFileSystem(hadoop);
      fs.delete(root, true);
      // The funds get the files alone, without the local file system's .crc companions.
      fs.setWriteChecksum(false);
      // One task per département, so that each writes one file, then renamed to its name.
      Path staging = new Path(root, "_staging");
      // A copy of the column partitions the files: partitionBy drops it from their content.
      list.withColumn(PART, col(Exports.DEPARTEMENT)).repartition(col(PART)).write()
          .mode(SaveMode.Overwrite).partitionBy(PART).option("header", "true")
          .option("sep", ";").csv(staging.toString());
      Path departements = new Path(root, "departements");
      fs.mkdirs(departements);
      // Renamed through the raw view of a checksummed (local) file system, so that a part's
      // checksum file, written by an executor on a cluster, stays in the staging folder.
      FileSystem mover = fs instanceof ChecksumFileSystem checksummed
          ? checksummed.getRawFileSystem() : fs;
      for (FileStatus dir : fs.listStatus(staging)) {
        String name = dir.getPath().getName();
        if (!dir.isDirectory() || !name.startsWith(PART + "=")) {
          continue;
        }
        String dep = name.substring(PART.length() + 1);
        for (FileStatus part : fs.listStatus(dir.getPath())) {
          if (part.getPath().getName().startsWith("part-")) {
            mover.rename(part.getPath(), new Path(departements, "targeting_" + dep + ".csv"));
          }
        }
      }
      fs.delete(staging, true);

      // The targeted GPs of one campaign (the persisted list, which carries every letter
      // figure): a few thousand rows nationally, not the profiles.
      Path letters = new Path(root, "letters");
      fs.mkdirs(letters);
      Map<String, Long> byDepartement = new TreeMap<>();
      for (Row r : list.collectAsList()) {
        byDepartement.merge(r.getAs(Exports.DEPARTEMENT), 1L, Long::sum);
        try (OutputStream os = fs.create(new Path(letters, r.getAs(Profile.PHYSICIAN_ID)
            + ".txt"), true)) {
          os.write(Exports.letter(r, c.name(), c.observation().label())
              .getBytes(StandardCharsets.UTF_8));
        }
      }
      // The index a fund reads first, written even when nobody is targeted.
      StringBuilder index = new StringBuilder(Exports.DEPARTEMENT + ";targeted_gps\n");
      byDepartement.forEach((dep, n) -> index.append(dep).append(';').append(n).append('\n'));
      try (OutputStream os = fs.create(new Path(root, "summary.csv"), true)) {
        os.write(index.toString().getBytes(StandardCharsets.UTF_8));
      }
      long total = byDepartement.values().stream().mapToLong(Long::longValue).sum();
      LOG.info(String.format("[export] %s: %,d targeted GPs in %d départements under %s",
          c.name(), total, byDepartement.size(), root));
      log.stage("export " + c.name(), profiled, total,
          Duration.between(t0, Instant.now()));
      return byDepartement;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the exports under " + root, e);
    } finally {
      list.unpersist();
    }
  }
}
