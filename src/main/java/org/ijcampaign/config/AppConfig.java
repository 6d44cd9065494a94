package org.ijcampaign.config;

import java.util.List;
import java.util.Map;

/** The environment settings of a run (conf/local.conf, conf/cluster-example.conf, …). */
public record AppConfig(
    String source,
    String environment,
    Spark spark,
    String warehouse,
    String workDir,
    String landing,
    Profile profile,
    Territory territory,
    Model model,
    Evaluation evaluation,
    Maintenance maintenance,
    Privacy privacy,
    Dashboard dashboard,
    String contentHash) {

  public record Spark(String master, String appName, int shufflePartitions,
      Map<String, String> extra) {}

  public record Profile(boolean replacementRule, boolean replacementFollowsStops) {
    public ReplacementRule rule() {
      return ReplacementRule.of(replacementRule, replacementFollowsStops);
    }
  }

  public record Territory(List<Double> aplThresholds, int minTerritorySize, Kmeans kmeans) {}

  public record Kmeans(int k, long seed, int maxIter) {}

  public record Model(int maxIter, double tolerance) {}

  public record Evaluation(int minStratumControls, double placeboTolerance) {}

  public record Maintenance(int retentionHours, List<String> tables) {}

  public record Privacy(int minCellPatients) {}

  public record Dashboard(int maxFunnelPoints) {}

  /** The same settings with another warehouse (tests, benchmarks). */
  public AppConfig withWarehouse(String newWarehouse) {
    return new AppConfig(source, environment, spark, newWarehouse, workDir, landing, profile,
        territory, model, evaluation, maintenance, privacy, dashboard, contentHash);
  }

  /** The same settings with the replacement rule switched on or off. */
  public AppConfig withReplacementRule(boolean on) {
    return new AppConfig(source, environment, spark, warehouse, workDir, landing,
        new Profile(on, profile.replacementFollowsStops()), territory, model,
        evaluation, maintenance, privacy, dashboard, contentHash);
  }
}
