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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ingest --landing DIR}: landing zone to Delta tables and quarantine. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Check a landing zone against the contract; write accepted rows, quarantine "
        + "and reconciliation counts.")
final class IngestCommand implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestCommand.class);
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
    LOG.info(String.format("[ingest] rows read %,d = accepted %,d + quarantined %,d", read,
        accepted, quarantined));
    for (Row r : Ingestion.reasons(store.read(Tables.QUARANTINE)).collectAsList()) {
      LOG.info(String.format("[ingest]   quarantined %-22s %-34s %,d",
          r.<String>getAs(RawLines.LANDING_FILE), r.<String>getAs(Quarantine.REASON),
          r.<Long>getAs(Ingestion.ROWS)));
    }
  }
}
