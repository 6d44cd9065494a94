package org.ijcampaign.schema;

/** Columns of {@code expected_ij} (one row per profiled GP and period) and of the model tables. */
public final class Expected {
  private Expected() {}

  public static final String PERIOD = Profile.PERIOD;
  public static final String MODEL_VERSION = "model_version";
  public static final String PHYSICIAN_ID = Profile.PHYSICIAN_ID;
  public static final String OBSERVED_DAYS = "observed_days";
  public static final String EXPECTED_DAYS = "expected_days";
  public static final String OBSERVED_RATE = "observed_rate";
  public static final String EXPECTED_RATE = "expected_rate";
  public static final String RATIO = "ratio";
  /** D_t = Σ d² / Σ d over the stops of the territory's profiled GPs. */
  public static final String STOP_DISPERSION = "stop_dispersion";
  public static final String VARIANCE = "variance";
  public static final String Z = "z";
  public static final String FUNNEL_95_LOW = "funnel_95_low";
  public static final String FUNNEL_95_HIGH = "funnel_95_high";
  public static final String FUNNEL_998_LOW = "funnel_998_low";
  public static final String FUNNEL_998_HIGH = "funnel_998_high";
  public static final String SAMPLING_VARIANCE = "sampling_variance";
  public static final String SHRINKAGE_WEIGHT = "shrinkage_weight";
  public static final String SHRUNK_RATIO = "shrunk_ratio";
  /** percent_rank of the rate among the region's profiled GPs (ties take the lowest rank). */
  public static final String REGION_PERCENT_RANK = "region_percent_rank";
  public static final String REGION_GPS = "region_gps";
  /** Mean of a patientèle share over the GP's territory, prefix of e.g. territory_share_ald. */
  public static final String TERRITORY_PREFIX = "territory_";

  // model_coefficients
  public static final String TERM = "term";
  public static final String ESTIMATE = "estimate";
  public static final String STD_ERROR = "std_error";
  /** Standard error scaled by sqrt(φ): the quasi-Poisson reading. */
  public static final String QUASI_STD_ERROR = "quasi_std_error";
  public static final String Z_VALUE = "z_value";
  public static final String P_VALUE = "p_value";
  public static final String PHI = "phi";
  public static final String TAU2 = "tau2";
  public static final String DEVIANCE = "deviance";
  public static final String NULL_DEVIANCE = "null_deviance";
  public static final String AIC = "aic";
  public static final String ITERATIONS = "iterations";
  public static final String N_GPS = "n_gps";
  public static final String N_PARAMETERS = "n_parameters";
  public static final String DROPPED_TERMS = "dropped_terms";
  public static final String INTERCEPT = "(intercept)";
}
