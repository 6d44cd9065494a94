package org.ijcampaign.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.ConfigError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pipeline}: every job in order in one session and under one warehouse lock, on the
 * landing zone of {@code --landing} or the configuration's. Without either it stops with a
 * configuration error (exit 2) before Spark starts: a run on generated data must be asked for
 * ({@code pipeline --demo}, which the dispatcher hands to the lab's {@code demo} job), never the
 * fallback of a forgotten setting.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = {"Run the whole pipeline: ingest -> profile -> territory -> model -> target "
        + "-> export -> evaluate -> dashboard.",
        "pipeline --demo [options] runs the lab's demo job instead: the same on a generated "
            + "demo landing zone (see: demo --help)."})
public final class PipelineCommand implements Runnable {
  @Mixin CommonOptions common;

  @Option(names = "--landing", paramLabel = "DIR",
      description = "Landing zone (default: the configuration's ijcampaign.landing).")
  String landing;

  @Mixin PipelineOptions options;

  @Override
  public void run() {
    AppConfig cfg = JobContext.config(common);
    String dir = landingZone(cfg);
    run(cfg, options, spark -> dir);
  }

  /**
   * Runs the whole pipeline on the landing zone that {@code landing} gives once the run holds
   * the warehouse lock and its session: a job that makes its landing zone for the run (the
   * lab's demo) makes it there. The campaign is loaded before the lock is taken.
   */
  public static void run(AppConfig cfg, PipelineOptions options,
      Function<SparkSession, String> landing) {
    CampaignConfig c = options.campaign.load();
    try (JobContext ctx = JobContext.open("pipeline", cfg)) {
      IngestCommand.ingest(ctx, landing.apply(ctx.spark));
      ProfileCommand.profile(ctx, c, List.of(), null);
      TerritoryCommand.territory(ctx, c, List.of());
      ModelCommand.model(ctx, c, c.observation());
      // A campaign selecting on the persistent ratio needs it first (every profiled semester).
      if (c.persistent().rule() == CampaignConfig.SelectionRule.PERSISTENT) {
        PersistentCommand.persistent(ctx, c);
      }
      TargetCommand.target(ctx, c);
      ExportCommand.export(ctx, c, options.exports != null ? options.exports
          : Path.of(cfg.workDir(), "exports").toString());
      EvaluateCommand.evaluate(ctx, c, null, null, null);
      DashboardCommand.dashboard(ctx, c, options.dashboard != null ? options.dashboard
          : DashboardCommand.defaultDir(cfg));
    }
  }

  /** The landing zone to ingest, checked before Spark starts. */
  private String landingZone(AppConfig cfg) {
    String dir = landing != null ? landing : cfg.landing();
    if (dir == null || dir.isBlank()) {
      throw new ConfigError("no landing zone: give --landing DIR (or set ijcampaign.landing in "
          + cfg.source() + "), or --demo to run on a generated demo landing zone");
    }
    return dir;
  }
}
