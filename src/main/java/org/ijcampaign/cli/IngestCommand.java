package org.ijcampaign.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.ConfigError;
import org.ijcampaign.ingest.Ingestion;
import org.ijcampaign.ingest.RawLines;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.schema.Quarantine;
import org.ijcampaign.schema.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ingest --landing DIR}: landing zone to Delta tables and quarantine. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Check a landing zone against the contract; write accepted rows, quarantine "
        + "and reconciliation counts.")
final class IngestCommand implements Runnable {
  @Mixin CommonOptions common;

  @Option(names = "--landing", paramLabel = "DIR",
      description = "Landing zone folder (default: the configuration's landing).")
  String landing;

  @Override
  public void run() {
    AppConfig cfg = JobContext.config(common);
    String dir = landing != null ? landing : cfg.landing();
    if (dir == null || dir.isBlank()) {
      throw new ConfigError("no landing zone: give --landing DIR or set ijcampaign.landing in "
          + cfg.source());
    }
    try (JobContext ctx = JobContext.open("ingest", cfg)) {
      ingest(ctx, dir);
    }
  }

  static void ingest(JobContext ctx, String dir) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("landing", dir);
    ctx.run("ingest", params, ctx.cfg.contentHash(), job -> {
      Ingestion.run(job.store(), job.log(), dir);
      printSummary(job.store(), job.log());
    });
  }

  private static void printSummary(DeltaStore store, RunLog log) {
    long read = log.counts().stream().mapToLong(RunLog.Count::read).sum();
    long accepted = log.counts().stream().mapToLong(RunLog.Count::accepted).sum();
    long quarantined = log.counts().stream().mapToLong(RunLog.Count::quarantined).sum();
    System.out.printf("[ingest] rows read %,d = accepted %,d + quarantined %,d%n", read,
        accepted, quarantined);
    for (Row r : Ingestion.reasons(store.read(Tables.QUARANTINE)).collectAsList()) {
      System.out.printf("[ingest]   quarantined %-22s %-34s %,d%n",
          r.<String>getAs(RawLines.LANDING_FILE), r.<String>getAs(Quarantine.REASON),
          r.<Long>getAs(Ingestion.ROWS));
    }
  }
}
