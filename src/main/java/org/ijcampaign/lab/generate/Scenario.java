package org.ijcampaign.lab.generate;

/**
 * The sizes of the generating model's GP-level mechanisms ({@code ijcampaign.generate.scenario}
 * of the environment file). The defaults ({@link #CALIBRATED}) are the calibration's; the others
 * exist so that the accuracy studies can score the targeting on data whose noise and
 * over-prescription differ from the calibration's, not only on the data the method was built on.
 *
 * @param practiceSigma log-sd of a GP's practice multiplier (mean one)
 * @param shockSigma log-sd of a GP's shock in one semester (mean one)
 * @param shockCorrelation correlation of a GP's log shocks in consecutive semesters (AR(1) with
 *     the same marginal sd): above 0 a bad semester is followed by another
 * @param yearShockShare share of the log shock's variance common to the two semesters of a
 *     calendar year (a bad year, not a fading spell: correlated within the year, not across
 *     years); 0 = none
 * @param overPrescriberShare share of GPs planted as over-prescribers (among settled GPs)
 * @param overFactorMin lowest over-prescription factor (uniform between min and max)
 * @param overFactorMax highest over-prescription factor
 * @param patientFrailtySigma log-sd of each list patient's own propensity to stop (mean one,
 *     constant over time): a case mix the age, sex, ALD and C2S do not describe and that stays
 *     on a GP's list; 0 = none
 * @param overLengthShare share λ, on the log scale, of a planted over-prescriber's factor F that
 *     comes as longer stops rather than more: his stops are F^λ times as long (capped as every
 *     stop is), and F^(1-λ) times as many; 0 = all of it as more stops (the calibration)
 * @param practiceDriftSigma sd of a GP's drift of log practice per year (normal, mean zero): his
 *     level moves linearly over the semesters, passing through his practice multiplier in the
 *     middle of the claims' years, so that the observation year is not his average; 0 = none
 */
public record Scenario(double practiceSigma, double shockSigma, double shockCorrelation,
    double yearShockShare, double overPrescriberShare, double overFactorMin, double overFactorMax,
    double patientFrailtySigma, double overLengthShare, double practiceDriftSigma) {

  /** The calibrated model: the zones of the tests, the benchmarks and the demo. */
  public static final Scenario CALIBRATED = new Scenario(Calibration.PRACTICE_SIGMA,
      Calibration.SHOCK_SIGMA, 0.0, 0.0, Calibration.OVER_PRESCRIBER_SHARE,
      Calibration.OVER_FACTOR_MIN, Calibration.OVER_FACTOR_MAX, 0.0, 0.0, 0.0);

  public Scenario {
    if (!(practiceSigma >= 0 && practiceSigma <= 2)) {
      throw new IllegalArgumentException("scenario.practice-sigma must lie in [0, 2], not "
          + practiceSigma);
    }
    if (!(shockSigma >= 0 && shockSigma <= 2)) {
      throw new IllegalArgumentException("scenario.shock-sigma must lie in [0, 2], not "
          + shockSigma);
    }
    if (!(shockCorrelation >= 0 && shockCorrelation < 1)) {
      throw new IllegalArgumentException("scenario.shock-correlation must lie in [0, 1), not "
          + shockCorrelation);
    }
    if (!(yearShockShare >= 0 && yearShockShare <= 1)) {
      throw new IllegalArgumentException("scenario.year-shock-share must lie in [0, 1], not "
          + yearShockShare);
    }
    if (!(overPrescriberShare > 0 && overPrescriberShare <= 0.2)) {
      throw new IllegalArgumentException(
          "scenario.over-prescriber-share must lie in (0, 0.2], not " + overPrescriberShare);
    }
    if (!(overFactorMin >= 1 && overFactorMax >= overFactorMin && overFactorMax <= 10)) {
      throw new IllegalArgumentException("scenario.over-factor-min/max must satisfy 1 <= min"
          + " <= max <= 10, not " + overFactorMin + " and " + overFactorMax);
    }
    if (!(patientFrailtySigma >= 0 && patientFrailtySigma <= 2)) {
      throw new IllegalArgumentException(
          "scenario.patient-frailty-sigma must lie in [0, 2], not " + patientFrailtySigma);
    }
    if (!(overLengthShare >= 0 && overLengthShare <= 1)) {
      throw new IllegalArgumentException(
          "scenario.over-length-share must lie in [0, 1], not " + overLengthShare);
    }
    if (!(practiceDriftSigma >= 0 && practiceDriftSigma <= 1)) {
      throw new IllegalArgumentException(
          "scenario.practice-drift-sigma must lie in [0, 1], not " + practiceDriftSigma);
    }
  }
}
