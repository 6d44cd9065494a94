package org.ijcampaign.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.export.ExportJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code export --campaign FILE}: the funds' lists per département and the letter figures. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write the targeting list per département (CSV) and one letter file per "
        + "targeted GP.")
final class ExportCommand implements Runnable {
  @Mixin CommonOptions common;

  @Mixin CampaignOption campaign;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Folder of the exports (default: <work-dir>/exports).")
  String out;

  @Override
  public void run() {
    AppConfig cfg = JobContext.config(common);
    CampaignConfig c = campaign.load();
    String dir = out != null ? out : Path.of(cfg.workDir(), "exports").toString();
    try (JobContext ctx = JobContext.open("export", cfg)) {
      export(ctx, c, dir);
    }
  }

  static void export(JobContext ctx, CampaignConfig c, String dir) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("campaign", c.name());
    params.put("out", dir);
    ctx.run("export", params, ctx.cfg.contentHash() + "/" + c.contentHash(),
        job -> ExportJob.run(job.store(), job.log(), c, dir));
  }
}
