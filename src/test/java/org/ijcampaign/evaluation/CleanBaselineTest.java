package org.ijcampaign.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
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
    return new Object[] {Claims.CLAIM_ID, id, Claims.STOP_ID, stop, Claims.RISK, risk,
        Claims.REVERSAL_OF, reversalOf, SetChecks.REVERSED, reversed, Claims.PERIOD_START, start,
        Claims.PERIOD_END, end};
  }

  /**
   * A stop starts on the first day of its first in-scope paid period. S1 and S2 start in
   * 2022S1 (index 2022 × 2 + 0), S3 in 2023S1; S4's December 2021 claim is reversed (C7
   * reverses C6), so it starts in June 2022; S5 is AT_MP: out of scope. Claim C9 has no stop
   * id: a stop of its own (2022S2).
   */
  @Test
  void aStopStartsInTheSemesterOfItsFirstInScopePaidDay() {
    Dataset<Row> claims = TableRows.of(CLAIMS)
        .row(claim("C1", "S1", "MALADIE", null, false, "2022-06-01", "2022-06-30"))
        .row(claim("C2", "S2", "MALADIE", null, false, "2022-06-15", "2022-06-30"))
        .row(claim("C3", "S2", "MALADIE", null, false, "2022-07-01", "2022-07-10"))
        .row(claim("C4", "S3", "MALADIE", null, false, "2023-01-05", "2023-02-05"))
        .row(claim("C5", "S4", "MALADIE", null, false, "2022-06-01", "2022-06-20"))
        .row(claim("C6", "S4", "MALADIE", null, true, "2021-12-01", "2021-12-20"))
        .row(claim("C7", "S4", "MALADIE", "C6", false, "2021-12-01", "2021-12-20"))
        .row(claim("C8", "S5", "AT_MP", null, false, "2022-08-01", "2022-08-20"))
        .row(claim("C9", null, "MALADIE", null, false, "2022-12-20", "2023-01-10"))
        .toDataset(spark());
    Map<String, Integer> got = new TreeMap<>();
    for (Row r : CleanBaseline.stopStarts(claims).collectAsList()) {
      got.put(r.getString(0), r.getInt(1));
    }
    assertEquals(Map.of("s:S1", 4044, "s:S2", 4044, "s:S3", 4046, "s:S4", 4044, "c:C9", 4045),
        got);
  }

  /** A claim-period's days attributed to a GP, in a semester starting on periodStart. */
  private static Object[] attributedDays(String period, String periodStart, String gp, String stop,
      String claim, double days) {
    return new Object[] {Profile.PERIOD, period, Profile.PERIOD_START, periodStart,
        Profiles.ATTRIBUTED_ID, gp, Claims.STOP_ID, stop, Claims.CLAIM_ID, claim, Profiles.DAYS,
        days};
  }

  /**
   * G1's claim-periods of 2023S2 (index 4047): stop S3 started in 2023S1 (lag 1), S5 in 2023S2
   * (lag 0), S2 in 2022S1 (lag 3, counted with the older ones at the cap, 2); G2's S3 days in
   * 2023S1 are of lag 0.
   */
  @Test
  void daysAreSplitByTheAgeOfTheirStop() {
    StructType attributed = new StructType()
        .add(Profile.PERIOD, DataTypes.StringType)
        .add(Profile.PERIOD_START, DataTypes.DateType)
        .add(Profiles.ATTRIBUTED_ID, DataTypes.StringType)
        .add(Claims.STOP_ID, DataTypes.StringType)
        .add(Claims.CLAIM_ID, DataTypes.StringType)
        .add(Profiles.DAYS, DataTypes.DoubleType);
    Dataset<Row> a = TableRows.of(attributed)
        .row(attributedDays("2023S2", "2023-07-01", "G1", "S3", "C4", 5.0))
        .row(attributedDays("2023S2", "2023-07-01", "G1", "S5", "C10", 7.0))
        .row(attributedDays("2023S2", "2023-07-01", "G1", "S2", "C11", 10.0))
        .row(attributedDays("2023S2", "2023-07-01", "G1", "S6", "C12", 1.0))
        .row(attributedDays("2023S1", "2023-01-01", "G2", "S3", "C13", 4.0))
        .toDataset(spark());
    Dataset<Row> starts = TableRows.of(new StructType()
            .add(CleanBaseline.STOP_KEY, DataTypes.StringType)
            .add("_start_index", DataTypes.IntegerType))
        .row(CleanBaseline.STOP_KEY, "s:S2", "_start_index", 4044)
        .row(CleanBaseline.STOP_KEY, "s:S3", "_start_index", 4046)
        .row(CleanBaseline.STOP_KEY, "s:S5", "_start_index", 4047)
        .row(CleanBaseline.STOP_KEY, "s:S6", "_start_index", 4047)
        .toDataset(spark());
    Map<String, Double> got = new TreeMap<>();
    for (Row r : CleanBaseline.lagDays(a, starts, 2).collectAsList()) {
      got.put(r.getAs(Profile.PERIOD) + " " + r.getAs(Profile.PHYSICIAN_ID) + " lag "
          + r.getAs(CleanBaseline.LAG), r.getAs(CleanBaseline.LAG_DAYS));
    }
    assertEquals(Map.of("2023S2 G1 lag 0", 8.0, "2023S2 G1 lag 1", 5.0, "2023S2 G1 lag 2",
        10.0, "2023S1 G2 lag 0", 4.0), got);
  }

  @Test
  void eachLagIsMeasuredInTheBaselineSemestersWhoseStopsOfThatAgeStartedAfterTheSelection() {
    List<String> clean = List.of("2023S1", "2023S2");
    assertEquals(List.of(List.of("2023S1", "2023S2"), List.of("2023S2")),
        CleanBaseline.baselineByLag(clean, 2));
    // A lag of 2 would need stops started in 2022S2, the selection itself.
    assertNull(CleanBaseline.baselineByLag(clean, 3));
    assertEquals(2, CleanBaseline.affectedLags("2024S2", "2024S1"));
    assertEquals(1, CleanBaseline.affectedLags("2024S1", "2024S1"));
    assertEquals(0, CleanBaseline.affectedLags("2023S2", "2024S1"));
  }

  private static final StructType PROFILES = new StructType()
      .add(Profile.PHYSICIAN_ID, DataTypes.StringType)
      .add(Profile.PERIOD, DataTypes.StringType)
      .add(Profile.PROFILED, DataTypes.BooleanType)
      .add(Profile.REGION_CODE, DataTypes.StringType)
      .add(Profile.IJ_DAYS, DataTypes.DoubleType)
      .add(Profile.EXPOSURE, DataTypes.DoubleType);

  private static final StructType TREATED = new StructType()
      .add(Profile.PHYSICIAN_ID, DataTypes.StringType)
      .add(CampaignEvaluation.GROUP, DataTypes.StringType);

  private static Object[] profile(String gp, String period, boolean profiled, String region,
      double ijDays, double exposure) {
    return new Object[] {Profile.PHYSICIAN_ID, gp, Profile.PERIOD, period, Profile.PROFILED,
        profiled, Profile.REGION_CODE, region, Profile.IJ_DAYS, ijDays, Profile.EXPOSURE,
        exposure};
  }

  /** T, the one treated GP: an MSO. */
  private Dataset<Row> treatedByMso() {
    return TableRows.of(TREATED)
        .row(Profile.PHYSICIAN_ID, "T", CampaignEvaluation.GROUP, "MSO")
        .toDataset(spark());
  }

  /**
   * Baseline 2023S1, follow-up 2024S2. T (treated, region 11) and C1, C2 (region 11) are
   * profiled in both; C3 misses the follow-up and C4 is not profiled in the baseline: both
   * out. T's stratum is his follow-up region (he moved from 84).
   */
  @Test
  void thePanelHoldsTheGpsProfiledInEveryBaselineSemesterAndTheFollowUp() {
    Dataset<Row> profiles = TableRows.of(PROFILES)
        .row(profile("T", "2023S1", true, "84", 100.0, 10.0))
        .row(profile("T", "2024S2", true, "11", 80.0, 10.0))
        .row(profile("C1", "2023S1", true, "11", 50.0, 10.0))
        .row(profile("C1", "2024S2", true, "11", 50.0, 10.0))
        .row(profile("C2", "2023S1", true, "11", 40.0, 10.0))
        .row(profile("C2", "2024S2", true, "11", 44.0, 10.0))
        .row(profile("C3", "2023S1", true, "11", 40.0, 10.0))
        .row(profile("C4", "2023S1", false, "11", 0.0, 0.0))
        .row(profile("C4", "2024S2", true, "11", 30.0, 10.0))
        .toDataset(spark());
    Dataset<Row> treated = treatedByMso();
    Map<String, String> got = new TreeMap<>();
    for (Row r : CleanBaseline.panel(profiles, treated, List.of("2023S1", "2024S2"))
        .collectAsList()) {
      got.put(r.getAs(Profile.PHYSICIAN_ID) + " " + r.getAs(Profile.PERIOD),
          r.getAs(CleanBaseline.STRATUM) + " " + r.getAs(CampaignEvaluation.GROUP) + " "
              + r.getAs(Profile.IJ_DAYS));
    }
    Map<String, String> want = new TreeMap<>();
    want.put("T 2023S1", "11 MSO 100.0");
    want.put("T 2024S2", "11 MSO 80.0");
    want.put("C1 2023S1", "11 ALL_OTHER 50.0");
    want.put("C1 2024S2", "11 ALL_OTHER 50.0");
    want.put("C2 2023S1", "11 ALL_OTHER 40.0");
    want.put("C2 2024S2", "11 ALL_OTHER 44.0");
    assertEquals(want, got);
  }

  private static final StructType LAGS = new StructType()
      .add(Profile.PERIOD, DataTypes.StringType)
      .add(Profile.PHYSICIAN_ID, DataTypes.StringType)
      .add(CleanBaseline.LAG, DataTypes.IntegerType)
      .add(CleanBaseline.LAG_DAYS, DataTypes.DoubleType);

  /** A GP's days in a semester from stops started lag semesters before it. */
  private static Object[] lag(String period, String gp, int lag, double days) {
    return new Object[] {Profile.PERIOD, period, Profile.PHYSICIAN_ID, gp, CleanBaseline.LAG,
        lag, CleanBaseline.LAG_DAYS, days};
  }

  /**
   * One lag, baseline 2023S1. Controls C1 (lag-0 days 10 over 2 patient-years, then 12 over 2)
   * and C2 (30 over 6, then 27 over 6): growth (39/8)/(40/8) = 0.975; influences 12/39 − 2/8 −
   * 10/40 + 2/8 = 0.057692 and −0.057692: variance 2 × 0.057692². Treated T: lag-0 days 80 over
   * 10, then 80 days of which 40 of lag 0 over 10: 8 × 0.975 × 10 = 78 for the stops the
   * campaign could reach, plus his 40 days of older stops as paid: counterfactual 118, effect
   * log(80/118).
   */
  @Test
  void theEstimateMovesEachStopAgeLikeTheControlsAndAddsOlderStopsBack() {
    Dataset<Row> profiles = TableRows.of(PROFILES)
        .row(profile("T", "2023S1", true, "11", 100.0, 10.0))
        .row(profile("T", "2024S2", true, "11", 80.0, 10.0))
        .row(profile("C1", "2023S1", true, "11", 10.0, 2.0))
        .row(profile("C1", "2024S2", true, "11", 12.0, 2.0))
        .row(profile("C2", "2023S1", true, "11", 30.0, 6.0))
        .row(profile("C2", "2024S2", true, "11", 27.0, 6.0))
        .toDataset(spark());
    Dataset<Row> lags = TableRows.of(LAGS)
        .row(lag("2023S1", "T", 0, 80.0))
        .row(lag("2023S1", "T", 1, 20.0))
        .row(lag("2024S2", "T", 0, 40.0))
        .row(lag("2024S2", "T", 1, 30.0))
        .row(lag("2024S2", "T", 2, 10.0))
        .row(lag("2023S1", "C1", 0, 10.0))
        .row(lag("2024S2", "C1", 0, 12.0))
        .row(lag("2023S1", "C2", 0, 30.0))
        .row(lag("2024S2", "C2", 0, 27.0))
        .toDataset(spark());
    Dataset<Row> panel = CleanBaseline.panel(profiles,
        treatedByMso(), List.of("2023S1", "2024S2"));
    List<List<String>> base = List.of(List.of("2023S1"));
    CleanBaseline.Estimate e = CleanBaseline.estimate(panel, lags, base, "2024S2", false, 2);
    assertEquals(2, e.controls().controls());
    assertEquals(0.975, e.controls().factor(0), 1e-12);
    assertEquals(2 * 0.0576923076923077 * 0.0576923076923077, e.controls().varLog()[0], 1e-12);
    assertEquals(118.0, e.result().counterfactual(), 1e-9);
    assertEquals(Math.log(80.0 / 118.0), e.result().log(), 1e-12);
    assertEquals(38.0, e.result().savingsDays(), 1e-9);
    // One treated GP: no spread of his own; the interval is the controls' growth's, whose
    // share of the counterfactual is 78/118, stretched at its lower end to the reading where the
    // older stops were shortened too: their 40 days undone by 78/40, 156 days.
    double half = 1.959963984540054 * (78.0 / 118.0) * Math.sqrt(e.controls().varLog()[0]);
    assertEquals(Math.log(80.0 / 118.0) + half, e.result().hi(), 1e-12);
    assertEquals(Math.log(80.0 / 156.0) - half, e.result().lo(), 1e-12);
    // A placebo compares the lags it measures only, and adds nothing back.
    CleanBaseline.Estimate p = CleanBaseline.estimate(panel, lags, base, "2024S2", true, 2);
    assertEquals(Math.log(40.0 / 78.0), p.result().log(), 1e-12);
    // Fewer controls than the minimum: no estimate.
    assertNull(CleanBaseline.estimate(panel, lags, base, "2024S2", false, 3).result());
  }

  /** The balance table's rates and log gaps for one semester, by hand. */
  @Test
  void theBalanceComparesTreatedAndControlsRatesOfAllDaysAndOfNewStops() {
    Dataset<Row> profiles = TableRows.of(PROFILES)
        .row(profile("T", "2023S1", true, "11", 100.0, 10.0))
        .row(profile("C1", "2023S1", true, "11", 10.0, 2.0))
        .row(profile("C2", "2023S1", true, "11", 30.0, 6.0))
        .toDataset(spark());
    Dataset<Row> lags = TableRows.of(LAGS)
        .row(lag("2023S1", "T", 0, 80.0))
        .row(lag("2023S1", "T", 1, 20.0))
        .row(lag("2023S1", "C1", 0, 10.0))
        .row(lag("2023S1", "C2", 0, 30.0))
        .toDataset(spark());
    Dataset<Row> panel = CleanBaseline.panel(profiles,
        treatedByMso(), List.of("2023S1"));
    Row r = CleanBaseline.balance(panel, lags).head();
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
