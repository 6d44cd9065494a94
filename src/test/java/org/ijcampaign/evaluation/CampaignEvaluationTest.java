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
    List<String> got = CampaignEvaluation.matches(panel.withColumn(CampaignEvaluation.P_SCORE,
            org.apache.spark.sql.functions.lit(null).cast("double")), 2, 0.25, false, false)
        .orderBy("control_id").collectAsList().stream().map(r -> r.mkString("|")).toList();
    assertEquals(List.of("T1|C1|0.5|TERRITORY", "T1|C2|0.5|TERRITORY"), got);
  }

  private static final StructType POSITIONS = new StructType()
      .add(Profile.PHYSICIAN_ID, DataTypes.StringType)
      .add(Territory.TERRITORY, DataTypes.StringType)
      .add(CampaignEvaluation.B_SCORE, DataTypes.DoubleType)
      .add(CampaignEvaluation.P_SCORE, DataTypes.DoubleType)
      .add(CampaignEvaluation.GROUP, DataTypes.StringType);

  /**
   * T1 (baseline 2.0, previous period 2.0): C1 is as far above in the baseline but was at his
   * expectation the semester before (distance ln 2 = 0.693, out of the caliper); C2 is a little
   * higher in the baseline and alike before (distance ln 1.1 = 0.095): C2 is his control. C3
   * has no previous score and is no candidate.
   */
  @Test
  void matchesOnThePreviousPeriodToo() {
    Dataset<Row> panel = rows(POSITIONS,
        new Object[] {"T1", "A", 2.0, 2.0, "MSO"},
        new Object[] {"C1", "A", 2.0, 1.0, "ALL_OTHER"},
        new Object[] {"C2", "A", 2.2, 2.0, "ALL_OTHER"},
        new Object[] {"C3", "A", 2.0, null, "ALL_OTHER"});
    List<String> got = CampaignEvaluation.matches(panel, 2, 0.25, true, false)
        .orderBy("control_id").collectAsList().stream().map(r -> r.mkString("|")).toList();
    assertEquals(List.of("T1|C2|1.0|TERRITORY"), got);
  }

  /**
   * T2's territory B has no untreated GP within the caliper (CB at 1.0 is ln 2.5 = 0.92 away):
   * with the national fallback he takes CC of territory C (2.4, distance 0.04); without it he
   * stays unmatched. T1 finds C1 in his own territory and is not matched again nationally.
   */
  @Test
  void aTreatedGpWithoutControlInHisTerritoryIsMatchedNationally() {
    Dataset<Row> panel = rows(POSITIONS,
        new Object[] {"T1", "A", 2.0, null, "MSO"},
        new Object[] {"C1", "A", 1.9, null, "ALL_OTHER"},
        new Object[] {"T2", "B", 2.5, null, "MSAP"},
        new Object[] {"CB", "B", 1.0, null, "ALL_OTHER"},
        new Object[] {"CC", "C", 2.4, null, "ALL_OTHER"});
    List<String> got = CampaignEvaluation.matches(panel, 1, 0.25, false, true)
        .orderBy("treated_id").collectAsList().stream().map(r -> r.mkString("|")).toList();
    assertEquals(List.of("T1|C1|1.0|TERRITORY", "T2|CC|1.0|NATIONAL"), got);
    assertEquals(List.of("T1"), CampaignEvaluation.matches(panel, 1, 0.25, false, false)
        .collectAsList().stream().map(r -> r.getString(0)).toList());
  }

  /**
   * Two GPs profiled in the previous period, each with a baseline expected rate of 10 days per
   * patient-year and 2 patient-years there: 60 days where the baseline expectation says 40, a
   * national level of 1.5, so each was expected 30 days. A (45 days) has a ratio of 1.5, B (15)
   * 0.5; with a stop dispersion of 2 the sampling variance is 2/30, and with τ² = 0.1 the
   * shrinkage weight 0.1 / (0.1 + 1/15) = 0.6: scores 1.3 and 0.7. C was not profiled then.
   */
  @Test
  void thePreviousPeriodScoreIsShrunkAgainstTheBaselineExpectationAtThatPeriodsLevel() {
    StructType prof = new StructType().add(Profile.PHYSICIAN_ID, DataTypes.StringType)
        .add(Profile.PROFILED, DataTypes.BooleanType)
        .add(Profile.IJ_DAYS, DataTypes.DoubleType)
        .add(Profile.EXPOSURE, DataTypes.DoubleType);
    Dataset<Row> b = rows(prof, new Object[] {"A", true, 10.0, 1.0},
        new Object[] {"B", true, 10.0, 1.0}, new Object[] {"C", true, 10.0, 1.0});
    Dataset<Row> previous = rows(prof, new Object[] {"A", true, 45.0, 2.0},
        new Object[] {"B", true, 15.0, 2.0});
    StructType exp = new StructType().add(Profile.PHYSICIAN_ID, DataTypes.StringType)
        .add(Territory.TERRITORY, DataTypes.StringType)
        .add(org.ijcampaign.schema.Expected.RATIO, DataTypes.DoubleType)
        .add(org.ijcampaign.schema.Expected.SHRUNK_RATIO, DataTypes.DoubleType)
        .add(org.ijcampaign.schema.Expected.EXPECTED_RATE, DataTypes.DoubleType)
        .add(org.ijcampaign.schema.Expected.STOP_DISPERSION, DataTypes.DoubleType);
    Dataset<Row> expected = rows(exp, new Object[] {"A", "T", 1.0, 1.0, 10.0, 2.0},
        new Object[] {"B", "T", 1.0, 1.0, 10.0, 2.0}, new Object[] {"C", "T", 1.0, 1.0, 10.0, 2.0});
    Dataset<Row> treated = CampaignEvaluation.treated(history(), "2023");
    Map<String, Double> got = new TreeMap<>();
    for (Row r : CampaignEvaluation.panel(b, b, previous, expected, treated, 0.1)
        .select(Profile.PHYSICIAN_ID, CampaignEvaluation.P_SCORE).collectAsList()) {
      got.put(r.getString(0), r.isNullAt(1) ? null : Math.round(r.getDouble(1) * 1e9) / 1e9);
    }
    Map<String, Double> want = new TreeMap<>();
    want.put("A", 1.3);
    want.put("B", 0.7);
    want.put("C", null);
    assertEquals(want, got);
  }

  @Test
  void theDifferenceInDifferencesIsTheTreatedLogChangeLessTheControlsOne() {
    // Treated: 10 -> 8 days per patient-year; controls: 5 -> 5.
    List<CampaignEvaluation.MatchedSet> sets = List.of(
        new CampaignEvaluation.MatchedSet(60, 6, 40, 5, 25, 5, 30, 6, 0.7, 0.5, 0.3, 0.2),
        new CampaignEvaluation.MatchedSet(40, 4, 40, 5, 25, 5, 20, 4, 0.4, 0.4, 0.1, 0.1));
    assertEquals(Math.log(0.8), CampaignEvaluation.did(sets), 1e-12);
    // The first treated GP's baseline log ratio is 0.2 above his controls', the second's equal:
    // a mean gap of 0.1; with a slope of -0.5 his controls regressed 0.05 less than he would
    // have without treatment, so the corrected effect is 0.05 smaller in size.
    assertEquals(Math.log(0.8) + 0.05, CampaignEvaluation.did(sets, new double[] {-0.5, 0}),
        1e-12);
    // The previous period's gaps are 0.1 and 0: a mean of 0.05, at a slope of -0.2, 0.01 more.
    assertEquals(Math.log(0.8) + 0.06, CampaignEvaluation.did(sets, new double[] {-0.5, -0.2}),
        1e-12);
    double[] ci = CampaignEvaluation.bootstrap(sets, new double[] {0, 0}, 200, 11);
    double[] again = CampaignEvaluation.bootstrap(sets, new double[] {0, 0}, 200, 11);
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
  /** Baseline and previous scores, days and exposures of both periods, group. */
  private static final StructType CHANGES = new StructType()
      .add(Profile.PHYSICIAN_ID, DataTypes.StringType)
      .add(CampaignEvaluation.B_SCORE, DataTypes.DoubleType)
      .add(CampaignEvaluation.P_SCORE, DataTypes.DoubleType)
      .add(CampaignEvaluation.B_DAYS, DataTypes.DoubleType)
      .add(CampaignEvaluation.B_EXPOSURE, DataTypes.DoubleType)
      .add(CampaignEvaluation.F_DAYS, DataTypes.DoubleType)
      .add(CampaignEvaluation.F_EXPOSURE, DataTypes.DoubleType)
      .add(CampaignEvaluation.GROUP, DataTypes.StringType);

  @Test
  void theRegressionToTheMeanSlopeIsFittedOnTheUntreatedGps() {
    List<Object[]> rows = new ArrayList<>();
    for (int x = 0; x <= 2; x++) {
      rows.add(new Object[] {"C" + x, Math.exp(x), null, 9.5, 1.0,
          10 * Math.exp(-0.5 * x) - 0.5, 1.0, "ALL_OTHER"});
    }
    rows.add(new Object[] {"T1", Math.exp(3), null, 9.5, 1.0, 99.0, 1.0, "MSO"});
    rows.add(new Object[] {"C9", 0.0, null, 0.0, 1.0, 50.0, 1.0, "ALL_OTHER"});
    double[] slopes = CampaignEvaluation.regressionSlopes(
        rows(CHANGES, rows.toArray(new Object[0][])), false);
    assertEquals(-0.5, slopes[0], 1e-9);
    assertEquals(0.0, slopes[1], 0.0);
  }

  /**
   * Untreated GPs at the four corners of (baseline, previous) log ratios (0 or 1 each) whose
   * change of log rate is exactly -0.5 × baseline - 0.2 × previous: both slopes come back.
   */
  @Test
  void theTwoSlopesAreFittedTogetherWithThePreviousPeriod() {
    List<Object[]> rows = new ArrayList<>();
    for (int x1 = 0; x1 <= 1; x1++) {
      for (int x2 = 0; x2 <= 1; x2++) {
        rows.add(new Object[] {"C" + x1 + x2, Math.exp(x1), Math.exp(x2), 9.5, 1.0,
            10 * Math.exp(-0.5 * x1 - 0.2 * x2) - 0.5, 1.0, "ALL_OTHER"});
      }
    }
    rows.add(new Object[] {"T1", Math.exp(3), 1.0, 9.5, 1.0, 99.0, 1.0, "MSO"});
    double[] slopes = CampaignEvaluation.regressionSlopes(
        rows(CHANGES, rows.toArray(new Object[0][])), true);
    assertEquals(-0.5, slopes[0], 1e-9);
    assertEquals(-0.2, slopes[1], 1e-9);
  }
}
