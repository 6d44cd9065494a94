package org.ijcampaign.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.ingest.Ingestion;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Territory;
import org.junit.jupiter.api.Test;

class CampaignEvaluationTest extends SparkTestBase {

  private Dataset<Row> history() {
    Object[][] e = {
        {"G1", "2023", "MSO", "2023-03-01", 7.5},
        {"G2", "2023", "MSAP", "2023-03-01", null},
        {"G3", "2023", "MSO", "2023-03-01", 9.0},
        {"G3", "2023", "MSAP", "2023-09-01", null},
        {"G4", "2023", "EXCHANGE", "2023-01-10", null},
        {"G5", "2025", "MSO", "2025-09-01", 5.0}};
    List<Row> rows = new ArrayList<>();
    for (Object[] x : e) {
      rows.add(RowFactory.create(x[0], x[1], x[2], Date.valueOf((String) x[3]), x[4], null,
          "campaign_history.csv", 2L));
    }
    return spark().createDataFrame(rows,
        Ingestion.cleanSchema(LandingContract.CAMPAIGN_HISTORY));
  }

  @Test
  void treatsTheCampaignsMsoAndMsapGpsAnMsapWinning() {
    Map<String, String> got = new TreeMap<>();
    for (Row r : CampaignEvaluation.treated(history(), "2023").collectAsList()) {
      got.put(r.getString(0), r.getString(1) + " " + r.get(2));
    }
    assertEquals(Map.of("G1", "MSO 7.5", "G2", "MSAP null", "G3", "MSAP 9.0"), got);
  }

  /**
   * T1 (territory A, shrunken baseline ratio 2.0) with k = 2 and caliper 0.25 on log ratios:
   * C1 (1.9, distance 0.051) and C2 (2.5, 0.223) are taken; C3 (1.0, 0.693) is too far; C4 is
   * in another territory. Each pair weighs 1/2.
   */
  @Test
  void matchesTheNearestUntreatedGpsOfTheSameTerritoryWithinTheCaliper() {
    StructType s = new StructType().add(Profile.PHYSICIAN_ID, DataTypes.StringType)
        .add(Territory.TERRITORY, DataTypes.StringType)
        .add(CampaignEvaluation.B_SCORE, DataTypes.DoubleType)
        .add(CampaignEvaluation.GROUP, DataTypes.StringType);
    Dataset<Row> panel = rows(s,
        new Object[] {"T1", "A", 2.0, "MSO"},
        new Object[] {"C1", "A", 1.9, "ALL_OTHER"},
        new Object[] {"C2", "A", 2.5, "ALL_OTHER"},
        new Object[] {"C3", "A", 1.0, "ALL_OTHER"},
        new Object[] {"C4", "B", 2.0, "ALL_OTHER"});
    List<String> got = CampaignEvaluation.matches(panel, 2, 0.25).orderBy("control_id")
        .collectAsList().stream().map(r -> r.mkString("|")).toList();
    assertEquals(List.of("T1|C1|0.5", "T1|C2|0.5"), got);
  }

  @Test
  void theDifferenceInDifferencesIsTheTreatedLogChangeLessTheControlsOne() {
    // Treated: 10 -> 8 days per patient-year; controls: 5 -> 5.
    List<CampaignEvaluation.MatchedSet> sets = List.of(
        new CampaignEvaluation.MatchedSet(60, 6, 40, 5, 25, 5, 30, 6, 0.7, 0.5),
        new CampaignEvaluation.MatchedSet(40, 4, 40, 5, 25, 5, 20, 4, 0.4, 0.4));
    assertEquals(Math.log(0.8), CampaignEvaluation.did(sets), 1e-12);
    // The first treated GP's baseline log ratio is 0.2 above his controls', the second's equal:
    // a mean gap of 0.1; with a slope of -0.5 his controls regressed 0.05 less than he would
    // have without treatment, so the corrected effect is 0.05 smaller in size.
    assertEquals(Math.log(0.8) + 0.05, CampaignEvaluation.did(sets, -0.5), 1e-12);
    double[] ci = CampaignEvaluation.bootstrap(sets, 0.0, 200, 11);
    double[] again = CampaignEvaluation.bootstrap(sets, 0.0, 200, 11);
    assertEquals(ci[0], again[0], 0.0);
    assertEquals(ci[1], again[1], 0.0);
    assertEquals(true, ci[0] <= Math.log(0.8) && Math.log(0.8) <= ci[1]);
  }

  /**
   * Untreated GPs whose change of log rate is exactly -0.5 × their shrunken baseline log ratio
   * (with half a day added to each count): baseline 9.5 days over 1 patient-year (10 with the half
   * day), follow-up 10·e^(-0.5x) - 0.5 days at x = 0, 1, 2. The treated GP and the GP without a
   * baseline ratio take no part.
   */
  @Test
  void theRegressionToTheMeanSlopeIsFittedOnTheUntreatedGps() {
    StructType s = new StructType().add(Profile.PHYSICIAN_ID, DataTypes.StringType)
        .add(CampaignEvaluation.B_SCORE, DataTypes.DoubleType)
        .add(CampaignEvaluation.B_DAYS, DataTypes.DoubleType)
        .add(CampaignEvaluation.B_EXPOSURE, DataTypes.DoubleType)
        .add(CampaignEvaluation.F_DAYS, DataTypes.DoubleType)
        .add(CampaignEvaluation.F_EXPOSURE, DataTypes.DoubleType)
        .add(CampaignEvaluation.GROUP, DataTypes.StringType);
    List<Object[]> rows = new ArrayList<>();
    for (int x = 0; x <= 2; x++) {
      rows.add(new Object[] {"C" + x, Math.exp(x), 9.5, 1.0, 10 * Math.exp(-0.5 * x) - 0.5, 1.0,
          "ALL_OTHER"});
    }
    rows.add(new Object[] {"T1", Math.exp(3), 9.5, 1.0, 99.0, 1.0, "MSO"});
    rows.add(new Object[] {"C9", 0.0, 0.0, 1.0, 50.0, 1.0, "ALL_OTHER"});
    Dataset<Row> panel = rows(s, rows.toArray(new Object[0][]));
    assertEquals(-0.5, CampaignEvaluation.regressionSlope(panel), 1e-9);
  }
}
