package org.ijcampaign.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Columns of {@code persistent_ratio}: one row per GP and campaign, the GP's persistent ratio
 * over every profiled semester before the campaign, with its uncertainty (docs/persistent.md).
 * The schema is defined here once; the job writes exactly it.
 */
public final class Persistent {
  private Persistent() {}

  public static final String CAMPAIGN = Targeting.CAMPAIGN;
  /** The last semester used, e.g. 2024S2. */
  public static final String LAST_PERIOD = "last_period";
  public static final String PHYSICIAN_ID = Profile.PHYSICIAN_ID;
  /** Semesters behind the estimate, and their labels comma-separated in order. */
  public static final String SEMESTERS = "semesters";
  public static final String PERIODS = "periods";
  /** Stops summed over the semesters (a stop spanning two semesters counts in each). */
  public static final String STOPS = "stops";
  /** Σd²/Σd over the GP's own stops; null without a day. */
  public static final String OWN_STOP_DISPERSION = "own_stop_dispersion";
  /** His territories' D_t, weighted by his days in each semester. */
  public static final String TERRITORY_STOP_DISPERSION = "territory_stop_dispersion";
  /** His own dispersion pulled towards the territory's: the one the model uses. */
  public static final String STOP_DISPERSION = "gp_stop_dispersion";
  public static final String OBSERVED_DAYS = "observed_days";
  public static final String EXPECTED_DAYS = "expected_days";
  /** The semesters' models' expected days, summed: expected_days unless his peers leave him out. */
  public static final String FITTED_EXPECTED_DAYS = "fitted_expected_days";
  /** Σ observed / Σ expected over the semesters, raw. */
  public static final String POOLED_RATIO = "pooled_ratio";
  /** Precision-weighted mean of his semesters' log ratios, and its standard error. */
  public static final String WEIGHTED_LOG_RATIO = "weighted_log_ratio";
  public static final String WEIGHTED_LOG_RATIO_SE = "weighted_log_ratio_se";
  /** Posterior mean and sd of the persistent log ratio (log of persistent_ratio). */
  public static final String PERSISTENT_LOG_RATIO = "persistent_log_ratio";
  public static final String PERSISTENT_LOG_RATIO_SD = "persistent_log_ratio_sd";
  public static final String PERSISTENT_RATIO = "persistent_ratio";
  public static final String PERSISTENT_RATIO_LOW95 = "persistent_ratio_low95";
  public static final String PERSISTENT_RATIO_HIGH95 = "persistent_ratio_high95";
  public static final String RATIO_THRESHOLD = "ratio_threshold";
  /** Posterior probability that persistent_ratio >= ratio_threshold. */
  public static final String PROBABILITY_AT_THRESHOLD = "probability_at_threshold";
  /**
   * Under the mixture prior, his posterior probability of belonging to its high component;
   * null under the normal prior.
   */
  public static final String POSTERIOR_WEIGHT_HIGH = "posterior_weight_high";
  /** The fit's figures, the same on every row of a campaign. */
  public static final String MEAN_LOG_RATIO = "mean_log_ratio";
  public static final String TAU2_PERSISTENT = "tau2_persistent";
  public static final String SIGMA2_SEMESTER = "sigma2_semester";
  /** κ: the scale of the modelled compound Poisson noise that the semesters bear out. */
  public static final String NOISE_SCALE = "noise_scale";
  /** ρ: the correlation of a GP's shocks one semester apart, from the semivariogram. */
  public static final String SHOCK_CORRELATION = "shock_correlation";
  public static final String MOMENT_GPS = "moment_gps";
  /** Whether expected_days compares him with his territory's other GPs only. */
  public static final String LEAVE_SELF_OUT = "leave_self_out";
  /** His days as a substitute summed over the semesters (the profile's days_as_substitute). */
  public static final String DAYS_AS_SUBSTITUTE = Profile.DAYS_AS_SUBSTITUTE;
  /** Whether observed_days leaves out days_as_substitute. */
  public static final String EXCLUDE_SUBSTITUTE_DAYS = "exclude_substitute_days";
  /** How the noise of his mean was taken: SEMESTERS or WINDOW (campaign persistent.noise). */
  public static final String PERSISTENT_NOISE = "persistent_noise";
  /**
   * Under WINDOW noise, his stop dispersion Σd²/Σd over the window of his semesters, each stop's
   * d its days over the whole window, pulled towards his territory's; null under SEMESTERS.
   */
  public static final String WINDOW_STOP_DISPERSION = "window_stop_dispersion";
  /** How his stops' length entered the estimate: OWN or CREDIBLE (persistent.stop-length). */
  public static final String STOP_LENGTH = "stop_length";
  /**
   * His own mean length of stop over the semesters against his peers' (his days per stop over
   * the days per stop of his territories, at his expected days); null under OWN.
   */
  public static final String STOP_LENGTH_RATIO = "stop_length_ratio";
  /** Under CREDIBLE, the length ratio the estimate uses: his own pulled towards the GPs'. */
  public static final String CREDIBLE_STOP_LENGTH_RATIO = "credible_stop_length_ratio";
  /** The prior applied: NORMAL or MIXTURE (NORMAL when a requested mixture fell back). */
  public static final String PERSISTENT_PRIOR = "persistent_prior";
  /** The mixture prior's weight of its high component and each component's mean, variance. */
  public static final String MIXTURE_WEIGHT_HIGH = "mixture_weight_high";
  public static final String MIXTURE_MEAN_LOW = "mixture_mean_low";
  public static final String MIXTURE_TAU2_LOW = "mixture_tau2_low";
  public static final String MIXTURE_MEAN_HIGH = "mixture_mean_high";
  public static final String MIXTURE_TAU2_HIGH = "mixture_tau2_high";

  public static final StructType SCHEMA = new StructType()
      .add(CAMPAIGN, DataTypes.StringType, false)
      .add(LAST_PERIOD, DataTypes.StringType, false)
      .add(PHYSICIAN_ID, DataTypes.StringType, false)
      .add(SEMESTERS, DataTypes.LongType, false)
      .add(PERIODS, DataTypes.StringType, false)
      .add(STOPS, DataTypes.LongType, true)
      .add(OWN_STOP_DISPERSION, DataTypes.DoubleType, true)
      .add(TERRITORY_STOP_DISPERSION, DataTypes.DoubleType, true)
      .add(STOP_DISPERSION, DataTypes.DoubleType, true)
      .add(OBSERVED_DAYS, DataTypes.DoubleType, true)
      .add(EXPECTED_DAYS, DataTypes.DoubleType, true)
      .add(FITTED_EXPECTED_DAYS, DataTypes.DoubleType, true)
      .add(POOLED_RATIO, DataTypes.DoubleType, true)
      .add(WEIGHTED_LOG_RATIO, DataTypes.DoubleType, true)
      .add(WEIGHTED_LOG_RATIO_SE, DataTypes.DoubleType, true)
      .add(PERSISTENT_LOG_RATIO, DataTypes.DoubleType, true)
      .add(PERSISTENT_LOG_RATIO_SD, DataTypes.DoubleType, true)
      .add(PERSISTENT_RATIO, DataTypes.DoubleType, true)
      .add(PERSISTENT_RATIO_LOW95, DataTypes.DoubleType, true)
      .add(PERSISTENT_RATIO_HIGH95, DataTypes.DoubleType, true)
      .add(RATIO_THRESHOLD, DataTypes.DoubleType, false)
      .add(PROBABILITY_AT_THRESHOLD, DataTypes.DoubleType, true)
      .add(POSTERIOR_WEIGHT_HIGH, DataTypes.DoubleType, true)
      .add(MEAN_LOG_RATIO, DataTypes.DoubleType, false)
      .add(TAU2_PERSISTENT, DataTypes.DoubleType, false)
      .add(SIGMA2_SEMESTER, DataTypes.DoubleType, false)
      .add(NOISE_SCALE, DataTypes.DoubleType, false)
      .add(SHOCK_CORRELATION, DataTypes.DoubleType, false)
      .add(MOMENT_GPS, DataTypes.LongType, false)
      .add(LEAVE_SELF_OUT, DataTypes.BooleanType, false)
      .add(PERSISTENT_PRIOR, DataTypes.StringType, false)
      .add(MIXTURE_WEIGHT_HIGH, DataTypes.DoubleType, true)
      .add(MIXTURE_MEAN_LOW, DataTypes.DoubleType, true)
      .add(MIXTURE_TAU2_LOW, DataTypes.DoubleType, true)
      .add(MIXTURE_MEAN_HIGH, DataTypes.DoubleType, true)
      .add(MIXTURE_TAU2_HIGH, DataTypes.DoubleType, true)
      .add(DAYS_AS_SUBSTITUTE, DataTypes.DoubleType, true)
      .add(EXCLUDE_SUBSTITUTE_DAYS, DataTypes.BooleanType, false)
      .add(PERSISTENT_NOISE, DataTypes.StringType, false)
      .add(WINDOW_STOP_DISPERSION, DataTypes.DoubleType, true)
      .add(STOP_LENGTH, DataTypes.StringType, true)
      .add(STOP_LENGTH_RATIO, DataTypes.DoubleType, true)
      .add(CREDIBLE_STOP_LENGTH_RATIO, DataTypes.DoubleType, true);
}
