package org.ijcampaign.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.Period;
import org.ijcampaign.territory.TerritoryJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code territory}: IRIS clusters, supply classes and comparable territories per period. */
@Command(name = "territory", mixinStandardHelpOptions = true,
    description = "Cluster IRIS (supplied typology or k-means), class communes by APL and "
        + "place every profiled GP in his territory; replaces those periods in territories.")
final class TerritoryCommand implements Runnable {
  @Mixin CommonOptions common;

  @Mixin CampaignOption campaign;

  @Option(names = "--period", paramLabel = "PERIOD",
      description = "Only these periods (repeatable); default as for profile.")
  List<String> periods;

  @Override
  public void run() {
    AppConfig cfg = JobContext.config(common);
    CampaignConfig c = campaign.load();
    try (JobContext ctx = JobContext.open("territory", cfg)) {
      territory(ctx, c, periods);
    }
  }

  static void territory(JobContext ctx, CampaignConfig campaign, List<String> only) {
    List<Period> list = ProfileCommand.periods(ctx, campaign, only);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("campaign", campaign.name());
    params.put("periods", String.join(",", list.stream().map(Period::label).toList()));
    ctx.run("territory", params, ctx.cfg.contentHash(),
        job -> TerritoryJob.run(job.store(), job.log(), ctx.cfg.territory(), list));
  }
}
