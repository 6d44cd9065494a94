package org.ijcampaign.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.ConfigError;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.lab.cli.DemoLanding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pipeline}: every job in order in one session and under one warehouse lock, on the
 * landing zone of {@code --landing} or the configuration's, or with {@code --demo} on a demo
 * landing zone generated first under the work folder. Without any of them it stops with a
 * configuration error (exit 2) before Spark starts: a run on generated data must be asked for,
 * never the fallback of a forgotten setting.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "Run the whole pipeline: [--demo: generate] -> ingest -> profile -> territory "
        + "-> model -> target -> export -> evaluate -> dashboard.")
final class PipelineCommand implements Runnable {
  @Mixin CommonOptions common;

  @Option(names = "--landing", paramLabel = "DIR",
      description = "Landing zone (default: the configuration's ijcampaign.landing).")
  String landing;

  @Option(names = "--demo",
      description = "Run on a generated demo landing zone, not on a landing zone (demo.gps "
          + "GPs under <work-dir>/demo, generated once and reused while its settings hold).")
  boolean demo;

  @Option(names = "--campaign", paramLabel = "FILE",
      description = "Campaign file (default: the bundled 2025-2026 campaign).")
  File campaign;

  @Option(names = "--exports", paramLabel = "DIR",
      description = "Folder of the funds' exports (default: <work-dir>/exports).")
  String exports;

  @Option(names = "--dashboard", paramLabel = "DIR",
      description = "Folder of the dashboard page (default: <work-dir>/dashboard).")
  String dashboard;

  @Override
  public void run() {
    AppConfig cfg = JobContext.config(common);
    CampaignConfig c = ConfigLoader.loadCampaign(campaign);
    String dir = landingZone(cfg);
    try (JobContext ctx = JobContext.open("pipeline", cfg)) {
      if (dir == null) {
        dir = DemoLanding.ensure(ctx.spark, ctx.cfg);
      }
      IngestCommand.ingest(ctx, dir);
      ProfileCommand.profile(ctx, c, List.of(), null);
      TerritoryCommand.territory(ctx, c, List.of());
      ModelCommand.model(ctx, c, c.observation());
      // A campaign selecting on the persistent ratio needs it first (every profiled semester).
      if (c.persistent().rule() == CampaignConfig.SelectionRule.PERSISTENT) {
        PersistentCommand.persistent(ctx, c);
      }
      TargetCommand.target(ctx, c);
      ExportCommand.export(ctx, c, exports != null ? exports
          : Path.of(cfg.workDir(), "exports").toString());
      EvaluateCommand.evaluate(ctx, c, null, null, null);
      DashboardCommand.dashboard(ctx, c, dashboard != null ? dashboard
          : DashboardCommand.defaultDir(cfg));
    }
  }

  /** The landing zone to ingest, or null for the demo one; checked before Spark starts. */
  private String landingZone(AppConfig cfg) {
    if (demo) {
      if (landing != null) {
        throw new ConfigError("give --landing DIR or --demo, not both");
      }
      return null;
    }
    String dir = landing != null ? landing : cfg.landing();
    if (dir == null || dir.isBlank()) {
      throw new ConfigError("no landing zone: give --landing DIR (or set ijcampaign.landing in "
          + cfg.source() + "), or --demo to run on a generated demo landing zone");
    }
    return dir;
  }
}
