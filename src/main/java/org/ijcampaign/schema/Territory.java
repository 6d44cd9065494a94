package org.ijcampaign.schema;

/** Columns of {@code territories}, {@code iris_cluster_assignment} and {@code cluster_centres}. */
public final class Territory {
  private Territory() {}

  public static final String PERIOD = Profile.PERIOD;
  public static final String PHYSICIAN_ID = Profile.PHYSICIAN_ID;
  public static final String REGION_CODE = Physicians.REGION_CODE;
  public static final String PRACTICE_IRIS = Physicians.PRACTICE_IRIS;
  public static final String COMMUNE_CODE = "commune_code";
  /** 1 = least fragile … k = most fragile; 0 = practice IRIS unknown to the IRIS tables. */
  public static final String CLUSTER = "cluster";
  public static final String APL = "apl";
  public static final String APL_YEAR = "apl_year";
  /** 1 (APL under the first threshold: under-served) … 4; 0 = no APL for the commune. */
  public static final String SUPPLY_CLASS = "supply_class";
  /** {@code region|cluster|class}, widened to {@code region|cluster|*} or {@code region|*|*}. */
  public static final String TERRITORY = "territory";
  /** 0 = not widened, 1 = widened to region|cluster|*, 2 = to region|*|*. */
  public static final String TERRITORY_LEVEL = "territory_level";
  public static final String CELL_SIZE = "cell_size";
  public static final String TERRITORY_SIZE = "territory_size";
  public static final String TERRITORY_MEAN_RATE = "territory_mean_rate";
  public static final String TERRITORY_SD_RATE = "territory_sd_rate";
  public static final String RATE = Profile.RATE;

  // iris_cluster_assignment
  public static final String IRIS_CODE = IrisIndicators.IRIS_CODE;
  /** SUPPLIED (iris_clusters.csv) or KMEANS. */
  public static final String CLUSTER_SOURCE = "cluster_source";
  public static final String SUPPLIED = "SUPPLIED";
  public static final String KMEANS = "KMEANS";

  // cluster_centres
  public static final String FRAGILITY_SCORE = "fragility_score";
  public static final String IRIS_COUNT = "iris_count";
  public static final String INDICATOR = "indicator";
  /** Centre coordinate in standard deviations from the national IRIS mean. */
  public static final String CENTRE_Z = "centre_z";
}
