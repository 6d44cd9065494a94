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

  /**
   * The evaluation of a past campaign: the published comparison's baseline and follow-up, the
   * periods whose figures chose the treated, and the day the campaign began to act.
   */
  public record EvaluationPlan(String campaign, Period baseline, Period followUp,
      List<Period> selection, LocalDate treatmentStart) {
    /** The same plan with other periods for the published comparison (command overrides). */
    public EvaluationPlan with(String otherCampaign, Period otherBaseline, Period otherFollowUp) {
      return new EvaluationPlan(otherCampaign, otherBaseline, otherFollowUp, selection,
          treatmentStart);
    }

    /** The first day of the selection window. */
    public LocalDate selectionStart() {
      return selection.stream().map(Period::start).min(LocalDate::compareTo).orElseThrow();
    }

    /** The last day of the selection window. */
    public LocalDate selectionEnd() {
      return selection.stream().map(Period::end).max(LocalDate::compareTo).orElseThrow();
    }

    /**
     * The calendar semesters after the selection window and wholly before the campaign's start:
     * the headline estimate's baseline.
     */
    public List<Period> cleanBaseline() {
      return Period.semestersBetween(selectionEnd().plusDays(1), treatmentStart.minusDays(1))
          .stream().filter(p -> p.start().isAfter(selectionEnd())
              && p.end().isBefore(treatmentStart)).toList();
    }
  }

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
