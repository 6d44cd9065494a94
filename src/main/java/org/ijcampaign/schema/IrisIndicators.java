package org.ijcampaign.schema;

/** Columns of {@code iris_indicators.csv}; rates and shares are fractions in [0, 1]. */
public final class IrisIndicators {
  private IrisIndicators() {}

  public static final String FILE = "iris_indicators.csv";
  public static final String IRIS_CODE = "iris_code";
  public static final String COMMUNE_CODE = "commune_code";
  public static final String REGION_CODE = "region_code";
  public static final String POPULATION = "population";
  public static final String MEDIAN_INCOME_EUR = "median_income_eur";
  public static final String POVERTY_RATE = "poverty_rate";
  public static final String UNEMPLOYMENT_RATE = "unemployment_rate";
  public static final String MANUAL_WORKER_SHARE = "manual_worker_share";
  public static final String SINGLE_PARENT_SHARE = "single_parent_share";
}
