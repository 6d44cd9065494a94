package org.ijcampaign.schema;

import java.util.List;

/** Columns of {@code gp_period_profile}: one row per prescriber and observation period. */
public final class Profile {
  private Profile() {}

  public static final String PERIOD = "period";
  public static final String PERIOD_START = "period_start";
  public static final String PERIOD_END = "period_end";
  public static final String PHYSICIAN_ID = "physician_id";
  public static final String SPECIALTY_CODE = Physicians.SPECIALTY_CODE;
  public static final String EXERCISE_MODE = Physicians.EXERCISE_MODE;
  public static final String REGION_CODE = Physicians.REGION_CODE;
  public static final String PRACTICE_IRIS = Physicians.PRACTICE_IRIS;
  public static final String INSTALLATION_DATE = Physicians.INSTALLATION_DATE;
  public static final String SEX = "physician_sex";
  public static final String BIRTH_YEAR = "physician_birth_year";

  /** IJ days attributed to the prescriber, pro rata day by day inside the period. */
  public static final String IJ_DAYS = "ij_days";
  /** Euros of the same claims, pro rata like the days. */
  public static final String AMOUNT_EUR = "amount_eur";
  /** Σ over the prescriber's stops of (the stop's IJ days in the period)²: the model's D_t. */
  public static final String STOP_DAYS_SQ_SUM = "stop_days_sq_sum";
  public static final String STOPS = "stops";
  /** Stops lasting under 8 calendar days (first period start to last period end). */
  public static final String SHORT_STOPS = "short_stops";
  /** Stops lasting over 3 months (more than 90 calendar days). */
  public static final String LONG_STOPS = "long_stops";
  /** IJ days prescribed to patients without a médecin-traitant link to him in the period. */
  public static final String NON_MT_IJ_DAYS = "non_mt_ij_days";
  public static final String NON_MT_SHARE = "non_mt_share";
  /** Days prescribed under his id during his replacement contracts, moved to the substitute. */
  public static final String DAYS_MOVED_TO_SUBSTITUTES = "days_moved_to_substitutes";
  /** Days he prescribed as a substitute, under a titular's id. */
  public static final String DAYS_AS_SUBSTITUTE = "days_as_substitute";
  public static final String REPLACEMENT_RULE = "replacement_rule";

  public static final String ACTIVE_PATIENTS = "active_patients";
  public static final String PRESENCE_FRACTION = "presence_fraction";
  public static final String EXPOSURE = "exposure";
  /** IJ days per active patient per year. */
  public static final String RATE = "rate";
  /** General practitioner with exposure > 0: enters the model. */
  public static final String PROFILED = "profiled";

  public static final String SHARE_AGE_16_29 = "share_age_16_29";
  public static final String SHARE_AGE_30_39 = "share_age_30_39";
  public static final String SHARE_AGE_40_49 = "share_age_40_49";
  public static final String SHARE_AGE_50_59 = "share_age_50_59";
  public static final String SHARE_AGE_60_64 = "share_age_60_64";
  public static final String SHARE_WOMEN = "share_women";
  public static final String SHARE_ALD = "share_ald";
  public static final String SHARE_C2S = "share_c2s";

  /** Age bands {lower, upper} inclusive, in the order of their share columns. */
  public static final List<int[]> AGE_BANDS = List.of(new int[] {16, 29}, new int[] {30, 39},
      new int[] {40, 49}, new int[] {50, 59}, new int[] {60, 64});
  public static final List<String> AGE_SHARES = List.of(SHARE_AGE_16_29, SHARE_AGE_30_39,
      SHARE_AGE_40_49, SHARE_AGE_50_59, SHARE_AGE_60_64);
  /** Every patientèle share of a profile, in column order. */
  public static final List<String> SHARES = List.of(SHARE_AGE_16_29, SHARE_AGE_30_39,
      SHARE_AGE_40_49, SHARE_AGE_50_59, SHARE_AGE_60_64, SHARE_WOMEN, SHARE_ALD, SHARE_C2S);
  /** Patientèle shares entering the model (the first age band is the left-out reference). */
  public static final List<String> MODEL_SHARES = List.of(SHARE_AGE_30_39, SHARE_AGE_40_49,
      SHARE_AGE_50_59, SHARE_AGE_60_64, SHARE_WOMEN, SHARE_ALD, SHARE_C2S);
}
