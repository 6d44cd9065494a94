package org.ijcampaign.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.Period;
import org.ijcampaign.config.ReplacementRule;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.profile.ProfileJob;
import org.ijcampaign.schema.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code profile}: GP profiles of the campaign's observation period and of every semester. */
@Command(name = "profile", mixinStandardHelpOptions = true,
    description = "Compute GP profiles (IJ days, active patients, exposure, rate, patientele "
        + "mix) per observation period; replaces those periods in gp_period_profile.")
final class ProfileCommand implements Runnable {
  @Mixin CommonOptions common;

  @Mixin CampaignOption campaign;

  @Option(names = "--period", paramLabel = "PERIOD",
      description = "Only these periods: 2024S1, or 2022-09-01_2023-02-28 (repeatable).")
  List<String> periods;

  @Option(names = "--replacement-rule", paramLabel = "true|false",
      description = "Override the configuration's profile.replacement-rule.")
  Boolean replacementRule;

  @Override
  public void run() {
    AppConfig cfg = JobContext.config(common);
    CampaignConfig c = campaign.load();
    try (JobContext ctx = JobContext.open("profile", cfg)) {
      profile(ctx, c, periods, replacementRule);
    }
  }

  static void profile(JobContext ctx, CampaignConfig campaign, List<String> only,
      Boolean ruleOverride) {
    ReplacementRule rule = ruleOverride == null ? ctx.cfg.profile().rule()
        : ReplacementRule.of(ruleOverride, ctx.cfg.profile().replacementFollowsStops());
    Map<String, String> params = new LinkedHashMap<>();
    params.put("campaign", campaign.name());
    params.put("replacement_rule", rule.name());
    List<Period> periods = periods(ctx, campaign, only);
    params.put("periods", String.join(",", periods.stream().map(Period::label).toList()));
    ctx.run("profile", params, ctx.cfg.contentHash() + "/" + campaign.contentHash(),
        job -> ProfileJob.run(job.store(), job.log(), periods, rule,
            ctx.cfg.privacy().minCellPatients()));
  }

  /**
   * The periods a run covers: those asked for, else the campaign's observation, baseline and
   * follow-up periods and every semester the claims touch.
   */
  static List<Period> periods(JobContext ctx, CampaignConfig campaign, List<String> only) {
    List<Period> list = new ArrayList<>();
    if (only != null && !only.isEmpty()) {
      only.forEach(p -> list.add(Period.parse(p)));
    } else {
      list.add(campaign.observation());
      list.add(campaign.evaluation().baseline());
      list.add(campaign.evaluation().followUp());
      DeltaStore probe = new DeltaStore(ctx.spark, ctx.cfg.warehouse());
      list.addAll(ProfileJob.claimSemesters(probe.read(Tables.CLAIMS_CLEAN)));
    }
    return ProfileJob.distinct(list);
  }
}
