package org.ijcampaign.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.targeting.TargetJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code target --campaign FILE}: the campaign's list of GPs, with a status for every GP. */
@Command(name = "target", mixinStandardHelpOptions = true,
    description = "Apply a campaign's rules; replaces the campaign's slice of targeting.")
final class TargetCommand implements Runnable {
  @Mixin CommonOptions common;

  @Mixin CampaignOption campaign;

  @Option(names = "--no-safeguard", description = "Switch the statistical safeguard off.")
  boolean noSafeguard;

  @Override
  public void run() {
    AppConfig cfg = JobContext.config(common);
    CampaignConfig c = campaign.load();
    try (JobContext ctx = JobContext.open("target", cfg)) {
      target(ctx, noSafeguard ? c.withSafeguard(false) : c);
    }
  }

  static void target(JobContext ctx, CampaignConfig c) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("campaign", c.name());
    params.put("safeguard", String.valueOf(c.safeguard().enabled()));
    ctx.run("target", params, ctx.cfg.contentHash() + "/" + c.contentHash(),
        job -> TargetJob.run(job.store(), job.log(), c));
  }
}
