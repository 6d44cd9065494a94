package org.ijcampaign.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.Period;
import org.ijcampaign.model.ModelJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code model}: the expected-IJ regression of one period. */
@Command(name = "model", mixinStandardHelpOptions = true,
    description = "Fit the expected-IJ Poisson model for a period (default: the campaign's "
        + "observation period); replaces it in expected_ij and model_coefficients.")
final class ModelCommand implements Runnable {
  @Mixin CommonOptions common;

  @Mixin CampaignOption campaign;

  @Option(names = "--period", paramLabel = "PERIOD",
      description = "Another period than the campaign's observation period.")
  String period;

  @Override
  public void run() {
    AppConfig cfg = JobContext.config(common);
    CampaignConfig c = campaign.load();
    try (JobContext ctx = JobContext.open("model", cfg)) {
      model(ctx, c, period == null ? c.observation() : Period.parse(period));
    }
  }

  static void model(JobContext ctx, CampaignConfig c, Period period) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("campaign", c.name());
    params.put("period", period.label());
    ctx.run("model", params, ctx.cfg.contentHash() + "/" + c.contentHash(),
        job -> ModelJob.run(job.store(), job.log(), ctx.cfg, period));
  }
}
