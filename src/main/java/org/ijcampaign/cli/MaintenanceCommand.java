package org.ijcampaign.cli;

import java.util.List;
import java.util.Map;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.operations.Maintenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code maintenance}: OPTIMIZE and VACUUM of the warehouse's Delta tables. */
@Command(name = "maintenance", mixinStandardHelpOptions = true,
    description = "Compact and vacuum the Delta tables, keeping time travel within the "
        + "configured retention.")
final class MaintenanceCommand implements Runnable {
  @Mixin CommonOptions common;

  @Option(names = "--table", paramLabel = "NAME", description = "Only these tables.")
  List<String> tables;

  @Override
  public void run() {
    AppConfig cfg = JobContext.config(common);
    List<String> only = tables != null ? tables : cfg.maintenance().tables();
    try (JobContext ctx = JobContext.open("maintenance", cfg)) {
      ctx.run("maintenance", Map.of("retention_hours",
              String.valueOf(cfg.maintenance().retentionHours())), cfg.contentHash(),
          job -> Maintenance.run(job.store(), job.log(), cfg.maintenance().retentionHours(),
              only));
    }
  }
}
