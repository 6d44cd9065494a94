package org.ijcampaign.model;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.TableRows;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Territory;

/**
 * Thirty-six profiled GPs of one region in three territories, with varied patientèle shares and
 * deterministic IJ days, as the profile and territories tables would hold them.
 */
final class ModelFixture {
  static final String PERIOD = "2024S1";
  static final String[] TERRITORIES = {"11|1|1", "11|1|2", "11|2|*"};
  static final int N = 36;

  private ModelFixture() {}

  static double exposure(int i) {
    return 50 + 7 * (i % 5) + i;
  }

  /** {30-39, 40-49, 50-59, 60-64, women, ALD, C2S}, the 16-29 band being the remainder. */
  static double[] shares(int i, boolean vary) {
    if (!vary) {
      return new double[] {0.2, 0.25, 0.2, 0.05, 0.5, 0.1, 0.05};
    }
    return new double[] {0.2 + 0.01 * (i % 7), 0.25 - 0.005 * (i % 4), 0.2 + 0.004 * (i % 5),
        0.05 + 0.003 * (i % 11), 0.46 + 0.01 * (i % 9), 0.1 + 0.005 * (i % 13),
        0.05 + 0.004 * (i % 8)};
  }

  static double observed(int i) {
    return Math.round(exposure(i) * 8 * Math.exp(0.3 * (i % 3)) * (1 + 0.25 * Math.sin(i)));
  }

  static double stopSq(int i) {
    return observed(i) * (10 + i % 4);
  }

  static Dataset<Row> profile(SparkSession spark, boolean varyShares) {
    StructType schema = new StructType()
        .add(Profile.PERIOD, DataTypes.StringType).add(Profile.PHYSICIAN_ID, DataTypes.StringType)
        .add(Profile.REGION_CODE, DataTypes.StringType)
        .add(Profile.PRACTICE_IRIS, DataTypes.StringType)
        .add(Profile.IJ_DAYS, DataTypes.DoubleType).add(Profile.EXPOSURE, DataTypes.DoubleType)
        .add(Profile.RATE, DataTypes.DoubleType).add(Profile.ACTIVE_PATIENTS, DataTypes.LongType)
        .add(Profile.STOP_DAYS_SQ_SUM, DataTypes.DoubleType)
        .add(Profile.PROFILED, DataTypes.BooleanType)
        .add(Profile.SHARE_AGE_16_29, DataTypes.DoubleType);
    for (String s : Profile.MODEL_SHARES) {
      schema = schema.add(s, DataTypes.DoubleType);
    }
    TableRows rows = TableRows.of(schema);
    for (int i = 0; i < N; i++) {
      double[] sh = shares(i, varyShares);
      double young = 1 - sh[0] - sh[1] - sh[2] - sh[3];
      List<Object> v = new ArrayList<>(List.of(Profile.PERIOD, PERIOD, Profile.PHYSICIAN_ID,
          "G" + i, Profile.REGION_CODE, "11", Profile.PRACTICE_IRIS, "751010101",
          Profile.IJ_DAYS, observed(i), Profile.EXPOSURE, exposure(i),
          Profile.RATE, observed(i) / exposure(i),
          Profile.ACTIVE_PATIENTS, (long) (exposure(i) * 2), Profile.STOP_DAYS_SQ_SUM, stopSq(i),
          Profile.PROFILED, true, Profile.SHARE_AGE_16_29, young));
      for (int k = 0; k < sh.length; k++) {
        v.addAll(List.of(Profile.MODEL_SHARES.get(k), sh[k]));
      }
      rows.row(v.toArray());
    }
    return rows.toDataset(spark);
  }

  static Dataset<Row> territories(SparkSession spark) {
    StructType schema = new StructType()
        .add(Territory.PERIOD, DataTypes.StringType)
        .add(Territory.PHYSICIAN_ID, DataTypes.StringType)
        .add(Territory.REGION_CODE, DataTypes.StringType)
        .add(Territory.PRACTICE_IRIS, DataTypes.StringType)
        .add(Territory.TERRITORY, DataTypes.StringType)
        .add(Territory.TERRITORY_LEVEL, DataTypes.IntegerType)
        .add(Territory.TERRITORY_SIZE, DataTypes.LongType)
        .add(Territory.TERRITORY_MEAN_RATE, DataTypes.DoubleType)
        .add(Territory.TERRITORY_SD_RATE, DataTypes.DoubleType);
    TableRows rows = TableRows.of(schema);
    for (int i = 0; i < N; i++) {
      rows.row(Territory.PERIOD, PERIOD, Territory.PHYSICIAN_ID, "G" + i,
          Territory.REGION_CODE, "11", Territory.PRACTICE_IRIS, "751010101",
          Territory.TERRITORY, TERRITORIES[i % 3], Territory.TERRITORY_LEVEL, 0,
          Territory.TERRITORY_SIZE, (long) N / 3, Territory.TERRITORY_MEAN_RATE, 0.0,
          Territory.TERRITORY_SD_RATE, 0.0);
    }
    return rows.toDataset(spark);
  }
}
