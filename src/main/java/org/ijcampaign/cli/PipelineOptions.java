package org.ijcampaign.cli;

import java.io.File;
import picocli.CommandLine.Option;

/**
 * What the whole pipeline takes besides its landing zone: the campaign and where its outputs
 * go. A mixin, so that a job running the pipeline on a landing zone of its own (the lab's demo)
 * takes the same options.
 */
public final class PipelineOptions {
  @Option(names = "--campaign", paramLabel = "FILE",
      description = "Campaign file (default: the bundled 2025-2026 campaign).")
  File campaign;

  @Option(names = "--exports", paramLabel = "DIR",
      description = "Folder of the funds' exports (default: <work-dir>/exports).")
  String exports;

  @Option(names = "--dashboard", paramLabel = "DIR",
      description = "Folder of the dashboard page (default: <work-dir>/dashboard).")
  String dashboard;
}
