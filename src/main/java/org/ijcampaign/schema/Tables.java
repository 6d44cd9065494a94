package org.ijcampaign.schema;

/** Names of the Delta tables under the warehouse folder (docs/outputs.md). */
public final class Tables {
  private Tables() {}

  // Ingested landing zone (patient-level: never exposed to analysts' views).
  public static final String CLAIMS_CLEAN = "claims_clean";
  public static final String PHYSICIANS = "physicians";
  public static final String PATIENTS = "patients";
  public static final String MT_LINKS = "mt_links";
  public static final String REPLACEMENTS = "replacements";
  public static final String IRIS_INDICATORS = "iris_indicators";
  public static final String IRIS_CLUSTERS = "iris_clusters";
  public static final String APL = "apl";
  public static final String CAMPAIGN_HISTORY = "campaign_history";
  public static final String QUARANTINE = "quarantine";

  // Derived, GP-level or aggregated.
  public static final String GP_PERIOD_PROFILE = "gp_period_profile";
  public static final String TERRITORIES = "territories";
  public static final String IRIS_CLUSTER_ASSIGNMENT = "iris_cluster_assignment";
  public static final String CLUSTER_CENTRES = "cluster_centres";
  public static final String EXPECTED_IJ = "expected_ij";
  public static final String MODEL_COEFFICIENTS = "model_coefficients";
  public static final String TARGETING = "targeting";
  /** Targeting rates by GP attribute, with and without the safeguard, per campaign. */
  public static final String FAIRNESS = "fairness";
  /** Each GP's persistent ratio over the semesters before a campaign (docs/persistent.md). */
  public static final String PERSISTENT_RATIO = "persistent_ratio";
  public static final String CAMPAIGN_EVALUATION = "campaign_evaluation";
  public static final String EVALUATION_SERIES = "evaluation_series";
  public static final String EVALUATION_BALANCE = "evaluation_balance";
  public static final String RUNS = "runs";
}
