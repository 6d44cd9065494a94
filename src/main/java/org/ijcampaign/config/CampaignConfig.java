package org.ijcampaign.config;

import java.time.LocalDate;
import java.util.List;

/** One campaign's rules (conf/campaigns/*.conf), DESIGN.md "Targeting rules". */
public record CampaignConfig(
    String source,
    String name,
    LocalDate start,
    Period observation,
    double ratioThreshold,
    double regionalPercentRank,
    Safeguard safeguard,
    int minActivePatients,
    int minYearsInstalled,
    int exchangeLookbackMonths,
    List<String> priorProcedures,
    List<Wave> waves,
    List<ObjectiveBand> objectives,
    EvaluationPlan evaluation,
    String contentHash) {

  public enum SafeguardMode { FUNNEL, SHRUNK }

  public record Safeguard(boolean enabled, SafeguardMode mode, double funnelZ,
      double shrunkRatio) {}

  /** A wave admits a GP by an exchange in {@code [exchangeFrom, exchangeTo]} or a prior procedure. */
  public record Wave(String name, LocalDate start, LocalDate end, LocalDate exchangeFrom,
      LocalDate exchangeTo, boolean priorProcedure) {}

  /** Ratio band {@code [from, to)} and the reduction asked, e.g. -0.20. */
  public record ObjectiveBand(double from, double to, double reduction) {}

  public record EvaluationPlan(String campaign, Period baseline, Period followUp) {}

  /** The same campaign without its exclusions (small lists, recent installations). */
  public CampaignConfig withoutExclusions() {
    return new CampaignConfig(source, name, start, observation, ratioThreshold,
        regionalPercentRank, safeguard, 0, 0, exchangeLookbackMonths, priorProcedures, waves,
        objectives, evaluation, contentHash);
  }

  /** The same campaign with the statistical safeguard switched on or off. */
  public CampaignConfig withSafeguard(boolean enabled) {
    return new CampaignConfig(source, name, start, observation, ratioThreshold,
        regionalPercentRank, new Safeguard(enabled, safeguard.mode(), safeguard.funnelZ(),
            safeguard.shrunkRatio()), minActivePatients, minYearsInstalled,
        exchangeLookbackMonths, priorProcedures, waves, objectives, evaluation, contentHash);
  }
}
