package org.ijcampaign.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.dashboard.DashboardJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dashboard --campaign FILE}: the self-contained HTML dashboard of a campaign. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "Write the campaign's HTML dashboard (funnel plot, ratios by territory, "
        + "targeted GPs by region and wave, the evaluated campaign's series, fairness audit).")
final class DashboardCommand implements Runnable {
  @Mixin CommonOptions common;

  @Mixin CampaignOption campaign;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Folder of the page <campaign>.html (default: <work-dir>/dashboard).")
  String out;

  @Override
  public void run() {
    AppConfig cfg = JobContext.config(common);
    CampaignConfig c = campaign.load();
    try (JobContext ctx = JobContext.open("dashboard", cfg)) {
      dashboard(ctx, c, out != null ? out : defaultDir(cfg));
    }
  }

  static String defaultDir(AppConfig cfg) {
    return Path.of(cfg.workDir(), "dashboard").toString();
  }

  static void dashboard(JobContext ctx, CampaignConfig c, String dir) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("campaign", c.name());
    params.put("out", dir);
    ctx.run("dashboard", params, ctx.cfg.contentHash() + "/" + c.contentHash(),
        job -> DashboardJob.run(job.store(), job.log(), c,
            ctx.cfg.dashboard().maxFunnelPoints(), dir));
  }
}
