package org.ijcampaign.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pipeline}: every job in order in one session and under one warehouse lock. Without a
 * landing zone (neither {@code --landing} nor the configuration's), a demo landing zone is
 * generated first under the work folder.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "Run the whole pipeline: [generate demo] -> ingest -> profile -> territory "
        + "-> model -> target -> export -> evaluate -> dashboard.")
final class PipelineCommand implements Runnable {
  @Mixin CommonOptions common;

  @Option(names = "--landing", paramLabel = "DIR",
      description = "Landing zone (default: the configuration's; if none, a generated demo).")
  String landing;

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
    String dir = landing != null ? landing : cfg.landing();
    try (JobContext ctx = JobContext.open("pipeline", cfg)) {
      if (dir == null || dir.isBlank()) {
        dir = DemoLanding.ensure(ctx);
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
}
