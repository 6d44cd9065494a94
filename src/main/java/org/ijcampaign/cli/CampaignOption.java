package org.ijcampaign.cli;

import java.io.File;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.ConfigLoader;
import picocli.CommandLine.Option;

/** The {@code --campaign FILE} option of the jobs that apply a campaign's settings. */
final class CampaignOption {
  @Option(names = "--campaign", paramLabel = "FILE",
      description = "Campaign file, e.g. conf/campaigns/2025-2026 (default: the bundled "
          + "2025-2026 campaign).")
  File file;

  CampaignConfig load() {
    return ConfigLoader.loadCampaign(file);
  }
}
