package org.ijcampaign.cli;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.config.Period;
import org.ijcampaign.evaluation.EvaluationJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate --campaign 2023}: a past campaign, semester over semester. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate a past campaign: the published comparison (treated GPs against all "
        + "others) and the headline estimate from a baseline clean of the selection; replaces "
        + "the campaign in campaign_evaluation, evaluation_series and evaluation_balance.")
final class EvaluateCommand implements Runnable {
  @Mixin CommonOptions common;

  @Option(names = "--campaign", paramLabel = "NAME",
      description = "The evaluated campaign (default: the campaign file's evaluation.campaign).")
  String campaign;

  @Option(names = "--campaign-file", paramLabel = "FILE",
      description = "Campaign file giving the evaluation periods (default: bundled 2025-2026).")
  File campaignFile;

  @Option(names = "--baseline", paramLabel = "PERIOD", description = "Override the baseline.")
  String baseline;

  @Option(names = "--follow-up", paramLabel = "PERIOD", description = "Override the follow-up.")
  String followUp;

  @Override
  public void run() {
    AppConfig cfg = JobContext.config(common);
    CampaignConfig c = ConfigLoader.loadCampaign(campaignFile);
    try (JobContext ctx = JobContext.open("evaluate", cfg)) {
      evaluate(ctx, c, campaign, baseline, followUp);
    }
  }

  static EvaluationJob.Outcome[] evaluate(JobContext ctx, CampaignConfig c, String name,
      String baseline, String followUp) {
    String evaluated = name != null ? name : c.evaluation().campaign();
    Period b = baseline != null ? Period.parse(baseline) : c.evaluation().baseline();
    Period f = followUp != null ? Period.parse(followUp) : c.evaluation().followUp();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("campaign", evaluated);
    params.put("baseline", b.label());
    params.put("follow_up", f.label());
    params.put("selection", String.join(",", c.evaluation().selection().stream()
        .map(Period::label).toList()));
    params.put("treatment_start", c.evaluation().treatmentStart().toString());
    EvaluationJob.Outcome[] out = new EvaluationJob.Outcome[1];
    CampaignConfig.EvaluationPlan plan = c.evaluation().with(evaluated, b, f);
    ctx.run("evaluate", params, ctx.cfg.contentHash() + "/" + c.contentHash(),
        job -> out[0] = EvaluationJob.run(job.store(), job.log(), ctx.cfg, plan));
    return out;
  }
}
