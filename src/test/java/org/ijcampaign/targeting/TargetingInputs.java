package org.ijcampaign.targeting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.TableRows;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Tables;
import org.ijcampaign.schema.Territory;

/**
 * Inputs of {@link CampaignTargeting#target} and of the fairness audit, by column name, for GPs
 * of 2024 who differ only in the figures a test chooses: expected_ij rows, the profile columns
 * the targeting reads and territories (campaign_history events: {@link
 * org.ijcampaign.HistoryEvents}).
 */
final class TargetingInputs {
  /** The gp_period_profile columns the targeting joins. */
  static final StructType PROFILE = new StructType()
      .add(Profile.PHYSICIAN_ID, DataTypes.StringType)
      .add(Profile.EXERCISE_MODE, DataTypes.StringType)
      .add(Profile.INSTALLATION_DATE, DataTypes.DateType)
      .add(Profile.SEX, DataTypes.StringType).add(Profile.BIRTH_YEAR, DataTypes.IntegerType)
      .add(Profile.PRACTICE_IRIS, DataTypes.StringType);

  private TargetingInputs() {}

  static TableRows expectedIj() {
    return TableRows.of(Tables.EXPECTED_IJ);
  }

  /**
   * A GP of region 11 in territory 11|1|2 (40 GPs, mean rate 8, sd 3) expecting 1,000 days at a
   * rate of 10 with a 2024 ratio, observing ratio × 1,000 days; every patientèle share 0.2.
   */
  static Object[] expected(String gp, double ratio, Object z, Object regionPercentRank,
      double shrunkRatio, long activePatients) {
    List<Object> v = new ArrayList<>(Arrays.asList(Expected.PERIOD, "2024",
        Expected.MODEL_VERSION, "v1", Profile.PHYSICIAN_ID, gp, Profile.REGION_CODE, "11",
        Territory.TERRITORY, "11|1|2", Territory.TERRITORY_LEVEL, 0,
        Territory.TERRITORY_SIZE, 40L, Territory.TERRITORY_MEAN_RATE, 8.0,
        Territory.TERRITORY_SD_RATE, 3.0, Profile.ACTIVE_PATIENTS, activePatients,
        Expected.OBSERVED_DAYS, 10.0 * ratio * 100, Expected.EXPECTED_DAYS, 1000.0,
        Expected.OBSERVED_RATE, 10.0 * ratio, Expected.EXPECTED_RATE, 10.0,
        Expected.RATIO, ratio, Expected.Z, z, Expected.FUNNEL_998_HIGH, 2.5,
        Expected.SHRUNK_RATIO, shrunkRatio, Expected.REGION_PERCENT_RANK, regionPercentRank,
        Expected.REGION_GPS, 40L));
    for (String share : org.ijcampaign.schema.Profile.SHARES) {
      v.addAll(List.of(share, 0.2, Expected.TERRITORY_PREFIX + share, 0.2));
    }
    return v.toArray();
  }

  static TableRows profile() {
    return TableRows.of(PROFILE);
  }

  /** A liberal woman born in 1970 practising in IRIS 751010101. */
  static Object[] profile(Object gp, String installationDate) {
    return new Object[] {Profile.PHYSICIAN_ID, gp, Profile.EXERCISE_MODE, "LIBERAL",
        Profile.INSTALLATION_DATE, installationDate, Profile.SEX, "F", Profile.BIRTH_YEAR, 1970,
        Profile.PRACTICE_IRIS, "751010101"};
  }

  static TableRows territories() {
    return TableRows.of(Tables.TERRITORIES);
  }

  /** A GP's cluster and supply class, the territories columns the fairness audit reads. */
  static Object[] territory(String gp, int cluster, int supplyClass) {
    return new Object[] {Territory.PHYSICIAN_ID, gp, Territory.CLUSTER, cluster,
        Territory.SUPPLY_CLASS, supplyClass};
  }

  /**
   * Six GPs' territories, in cluster and supply class: the first two (1, 2), the next two
   * (2, 2), the fifth (1, 1), the sixth (2, 1).
   */
  static Dataset<Row> sixTerritories(SparkSession spark, String... gps) {
    int[][] cells = {{1, 2}, {1, 2}, {2, 2}, {2, 2}, {1, 1}, {2, 1}};
    TableRows rows = territories();
    for (int i = 0; i < cells.length; i++) {
      rows.row(territory(gps[i], cells[i][0], cells[i][1]));
    }
    return rows.toDataset(spark);
  }
}
