package org.ijcampaign.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.model.PersistentJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code persistent --campaign FILE}: each GP's persistent ratio over the semesters before it. */
@Command(name = "persistent", mixinStandardHelpOptions = true,
    description = "Estimate each GP's persistent ratio from every profiled semester before the "
        + "campaign (fitting the missing semesters' models); replaces the campaign's slice of "
        + "persistent_ratio. Needed by a campaign whose selection-rule is PERSISTENT.")
final class PersistentCommand implements Runnable {
  @Mixin CommonOptions common;

  @Mixin CampaignOption campaign;

  @Override
  public void run() {
    AppConfig cfg = JobContext.config(common);
    CampaignConfig c = campaign.load();
    try (JobContext ctx = JobContext.open("persistent", cfg)) {
      persistent(ctx, c);
    }
  }

  static void persistent(JobContext ctx, CampaignConfig c) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("campaign", c.name());
    ctx.run("persistent", params, ctx.cfg.contentHash() + "/" + c.contentHash(),
        job -> PersistentJob.run(job.store(), job.log(), ctx.cfg, c));
  }
}
