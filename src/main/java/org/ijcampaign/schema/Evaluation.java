package org.ijcampaign.schema;

/** Columns and groups of {@code campaign_evaluation} and {@code evaluation_series}. */
public final class Evaluation {
  private Evaluation() {}

  public static final String CAMPAIGN = "campaign";
  public static final String BASELINE = "baseline";
  public static final String FOLLOW_UP = "follow_up";
  public static final String GROUP = "group";
  public static final String GPS = "gps";
  public static final String BASELINE_DAYS = "baseline_days";
  public static final String BASELINE_EXPOSURE = "baseline_exposure";
  public static final String BASELINE_RATE = "baseline_rate";
  public static final String FOLLOW_UP_DAYS = "follow_up_days";
  public static final String FOLLOW_UP_EXPOSURE = "follow_up_exposure";
  public static final String FOLLOW_UP_RATE = "follow_up_rate";
  public static final String CHANGE_PCT = "change_pct";
  public static final String MEAN_BASELINE_RATIO = "mean_baseline_ratio";
  /** Share of MSO GPs with an objective whose follow-up rate is at or below it. */
  public static final String OBJECTIVE_ATTAINMENT = "objective_attainment";
  public static final String GPS_WITH_OBJECTIVE = "gps_with_objective";
  public static final String SAVINGS_DAYS = "savings_days";
  public static final String SAVINGS_EUR = "savings_eur";
  public static final String EUR_PER_DAY = "eur_per_day";
  /** Difference in differences of log pooled rates, treated against this group. */
  public static final String DID_LOG = "did_log";
  public static final String DID_CI_LOW = "did_ci_low";
  public static final String DID_CI_HIGH = "did_ci_high";
  public static final String EFFECT_PCT = "effect_pct";
  public static final String BOOTSTRAP_REPLICATES = "bootstrap_replicates";
  public static final String METHOD = "method";

  public static final String MSO = "MSO";
  public static final String MSAP = "MSAP";
  public static final String ALL_TREATED = "ALL_TREATED";
  public static final String ALL_OTHER = "ALL_OTHER";
  public static final String MATCHED_CONTROLS = "MATCHED_CONTROLS";

  // evaluation_series
  public static final String PERIOD = Profile.PERIOD;
  public static final String DAYS = "days";
  public static final String EXPOSURE = "exposure";
  public static final String RATE = "rate";
}
