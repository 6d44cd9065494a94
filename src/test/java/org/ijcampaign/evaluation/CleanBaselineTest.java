package org.ijcampaign.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.ingest.SetChecks;
import org.ijcampaign.profile.Profiles;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.Evaluation;
import org.ijcampaign.schema.Profile;
import org.junit.jupiter.api.Test;

/** The figures of the headline estimate, on hand-made rows (docs/evaluation.md). */
class CleanBaselineTest extends SparkTestBase {

  private static final StructType CLAIMS = new StructType()
      .add(Claims.CLAIM_ID, DataTypes.StringType)
      .add(Claims.STOP_ID, DataTypes.StringType)
      .add(Claims.RISK, DataTypes.StringType)
      .add(Claims.REVERSAL_OF, DataTypes.StringType)
      .add(SetChecks.REVERSED, DataTypes.BooleanType)
      .add(Claims.PERIOD_START, DataTypes.DateType)
      .add(Claims.PERIOD_END, DataTypes.DateType);

  private static Object[] claim(String id, String stop, String risk, String reversalOf,
      boolean reversed, String start, String end) {
    return new Object[] {id, stop, risk, reversalOf, reversed, Date.valueOf(start),
        Date.valueOf(end)};
  }

  /**
   * Selection window 2022S2. S1 ends on 30 June: untouched. S2 runs from June into July:
   * touched, although its June claim alone is outside. S3 starts in 2023: untouched. S4's only
   * claim in the window is reversed (and its reversal is no claim): untouched. S5 is an AT_MP
   * stop: out of scope. Claim C9 has no stop id: a stop of its own, inside the window.
   */
  @Test
  void aStopTouchesTheSelectionWhenItsInScopePaidPeriodsSpanIntoIt() {
    Dataset<Row> claims = rows(CLAIMS,
        claim("C1", "S1", "MALADIE", null, false, "2022-06-01", "2022-06-30"),
        claim("C2", "S2", "MALADIE", null, false, "2022-06-15", "2022-06-30"),
        claim("C3", "S2", "MALADIE", null, false, "2022-07-01", "2022-07-10"),
        claim("C4", "S3", "MALADIE", null, false, "2023-01-05", "2023-02-05"),
        claim("C5", "S4", "MALADIE", null, false, "2022-06-01", "2022-06-20"),
        claim("C6", "S4", "MALADIE", null, true, "2022-08-01", "2022-08-20"),
        claim("C7", "S4", "MALADIE", "C6", false, "2022-08-01", "2022-08-20"),
        claim("C8", "S5", "AT_MP", null, false, "2022-08-01", "2022-08-20"),
        claim("C9", null, "MALADIE", null, false, "2022-12-20", "2023-01-10"));
    List<String> got = CleanBaseline.touchingStops(claims, LocalDate.parse("2022-07-01"),
            LocalDate.parse("2022-12-31"))
        .collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
    assertEquals(List.of("c:C9", "s:S2"), got);
  }

  /**
   * G1's attributed claim-periods: 10 days of touched stop S2 and 5 of S3 in 2023S1, 4 of S2 in
   * 2023S2; G2's only days (S3) are clean, so G2 has no touched row.
   */
  @Test
  void touchedDaysAreTheProRataDaysOfTheTouchedStopsPerGpAndPeriod() {
    StructType attributed = new StructType()
        .add(Profile.PERIOD, DataTypes.StringType)
        .add(Profiles.ATTRIBUTED_ID, DataTypes.StringType)
        .add(Claims.STOP_ID, DataTypes.StringType)
        .add(Claims.CLAIM_ID, DataTypes.StringType)
        .add(Profiles.DAYS, DataTypes.DoubleType);
    Dataset<Row> a = rows(attributed,
        new Object[] {"2023S1", "G1", "S2", "C3", 10.0},
        new Object[] {"2023S1", "G1", "S3", "C4", 5.0},
        new Object[] {"2023S2", "G1", "S2", "C10", 4.0},
        new Object[] {"2023S1", "G2", "S3", "C11", 7.0});
    Dataset<Row> touching = rows(new StructType().add(CleanBaseline.STOP_KEY,
        DataTypes.StringType), new Object[] {"s:S2"});
    Map<String, Double> got = new TreeMap<>();
    for (Row r : CleanBaseline.touchedDays(a, touching).collectAsList()) {
      got.put(r.getAs(Profile.PERIOD) + " " + r.getAs(Profile.PHYSICIAN_ID),
          r.getAs(CleanBaseline.TOUCHED));
    }
    assertEquals(Map.of("2023S1 G1", 10.0, "2023S2 G1", 4.0), got);
  }

  private static final StructType PROFILES = new StructType()
      .add(Profile.PHYSICIAN_ID, DataTypes.StringType)
      .add(Profile.PERIOD, DataTypes.StringType)
      .add(Profile.PROFILED, DataTypes.BooleanType)
      .add(Profile.REGION_CODE, DataTypes.StringType)
      .add(Profile.IJ_DAYS, DataTypes.DoubleType)
      .add(Profile.EXPOSURE, DataTypes.DoubleType);

  private static final StructType TOUCHED = new StructType()
      .add(Profile.PERIOD, DataTypes.StringType)
      .add(Profile.PHYSICIAN_ID, DataTypes.StringType)
      .add(CleanBaseline.TOUCHED, DataTypes.DoubleType);

  private static final StructType TREATED = new StructType()
      .add(Profile.PHYSICIAN_ID, DataTypes.StringType)
      .add(CampaignEvaluation.GROUP, DataTypes.StringType);

  /**
   * Baseline 2023S1, follow-up 2024S2. T (treated, region 11) and C1, C2 (region 11) are
   * profiled in both; C3 misses the follow-up and C4 is not profiled in the baseline: both
   * out. T's stratum is his follow-up region (he moved from 84).
   */
  @Test
  void thePanelHoldsTheGpsProfiledInEveryBaselineSemesterAndTheFollowUp() {
    Dataset<Row> profiles = rows(PROFILES,
        new Object[] {"T", "2023S1", true, "84", 100.0, 10.0},
        new Object[] {"T", "2024S2", true, "11", 80.0, 10.0},
        new Object[] {"C1", "2023S1", true, "11", 50.0, 10.0},
        new Object[] {"C1", "2024S2", true, "11", 50.0, 10.0},
        new Object[] {"C2", "2023S1", true, "11", 40.0, 10.0},
        new Object[] {"C2", "2024S2", true, "11", 44.0, 10.0},
        new Object[] {"C3", "2023S1", true, "11", 40.0, 10.0},
        new Object[] {"C4", "2023S1", false, "11", 0.0, 0.0},
        new Object[] {"C4", "2024S2", true, "11", 30.0, 10.0});
    Dataset<Row> touched = rows(TOUCHED, new Object[] {"2023S1", "T", 20.0});
    Dataset<Row> treated = rows(TREATED, new Object[] {"T", "MSO"});
    Map<String, String> got = new TreeMap<>();
    for (Row r : CleanBaseline.panel(profiles, touched, treated, List.of("2023S1"), "2024S2")
        .collectAsList()) {
      got.put(r.getAs(Profile.PHYSICIAN_ID) + " " + r.getAs(Profile.PERIOD),
          r.getAs(CleanBaseline.STRATUM) + " " + r.getAs(CampaignEvaluation.GROUP) + " "
              + r.getAs(Profile.IJ_DAYS) + " " + r.getAs(CleanBaseline.TOUCHED));
    }
    Map<String, String> want = new TreeMap<>();
    want.put("T 2023S1", "11 MSO 100.0 20.0");
    want.put("T 2024S2", "11 MSO 80.0 0.0");
    want.put("C1 2023S1", "11 ALL_OTHER 50.0 0.0");
    want.put("C1 2024S2", "11 ALL_OTHER 50.0 0.0");
    want.put("C2 2023S1", "11 ALL_OTHER 40.0 0.0");
    want.put("C2 2024S2", "11 ALL_OTHER 44.0 0.0");
    assertEquals(want, got);
  }

  /**
   * Controls C1 (clean baseline 10 days over 2 patient-years, follow-up 12 over 2) and C2 (30
   * over 6, 27 over 6): growth (39/8)/(40/8) = 0.975. Influences 12/39 − 2/8 − 10/40 + 2/8 =
   * 0.057692 and 27/39 − 6/8 − 30/40 + 6/8 = −0.057692: variance 2 × 0.057692². Treated T:
   * clean baseline (100 − 20) days over 10, follow-up 80 days of which 8 touched, over 10:
   * counterfactual 8 × 0.975 × 10 + 8 = 86, effect log(80/86).
   */
  @Test
  void theEstimateMovesTheTreatedCleanRateLikeTheControlsAndAddsTheTouchedDaysBack() {
    Dataset<Row> profiles = rows(PROFILES,
        new Object[] {"T", "2023S1", true, "11", 100.0, 10.0},
        new Object[] {"T", "2024S2", true, "11", 80.0, 10.0},
        new Object[] {"C1", "2023S1", true, "11", 10.0, 2.0},
        new Object[] {"C1", "2024S2", true, "11", 12.0, 2.0},
        new Object[] {"C2", "2023S1", true, "11", 30.0, 6.0},
        new Object[] {"C2", "2024S2", true, "11", 27.0, 6.0});
    Dataset<Row> touched = rows(TOUCHED, new Object[] {"2023S1", "T", 20.0},
        new Object[] {"2024S2", "T", 8.0});
    Dataset<Row> panel = CleanBaseline.panel(profiles, touched,
        rows(TREATED, new Object[] {"T", "MSO"}), List.of("2023S1"), "2024S2");
    CleanBaseline.Estimate e = CleanBaseline.estimate(panel, List.of("2023S1"), "2024S2", false,
        2);
    assertEquals(2, e.controls().controls());
    assertEquals(0.975, e.controls().factor(), 1e-12);
    assertEquals(2 * 0.0576923076923077 * 0.0576923076923077, e.controls().varLog(), 1e-12);
    assertEquals(86.0, e.result().counterfactual(), 1e-9);
    assertEquals(Math.log(80.0 / 86.0), e.result().log(), 1e-12);
    assertEquals(6.0, e.result().savingsDays(), 1e-9);
    // One treated GP: no spread of his own; the interval is the controls' growth's alone,
    // whose share of the counterfactual is 78/86.
    double half = 1.959963984540054 * (78.0 / 86.0) * Math.sqrt(e.controls().varLog());
    assertEquals(Math.log(80.0 / 86.0) - half, e.result().lo(), 1e-12);
    // A placebo compares clean days with clean days: nothing is added back.
    CleanBaseline.Estimate p = CleanBaseline.estimate(panel, List.of("2023S1"), "2024S2", true,
        2);
    assertEquals(Math.log(72.0 / 78.0), p.result().log(), 1e-12);
    // Fewer controls than the minimum: no estimate.
    assertNull(CleanBaseline.estimate(panel, List.of("2023S1"), "2024S2", false, 3).result());
  }

  /** The balance table's rates and log gaps for one semester, by hand. */
  @Test
  void theBalanceComparesTreatedAndControlsRatesOfAllAndOfCleanDays() {
    Dataset<Row> profiles = rows(PROFILES,
        new Object[] {"T", "2023S1", true, "11", 100.0, 10.0},
        new Object[] {"C1", "2023S1", true, "11", 10.0, 2.0},
        new Object[] {"C2", "2023S1", true, "11", 30.0, 6.0});
    Dataset<Row> touched = rows(TOUCHED, new Object[] {"2023S1", "T", 20.0});
    Dataset<Row> panel = CleanBaseline.panel(profiles, touched,
        rows(TREATED, new Object[] {"T", "MSO"}), List.of("2023S1"), "2023S1");
    Row r = CleanBaseline.balance(panel).head();
    assertEquals(1L, (long) r.getAs(Evaluation.TREATED_GPS));
    assertEquals(2L, (long) r.getAs(Evaluation.CONTROL_GPS));
    assertEquals(10.0, r.getAs(Evaluation.TREATED_RATE), 1e-12);
    assertEquals(5.0, r.getAs(Evaluation.CONTROL_RATE), 1e-12);
    assertEquals(Math.log(2.0), r.getAs(Evaluation.LOG_GAP), 1e-12);
    assertEquals(Math.log(8.0 / 5.0), r.getAs(Evaluation.CLEAN_LOG_GAP), 1e-12);
  }

  @Test
  void aPlaceboDriftsOnlyWhenItIsBothLargeAndBeyondChance() {
    assertTrue(CleanDid.drifts(result(-0.08, -0.12, -0.04), 0.05));
    // Beyond chance but small.
    assertFalse(CleanDid.drifts(result(-0.04, -0.06, -0.02), 0.05));
    // Large but within chance at 99 %.
    assertFalse(CleanDid.drifts(result(-0.08, -0.2, 0.04), 0.05));
    // Excludes 0 at 95 % (upper end −0.01) but not at 99 % (half-width 0.07 × 2.576/1.960).
    assertFalse(CleanDid.drifts(result(-0.08, -0.15, -0.01), 0.05));
    assertFalse(CleanDid.drifts(null, 0.05));
  }

  private static CleanDid.Result result(double log, double lo, double hi) {
    return new CleanDid.Result(1, 1, 1, log, lo, hi, 0, 0, 0);
  }
}
