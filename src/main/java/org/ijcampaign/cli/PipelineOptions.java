package org.ijcampaign.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the whole pipeline takes besides its landing zone: the campaign and where its outputs
 * go. A mixin, so that a job running the pipeline on a landing zone of its own (the lab's demo)
 * takes the same options.
 */
public final class PipelineOptions {
  @Mixin CampaignOption campaign;

  @Option(names = "--exports", paramLabel = "DIR",
      description = "Folder of the funds' exports (default: <work-dir>/exports).")
  String exports;

  @Option(names = "--dashboard", paramLabel = "DIR",
      description = "Folder of the dashboard page (default: <work-dir>/dashboard).")
  String dashboard;
}
