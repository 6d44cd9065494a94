package org.ijcampaign.targeting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Targeting;
import org.ijcampaign.schema.Territory;
import org.junit.jupiter.api.Test;

class FairnessAuditTest extends SparkTestBase {
  private static final CampaignConfig C2025 =
      ConfigLoader.loadCampaign(new File("conf/campaigns/2025-2026.conf"));

  private static final StructType TARGETING = new StructType()
      .add(Profile.PHYSICIAN_ID, DataTypes.StringType)
      .add(Targeting.STATUS, DataTypes.StringType)
      .add(Profile.SEX, DataTypes.StringType)
      .add(Profile.BIRTH_YEAR, DataTypes.IntegerType)
      .add(Profile.INSTALLATION_DATE, DataTypes.DateType)
      .add(Profile.EXERCISE_MODE, DataTypes.StringType);

  private static Row gp(String id, String status, String sex, int birthYear, String installed) {
    return RowFactory.create(id, status, sex, birthYear,
        installed == null ? null : Date.valueOf(installed), "LIBERAL");
  }

  @Test
  void setsEachCategorysShareOfTheTargetedBesideItsShareOfTheProfiled() {
    // Four women and two men profiled; the safeguard keeps two women and drops one man.
    Dataset<Row> on = spark().createDataFrame(List.of(
        gp("1", Targeting.TARGETED, "F", 1980, "2010-01-01"),
        gp("2", Targeting.TARGETED, "F", 1970, "2010-01-01"),
        gp("3", "BELOW_THRESHOLD", "F", 1990, "2023-06-01"),
        gp("4", "BELOW_THRESHOLD", "F", 1960, "2010-01-01"),
        gp("5", Targeting.FAILS_SAFEGUARD, "M", 1980, "2010-01-01"),
        gp("6", "BELOW_THRESHOLD", "M", 1980, "2010-01-01")), TARGETING);
    Dataset<Row> off = spark().createDataFrame(List.of(
        gp("1", Targeting.TARGETED, "F", 1980, "2010-01-01"),
        gp("2", Targeting.TARGETED, "F", 1970, "2010-01-01"),
        gp("3", "BELOW_THRESHOLD", "F", 1990, "2023-06-01"),
        gp("4", "BELOW_THRESHOLD", "F", 1960, "2010-01-01"),
        gp("5", Targeting.TARGETED, "M", 1980, "2010-01-01"),
        gp("6", "BELOW_THRESHOLD", "M", 1980, "2010-01-01")), TARGETING);
    Dataset<Row> territories = spark().createDataFrame(List.of(
        RowFactory.create("1", 1, 2), RowFactory.create("2", 1, 2),
        RowFactory.create("3", 2, 2), RowFactory.create("4", 2, 2),
        RowFactory.create("5", 1, 1), RowFactory.create("6", 2, 1)), new StructType()
        .add(Profile.PHYSICIAN_ID, DataTypes.StringType)
        .add(Territory.CLUSTER, DataTypes.IntegerType)
        .add(Territory.SUPPLY_CLASS, DataTypes.IntegerType));

    Map<String, String> got = new TreeMap<>();
    for (Row r : FairnessAudit.audit(on, off, territories, C2025).collectAsList()) {
      got.put(r.getAs(FairnessAudit.DIMENSION) + "=" + r.getAs(FairnessAudit.CATEGORY),
          String.format("%d %.3f %d %s %s %d %.3f", r.<Long>getAs(FairnessAudit.PROFILED_GPS),
              r.<Double>getAs(FairnessAudit.PROFILED_SHARE),
              r.<Long>getAs(FairnessAudit.TARGETED_GPS),
              fmt(r.getAs(FairnessAudit.TARGETED_SHARE)),
              fmt(r.getAs(FairnessAudit.TARGETING_RATE)),
              r.<Long>getAs(FairnessAudit.TARGETED_NO_SAFEGUARD),
              r.<Double>getAs(FairnessAudit.TARGETED_SHARE_NO_SAFEGUARD)));
    }
    // profiled, its share, targeted, its share, targeting rate; the same without safeguard.
    assertEquals("4 0.667 2 1.000 0.500 2 0.667", got.get("sex=F"));
    assertEquals("2 0.333 0 0.000 0.000 1 0.333", got.get("sex=M"));
    // Ages in the observation year 2024: 44, 54, 34, 64, 44, 44.
    assertEquals("3 0.500 1 0.500 0.333 2 0.667", got.get("age_band=40-49"));
    assertEquals("1 0.167 1 0.500 1.000 1 0.333", got.get("age_band=50-59"));
    assertEquals("1 0.167 0 0.000 0.000 0 0.000", got.get("age_band=<40"));
    assertEquals("1 0.167 0 0.000 0.000 0 0.000", got.get("age_band=60+"));
    // Installed 2023-06-01: less than two years before 2024-01-01.
    assertEquals("1 0.167 0 0.000 0.000 0 0.000", got.get("years_installed=<2"));
    assertEquals("5 0.833 2 1.000 0.400 3 1.000", got.get("years_installed=10+"));
    assertEquals("3 0.500 2 1.000 0.667 3 1.000", got.get("cluster=1"));
    assertEquals("2 0.333 0 0.000 0.000 1 0.333", got.get("supply_class=1"));
    assertEquals("6 1.000 2 1.000 0.333 3 1.000", got.get("exercise_mode=LIBERAL"));
  }

  @Test
  void putsAGpWithoutInstallationDateInHisOwnCategory() {
    List<Row> gps = List.of(gp("1", Targeting.TARGETED, "F", 1980, null),
        gp("2", "BELOW_THRESHOLD", "F", 1980, "2010-01-01"));
    Dataset<Row> on = spark().createDataFrame(gps, TARGETING);
    Dataset<Row> territories = spark().createDataFrame(List.of(RowFactory.create("1", 1, 1),
        RowFactory.create("2", 1, 1)), new StructType()
        .add(Profile.PHYSICIAN_ID, DataTypes.StringType)
        .add(Territory.CLUSTER, DataTypes.IntegerType)
        .add(Territory.SUPPLY_CLASS, DataTypes.IntegerType));
    Map<String, Long> targeted = new TreeMap<>();
    for (Row r : FairnessAudit.audit(on, on, territories, C2025).collectAsList()) {
      if ("years_installed".equals(r.getAs(FairnessAudit.DIMENSION))) {
        targeted.put(r.getAs(FairnessAudit.CATEGORY), r.<Long>getAs(FairnessAudit.TARGETED_GPS));
      }
    }
    assertEquals(Map.of(FairnessAudit.NOT_INSTALLED, 1L, "10+", 0L), targeted);
  }

  private static String fmt(Double d) {
    return d == null ? "null" : String.format("%.3f", d);
  }
}
