package org.ijcampaign.territory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
import org.ijcampaign.config.Period;
import org.ijcampaign.profile.Profiles;
import org.ijcampaign.schema.Apl;
import org.ijcampaign.schema.IrisClusters;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Territory;
import org.junit.jupiter.api.Test;

class TerritoriesTest extends SparkTestBase {
  private static final List<Double> THRESHOLDS = List.of(2.5, 3.5, 4.5);

  /** The APL table, from rows given by {@link #apl(String, int, Double)}. */
  private Dataset<Row> aplTable(Object[]... rows) {
    TableRows t = TableRows.of(new StructType().add(Apl.COMMUNE_CODE, DataTypes.StringType)
        .add(Apl.YEAR, DataTypes.IntegerType).add(Apl.APL, DataTypes.DoubleType));
    for (Object[] r : rows) {
      t.row(r);
    }
    return t.toDataset(spark());
  }

  private static Object[] apl(String commune, int year, Double apl) {
    return new Object[] {Apl.COMMUNE_CODE, commune, Apl.YEAR, year, Apl.APL, apl};
  }

  /** A GP of 2024S1 with his region, practice IRIS and rate. */
  private static Object[] gp(String gp, String region, String iris, Double rate,
      boolean profiled) {
    return new Object[] {Profile.PERIOD, "2024S1", Profile.PHYSICIAN_ID, gp, Profile.REGION_CODE,
        region, Profile.PRACTICE_IRIS, iris, Profile.RATE, rate, Profile.PROFILED, profiled};
  }

  @Test
  void takesTheLatestAplNotAfterThePeriodsFinalYearElseTheEarliest() {
    Dataset<Row> apl = aplTable(apl("75101", 2022, 4.0), apl("75101", 2023, 4.6),
        apl("2A004", 2023, 2.1));
    Dataset<Row> periods = Profiles.periods(spark(),
        List.of(Period.semester("2024S1"), Period.semester("2021S2")));
    Map<String, String> got = new TreeMap<>();
    for (Row r : Territories.aplOfPeriod(apl, periods).collectAsList()) {
      got.put(r.getAs(Apl.COMMUNE_CODE) + "/" + r.getAs(Profile.PERIOD),
          r.getAs(Territory.APL_YEAR) + ":" + r.getAs(Territory.APL));
    }
    assertEquals(Map.of("75101/2024S1", "2023:4.6", "75101/2021S2", "2022:4.0",
        "2A004/2024S1", "2023:2.1", "2A004/2021S2", "2023:2.1"), got);
  }

  @Test
  void cutsTheAplIntoSupplyClassesAtTheConfiguredThresholds() {
    Dataset<Row> apl = aplTable(apl("a", 0, 2.49), apl("b", 0, 2.5),
        apl("c", 0, 3.6), apl("d", 0, 4.5), apl("e", 0, null));
    Map<String, Integer> got = new TreeMap<>();
    for (Row r : apl.select(apl.col(Apl.COMMUNE_CODE),
        Territories.supplyClass(apl.col(Apl.APL), THRESHOLDS)).collectAsList()) {
      got.put(r.getString(0), r.getInt(1));
    }
    assertEquals(Map.of("a", 1, "b", 2, "c", 3, "d", 4, "e", 0), got);
  }

  /**
   * With a minimum size of 3: region 11 cluster 1 class 2 holds G1-G3 (kept); G4 is alone in
   * class 3 but cluster 1 holds 4 GPs (widened once); G5 (cluster 2) and G7 (IRIS unknown:
   * cluster 0, no APL: class 0) have clusters of one GP (widened twice, together); G6 is the
   * only GP of Corsica (region 94) and stays at region level.
   */
  @Test
  void widensSmallCellsOnceOrTwiceAndDescribesEachFinalTerritory() {
    StructType profileSchema = new StructType()
        .add(Profile.PERIOD, DataTypes.StringType).add(Profile.PHYSICIAN_ID, DataTypes.StringType)
        .add(Profile.REGION_CODE, DataTypes.StringType)
        .add(Profile.PRACTICE_IRIS, DataTypes.StringType).add(Profile.RATE, DataTypes.DoubleType)
        .add(Profile.PROFILED, DataTypes.BooleanType);
    Dataset<Row> profile = TableRows.of(profileSchema)
        .row(gp("G1", "11", "751010101", 10.0, true))
        .row(gp("G2", "11", "751010102", 12.0, true))
        .row(gp("G3", "11", "751010101", 14.0, true))
        .row(gp("G4", "11", "770010000", 30.0, true))
        .row(gp("G5", "11", "930010101", 8.0, true))
        .row(gp("G6", "94", "2A0040000", 9.0, true))
        .row(gp("G7", "11", "780010000", 6.0, true))
        .row(gp("G8", "11", "751010101", null, false))
        .toDataset(spark());
    Dataset<Row> clusters = TableRows.of(new StructType()
            .add(IrisClusters.IRIS_CODE, DataTypes.StringType)
            .add(IrisClusters.CLUSTER, DataTypes.IntegerType))
        .row(IrisClusters.IRIS_CODE, "751010101", IrisClusters.CLUSTER, 1)
        .row(IrisClusters.IRIS_CODE, "751010102", IrisClusters.CLUSTER, 1)
        .row(IrisClusters.IRIS_CODE, "770010000", IrisClusters.CLUSTER, 1)
        .row(IrisClusters.IRIS_CODE, "930010101", IrisClusters.CLUSTER, 2)
        .row(IrisClusters.IRIS_CODE, "2A0040000", IrisClusters.CLUSTER, 2)
        .toDataset(spark());
    Dataset<Row> apl = aplTable(apl("75101", 2023, 3.0), apl("77001", 2023, 4.0),
        apl("93001", 2023, 2.0), apl("2A004", 2023, 2.1));
    Dataset<Row> periods = Profiles.periods(spark(), List.of(Period.semester("2024S1")));
    Dataset<Row> t = Territories.assign(profile, clusters,
        Territories.aplOfPeriod(apl, periods), THRESHOLDS, 3);
    Map<String, String> got = new TreeMap<>();
    for (Row r : t.collectAsList()) {
      got.put(r.getAs(Profile.PHYSICIAN_ID), r.getAs(Territory.TERRITORY) + " level "
          + r.getAs(Territory.TERRITORY_LEVEL) + " cell " + r.getAs(Territory.CELL_SIZE)
          + " n " + r.getAs(Territory.TERRITORY_SIZE) + " mean "
          + r.getAs(Territory.TERRITORY_MEAN_RATE) + " sd " + r.getAs(Territory.TERRITORY_SD_RATE));
    }
    Map<String, String> expected = new TreeMap<>(Map.of(
        "G1", "11|1|2 level 0 cell 3 n 3 mean 12.0 sd 2.0",
        "G2", "11|1|2 level 0 cell 3 n 3 mean 12.0 sd 2.0",
        "G3", "11|1|2 level 0 cell 3 n 3 mean 12.0 sd 2.0",
        "G4", "11|1|* level 1 cell 1 n 1 mean 30.0 sd null",
        "G5", "11|*|* level 2 cell 1 n 2 mean 7.0 sd 1.4142135623730951",
        "G6", "94|*|* level 2 cell 1 n 1 mean 9.0 sd null",
        "G7", "11|*|* level 2 cell 1 n 2 mean 7.0 sd 1.4142135623730951"));
    assertEquals(expected, got);
    Row g7 = t.where("physician_id = 'G7'").head();
    assertEquals(0, (int) g7.getAs(Territory.CLUSTER));
    assertEquals(0, (int) g7.getAs(Territory.SUPPLY_CLASS));
    Row g6 = t.where("physician_id = 'G6'").head();
    assertEquals("2A004", g6.getAs(Territory.COMMUNE_CODE));
    assertEquals(1, (int) g6.getAs(Territory.SUPPLY_CLASS));
  }
}
