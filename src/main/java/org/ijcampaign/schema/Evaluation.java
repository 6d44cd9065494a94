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
  public static final String METHOD = "method";
  /** Whether the row is the headline estimate (docs/evaluation.md). */
  public static final String HEADLINE = "headline";
  /**
   * {@code ESTIMATED}, or why the data cannot support the estimate: {@code PRE_TREND},
   * {@code NO_BASELINE}, {@code NO_CONTROLS}, {@code NO_TREATED}.
   */
  public static final String STATUS = "status";
  public static final String TREATED_EVALUATED = "treated_evaluated";
  public static final String SAVINGS_DAYS_LOW = "savings_days_low";
  public static final String SAVINGS_DAYS_HIGH = "savings_days_high";
  public static final String SAVINGS_EUR_LOW = "savings_eur_low";
  public static final String SAVINGS_EUR_HIGH = "savings_eur_high";
  /** The same estimate between the first and last baseline semesters, where it must be 0. */
  public static final String PLACEBO_LOG = "placebo_log";
  public static final String PLACEBO_CI_LOW = "placebo_ci_low";
  public static final String PLACEBO_CI_HIGH = "placebo_ci_high";

  public static final String ESTIMATED = "ESTIMATED";
  public static final String PRE_TREND = "PRE_TREND";
  public static final String NO_BASELINE = "NO_BASELINE";
  public static final String NO_CONTROLS = "NO_CONTROLS";
  public static final String NO_TREATED = "NO_TREATED";

  public static final String MSO = "MSO";
  public static final String MSAP = "MSAP";
  public static final String ALL_TREATED = "ALL_TREATED";
  public static final String ALL_OTHER = "ALL_OTHER";
  /**
   * The untreated GPs profiled in every semester of the headline estimate: its row in
   * {@code campaign_evaluation}, and a group of {@code evaluation_series}.
   */
  public static final String CONTROLS = "CONTROLS";

  // evaluation_series
  public static final String PERIOD = Profile.PERIOD;
  public static final String DAYS = "days";
  public static final String EXPOSURE = "exposure";
  public static final String RATE = "rate";

  // evaluation_balance: treated against controls, semester by semester
  public static final String ROLE = "role";
  public static final String TREATED_GPS = "treated_gps";
  public static final String CONTROL_GPS = "control_gps";
  public static final String TREATED_RATE = "treated_rate";
  public static final String CONTROL_RATE = "control_rate";
  public static final String LOG_GAP = "log_gap";
  public static final String TREATED_CLEAN_RATE = "treated_clean_rate";
  public static final String CONTROL_CLEAN_RATE = "control_clean_rate";
  public static final String CLEAN_LOG_GAP = "clean_log_gap";
  public static final String ESTIMATE_LOG = "estimate_log";
  public static final String ESTIMATE_CI_LOW = "estimate_ci_low";
  public static final String ESTIMATE_CI_HIGH = "estimate_ci_high";

  /** Roles of a semester in the evaluation. */
  public static final String BEFORE_SELECTION = "BEFORE_SELECTION";
  public static final String SELECTION = "SELECTION";
  public static final String BASELINE_ROLE = "BASELINE";
  public static final String BETWEEN = "BETWEEN";
  public static final String CAMPAIGN_ROLE = "CAMPAIGN";
  public static final String FOLLOW_UP_ROLE = "FOLLOW_UP";
}
