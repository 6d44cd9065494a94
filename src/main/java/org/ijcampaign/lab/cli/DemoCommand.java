package org.ijcampaign.lab.cli;

import org.ijcampaign.cli.CommonOptions;
import org.ijcampaign.cli.JobContext;
import org.ijcampaign.cli.PipelineCommand;
import org.ijcampaign.cli.PipelineOptions;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.ConfigError;
import org.ijcampaign.lab.LabConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo} (also {@code pipeline --demo}, which the dispatcher hands here): the product's
 * whole pipeline on the lab's demo landing zone, generated under {@code <work-dir>/demo} by
 * {@link DemoLanding} inside the pipeline's run (under its warehouse lock and in its session)
 * and reused while the lab settings it was made with hold. The product pipeline itself only
 * takes landing zones.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "pipeline --demo: generate a demo landing zone (lab: demo.gps GPs under "
        + "<work-dir>/demo, generated once and reused while its settings hold), then run the "
        + "whole pipeline on it.")
public final class DemoCommand implements Runnable {
  /** The job's name; the dispatcher maps {@code pipeline --demo} to it. */
  public static final String NAME = "demo";

  @Mixin CommonOptions common;

  @Mixin PipelineOptions options;

  /** Refused: the demo ingests the landing zone it generates. */
  @Option(names = "--landing", paramLabel = "DIR", hidden = true)
  String landing;

  @Override
  public void run() {
    if (landing != null) {
      throw new ConfigError("give --landing DIR or --demo, not both");
    }
    AppConfig cfg = JobContext.config(common);
    LabConfig lab = LabConfig.load(common.envFile());
    PipelineCommand.run(cfg, options, spark -> DemoLanding.ensure(spark, cfg, lab));
  }
}
