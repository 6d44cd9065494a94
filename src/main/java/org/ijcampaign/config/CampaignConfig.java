package org.ijcampaign.config;

import java.time.LocalDate;
import java.util.List;

/** One campaign's rules (conf/campaigns/*.conf; docs/method.md, "Targeting"). */
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
    Persistent persistent,
    String contentHash) {

  public enum SafeguardMode { FUNNEL, SHRUNK }

  /**
   * Which estimate chooses the GPs: PUBLISHED, the observation period's ratio (the published
   * rule, docs/method.md "Targeting"); PERSISTENT, the GP's persistent ratio over every semester
   * before the campaign (docs/persistent.md).
   */
  public enum SelectionRule { PUBLISHED, PERSISTENT }

  /**
   * The persistent estimate and its rule (docs/persistent.md): the rule that selects; the
   * posterior probability of a persistent ratio at or above the threshold that the persistent
   * rule demands; the semesters a GP (and the warehouse) must have; the stops' weight of the
   * territory's dispersion in a GP's own; the expected days a semester needs to enter the
   * variance estimates (the normal approximation of a log ratio holds only with enough days);
   * the prior of a GP's persistent practice; whether a GP's expected days leave him out of his
   * own territory's level (his peers without him); whether his observed days leave out the days
   * he prescribed as a substitute, which have no patient of his list behind them; how the noise
   * of his mean over the semesters is taken; how the length of his stops enters it.
   */
  public record Persistent(SelectionRule rule, double minProbability, int minSemesters,
      double dispersionPriorStops, double momentsMinExpectedDays, PersistentPrior prior,
      boolean leaveSelfOut, boolean excludeSubstituteDays, PersistentNoise noise,
      PersistentStopLength stopLength) {}

  /**
   * How the length of a GP's stops enters his persistent estimate (docs/persistent.md, "His
   * stops' length, credible"). OWN: his days as they are, his stops with their own length.
   * CREDIBLE: his days as his count of stops times a credible length, his own mean length over
   * his peers' pulled towards the GPs' by empirical Bayes as far as his stops' number and their
   * dispersion leave it uncertain; only under WINDOW noise.
   */
  public enum PersistentStopLength { OWN, CREDIBLE }

  /**
   * The noise of a GP's mean log ratio over his semesters (docs/persistent.md, "The noise over
   * the window"). SEMESTERS: each semester's compound Poisson noise, scaled by what the spread
   * of his semesters bears out, plus shocks that may be correlated (AR(1)) across semesters.
   * WINDOW: the compound Poisson noise of his days over the whole window of semesters, stops
   * whole (a long stop straddling semesters counts once, with its days over the window), plus
   * independent semester shocks.
   */
  public enum PersistentNoise { SEMESTERS, WINDOW }

  /**
   * The prior of a GP's persistent log ratio (docs/persistent.md): NORMAL, one normal fitted by
   * the method of moments on all GPs; MIXTURE, two normals fitted by empirical Bayes (EM), so
   * that a second mode of high prescribers is not pulled to the mean of all GPs.
   */
  public enum PersistentPrior { NORMAL, MIXTURE }

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
        objectives, evaluation, persistent, contentHash);
  }

  /** The same campaign with the statistical safeguard switched on or off. */
  public CampaignConfig withSafeguard(boolean enabled) {
    return new CampaignConfig(source, name, start, observation, ratioThreshold,
        regionalPercentRank, new Safeguard(enabled, safeguard.mode(), safeguard.funnelZ(),
            safeguard.shrunkRatio()), minActivePatients, minYearsInstalled,
        exchangeLookbackMonths, priorProcedures, waves, objectives, evaluation, persistent,
        contentHash);
  }

  /** The same campaign selecting with {@code rule} (the other rule beside it in the audit). */
  public CampaignConfig withSelection(SelectionRule rule) {
    return new CampaignConfig(source, name, start, observation, ratioThreshold,
        regionalPercentRank, safeguard, minActivePatients, minYearsInstalled,
        exchangeLookbackMonths, priorProcedures, waves, objectives, evaluation,
        new Persistent(rule, persistent.minProbability(), persistent.minSemesters(),
            persistent.dispersionPriorStops(), persistent.momentsMinExpectedDays(),
            persistent.prior(), persistent.leaveSelfOut(), persistent.excludeSubstituteDays(),
            persistent.noise(), persistent.stopLength()),
        contentHash);
  }

  /** The same campaign demanding another posterior probability (the accuracy sweep). */
  public CampaignConfig withMinProbability(double p) {
    return new CampaignConfig(source, name, start, observation, ratioThreshold,
        regionalPercentRank, safeguard, minActivePatients, minYearsInstalled,
        exchangeLookbackMonths, priorProcedures, waves, objectives, evaluation,
        new Persistent(persistent.rule(), p, persistent.minSemesters(),
            persistent.dispersionPriorStops(), persistent.momentsMinExpectedDays(),
            persistent.prior(), persistent.leaveSelfOut(), persistent.excludeSubstituteDays(),
            persistent.noise(), persistent.stopLength()),
        contentHash);
  }
}
