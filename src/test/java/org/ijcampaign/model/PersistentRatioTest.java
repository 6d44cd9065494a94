package org.ijcampaign.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Persistent;
import org.ijcampaign.schema.Profile;
import org.junit.jupiter.api.Test;

/**
 * The persistent ratio on rows small enough to check by hand: the dispersion and log ratios of
 * three GPs, the method of moments on four GPs, the posterior of one GP.
 */
class PersistentRatioTest extends SparkTestBase {
  private static final double EPS = 1e-6;

  private static final StructType SEMESTER_ROWS = new StructType()
      .add(Profile.PERIOD, DataTypes.StringType).add(Profile.PHYSICIAN_ID, DataTypes.StringType)
      .add(Expected.OBSERVED_DAYS, DataTypes.DoubleType)
      .add(Expected.EXPECTED_DAYS, DataTypes.DoubleType)
      .add(Expected.STOP_DISPERSION, DataTypes.DoubleType)
      .add(Profile.STOPS, DataTypes.LongType)
      .add(Profile.STOP_DAYS_SQ_SUM, DataTypes.DoubleType);

  /** A GP's semester: his observed and expected days, his territory's dispersion, his stops. */
  private static Object[] semester(String period, String gp, double observedDays,
      double expectedDays, double territoryDispersion, long stops, double stopDaysSqSum) {
    return new Object[] {Profile.PERIOD, period, Profile.PHYSICIAN_ID, gp,
        Expected.OBSERVED_DAYS, observedDays, Expected.EXPECTED_DAYS, expectedDays,
        Expected.STOP_DISPERSION, territoryDispersion, Profile.STOPS, stops,
        Profile.STOP_DAYS_SQ_SUM, stopDaysSqSum};
  }

  private static final StructType LOG_RATIOS = new StructType()
      .add(Profile.PERIOD, DataTypes.StringType).add(Profile.PHYSICIAN_ID, DataTypes.StringType)
      .add(Expected.EXPECTED_DAYS, DataTypes.DoubleType)
      .add(PersistentRatio.LOG_RATIO, DataTypes.DoubleType)
      .add(PersistentRatio.NOISE_VARIANCE, DataTypes.DoubleType);

  private static Object[] logRatio(String period, String gp, double expectedDays,
      double logRatio, double noiseVariance) {
    return new Object[] {Profile.PERIOD, period, Profile.PHYSICIAN_ID, gp,
        Expected.EXPECTED_DAYS, expectedDays, PersistentRatio.LOG_RATIO, logRatio,
        PersistentRatio.NOISE_VARIANCE, noiseVariance};
  }

  private static Map<String, Row> byGpAndPeriod(Dataset<Row> d) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : d.collectAsList()) {
      m.put(r.getAs(Profile.PHYSICIAN_ID) + "/" + r.getAs(Profile.PERIOD), r);
    }
    return m;
  }

  /**
   * Given three GPs with a dispersion prior of 50 stops: A's stops have Σd²/Σd = 2 as his
   * territory's; B's own is (1500 + 500) / (150 + 50) = 10, his territory's, weighted by his
   * days, (150·6 + 50·2) / 200 = 5, and with 50 stops of his own D = (50·10 + 50·5) / 100 = 7.5;
   * C has no day: his territory's plain mean (3 + 5) / 2 = 4. Then a log ratio adds half his
   * dispersion to both sides: A's semesters log(150/100) and log(50/100), B's first
   * log(153.75/102.75); the noise variance D / ((E + D/2) · pooled ratio), A's pooled ratio being
   * (149 + 49 + 1) / (99 + 99 + 1) = 1: 2 / 100 = 0.02.
   */
  @Test
  void pullsAGpsOwnStopDispersionTowardsHisTerritorysAndTakesHalfAStopIntoTheLogRatio() {
    Dataset<Row> rows = TableRows.of(SEMESTER_ROWS)
        .row(semester("2024S1", "A", 149.0, 99.0, 2.0, 10L, 298.0))
        .row(semester("2024S2", "A", 49.0, 99.0, 2.0, 5L, 98.0))
        .row(semester("2024S1", "B", 150.0, 99.0, 6.0, 20L, 1500.0))
        .row(semester("2024S2", "B", 50.0, 99.0, 2.0, 30L, 500.0))
        .row(semester("2024S1", "C", 0.0, 40.0, 3.0, 0L, 0.0))
        .row(semester("2024S2", "C", 0.0, 60.0, 5.0, 0L, 0.0))
        .toDataset(spark());

    Map<String, Row> out = byGpAndPeriod(PersistentRatio.logRatios(rows, 50));

    Row a1 = out.get("A/2024S1");
    assertEquals(2.0, a1.<Double>getAs(Persistent.STOP_DISPERSION), EPS);
    assertEquals(Math.log(1.5), a1.<Double>getAs(PersistentRatio.LOG_RATIO), EPS);
    assertEquals(Math.log(0.5), out.get("A/2024S2").<Double>getAs(PersistentRatio.LOG_RATIO),
        EPS);
    assertEquals(0.02, a1.<Double>getAs(PersistentRatio.NOISE_VARIANCE), EPS);
    Row b1 = out.get("B/2024S1");
    assertEquals(10.0, b1.<Double>getAs(Persistent.OWN_STOP_DISPERSION), EPS);
    assertEquals(5.0, b1.<Double>getAs(Persistent.TERRITORY_STOP_DISPERSION), EPS);
    assertEquals(7.5, b1.<Double>getAs(Persistent.STOP_DISPERSION), EPS);
    assertEquals(50L, b1.<Long>getAs(Persistent.STOPS));
    assertEquals(Math.log(153.75 / 102.75), b1.<Double>getAs(PersistentRatio.LOG_RATIO), EPS);
    Row c1 = out.get("C/2024S1");
    assertNull(c1.getAs(Persistent.OWN_STOP_DISPERSION));
    assertEquals(4.0, c1.<Double>getAs(Persistent.STOP_DISPERSION), EPS);
    assertEquals(Math.log(2.0 / 42.0), c1.<Double>getAs(PersistentRatio.LOG_RATIO), EPS);
  }

  /**
   * Given four GPs of two semesters, each with noise variance 0.01 and log ratios 0.2 ± 0.1,
   * 0 ± 0.1, 0.6 ± 0.1, −0.2 ± 0.1, and a fifth whose semesters have too few expected days to
   * count: within GPs Σ(y − ȳ)² = 4 × 0.02 = 0.08, the noise's part 4 × ½ × 0.02 = 0.04, over
   * 4 degrees of freedom: σ² = 0.01. Between GPs the means 0.2, 0, 0.6, −0.2 have mean 0.15 and
   * sample variance 0.35 / 3; each mean's noise is (2 × 0.01 + 0.02) / 4 = 0.01: τ² = 0.35/3 −
   * 0.01.
   */
  @Test
  void separatesTheSemesterShockFromThePersistentSpreadByMethodOfMoments() {
    Dataset<Row> y = TableRows.of(LOG_RATIOS)
        .row(logRatio("2023S2", "A", 500.0, 0.1, 0.01))
        .row(logRatio("2024S1", "A", 500.0, 0.3, 0.01))
        .row(logRatio("2023S2", "B", 500.0, -0.1, 0.01))
        .row(logRatio("2024S1", "B", 500.0, 0.1, 0.01))
        .row(logRatio("2023S2", "C", 500.0, 0.5, 0.01))
        .row(logRatio("2024S1", "C", 500.0, 0.7, 0.01))
        .row(logRatio("2023S2", "D", 500.0, -0.3, 0.01))
        .row(logRatio("2024S1", "D", 500.0, -0.1, 0.01))
        .row(logRatio("2023S2", "SMALL", 20.0, 3.0, 0.5))
        .row(logRatio("2024S1", "SMALL", 20.0, -3.0, 0.5))
        .toDataset(spark());

    PersistentRatio.Moments m = PersistentRatio.moments(y, 50);

    assertEquals(4, m.gps());
    assertEquals(0.15, m.mu(), EPS);
    assertEquals(0.01, m.sigma2(), EPS);
    assertEquals(0.35 / 3 - 0.01, m.tau2(), EPS);
    assertEquals(1.0, m.noiseScale(), EPS);
  }

  /**
   * Given two GPs of two semesters whose noise differs (variance 0.01 and 0.1 a semester) and
   * whose deviations Σ(y − ȳ)² are 0.015 and 0.06: with a = S − 1 = 1 and b = ½·Σv = 0.01 and
   * 0.1, W = σ²·a + κ·b holds exactly for σ² = 0.01 and κ = 0.5 (0.01 + 0.005, 0.01 + 0.05):
   * half the modelled noise. Then τ²: means 0.1 and 0.3, sample variance 0.02, minus the mean
   * noise of a mean ((2 × 0.01 + 0.5 × 0.02) / 4 = 0.0075, (0.02 + 0.5 × 0.2) / 4 = 0.03):
   * 0.02 − 0.01875.
   */
  @Test
  void estimatesTheScaleOfTheModelledNoiseWhenListsOfDifferentSizesTellItApart() {
    double da = Math.sqrt(0.015 / 2);
    double db = Math.sqrt(0.06 / 2);
    Dataset<Row> y = TableRows.of(LOG_RATIOS)
        .row(logRatio("2023S2", "A", 500.0, 0.1 - da, 0.01))
        .row(logRatio("2024S1", "A", 500.0, 0.1 + da, 0.01))
        .row(logRatio("2023S2", "B", 500.0, 0.3 - db, 0.1))
        .row(logRatio("2024S1", "B", 500.0, 0.3 + db, 0.1))
        .toDataset(spark());

    PersistentRatio.Moments m = PersistentRatio.moments(y, 50);

    assertEquals(0.01, m.sigma2(), EPS);
    assertEquals(0.5, m.noiseScale(), EPS);
    assertEquals(0.2, m.mu(), EPS);
    assertEquals(0.02 - 0.01875, m.tau2(), EPS);
  }

  /**
   * Given two GPs of three consecutive semesters without noise whose log ratios step by a =
   * (√0.06 + √0.1)/2 then b = (√0.06 − √0.1)/2 (B is A plus 0.5): one semester apart the squared
   * differences a² and b² average 0.04, two apart (a + b)² = 0.06, so γ_1 = 0.02 and γ_2 = 0.03,
   * which σ²·(1 − ρ^h) fits exactly with ρ = 0.5 and σ² = 0.04. Within a GP Σ(y − ȳ)² = (0.08 +
   * 0.06)/3 and E = σ²·(S − f(3, 0.5)), f = (3 + 2·(2·0.5 + 0.25))/3 = 11/6: σ² = 0.04 again
   * (independent shocks would read 0.14/3/2 = 0.023). Between GPs the means differ by 0.5: sample
   * variance 0.125, minus a mean's shock variance σ²·f/3 = 0.04·11/18.
   */
  @Test
  void fitsTheCorrelationOfABadYearsSemestersOnTheSemivariogram() {
    double a = (Math.sqrt(0.06) + Math.sqrt(0.1)) / 2;
    double b = (Math.sqrt(0.06) - Math.sqrt(0.1)) / 2;
    TableRows t = TableRows.of(LOG_RATIOS);
    String[] periods = {"2023S2", "2024S1", "2024S2"};
    double[] steps = {0, a, a + b};
    for (int i = 0; i < 3; i++) {
      t.row(logRatio(periods[i], "A", 500.0, steps[i], 0.0));
      t.row(logRatio(periods[i], "B", 500.0, 0.5 + steps[i], 0.0));
    }
    Dataset<Row> y = t.toDataset(spark());

    PersistentRatio.Moments m = PersistentRatio.moments(y, 50);

    assertEquals(0.5, m.shockCorrelation(), EPS);
    assertEquals(0.04, m.sigma2(), EPS);
    assertEquals(0.125 - 0.04 * 11 / 18, m.tau2(), EPS);
    assertEquals(0.25 + (2 * a + b) / 3, m.mu(), EPS);
  }

  /**
   * The fit over lags: an exact AR(1) at ρ = 0.3 (γ_h = 0.05·(1 − 0.3^h), four lags) gives 0.3;
   * a flat semivariogram (independent shocks) and a single lag give 0; one that falls with the
   * lag (a correlation that cannot be positive) gives 0; one that keeps rising gives the cap.
   */
  @Test
  void fitsTheShockCorrelationOnlyWhereTheLagsShowIt() {
    int[] h = {1, 2, 3, 4};
    double[] n = {500, 400, 300, 200};
    double[] ar1 = new double[4];
    for (int i = 0; i < 4; i++) {
      ar1[i] = 0.05 * (1 - Math.pow(0.3, h[i]));
    }
    assertEquals(0.3, PersistentRatio.fitShockCorrelation(h, n, ar1), EPS);
    assertEquals(0.0, PersistentRatio.fitShockCorrelation(h, n,
        new double[] {0.05, 0.05, 0.05, 0.05}), EPS);
    assertEquals(0.0, PersistentRatio.fitShockCorrelation(new int[] {1}, new double[] {500},
        new double[] {0.02}), EPS);
    assertEquals(0.0, PersistentRatio.fitShockCorrelation(h, n,
        new double[] {0.06, 0.05, 0.04, 0.03}), EPS);
    assertEquals(PersistentRatio.MAX_SHOCK_CORRELATION, PersistentRatio.fitShockCorrelation(h, n,
        new double[] {0.001, 0.002, 0.003, 0.004}), EPS);
  }

  /**
   * One lag's γ from its pairs' sums: pairs whose d² = 2·0.02 + 0.5·vs for vs = 0.01 and 0.05
   * give γ 0.02 (κ 0.5); pairs all of one vs fall back on κ = 1.
   */
  @Test
  void separatesALagsShockFromItsNoise() {
    double d1 = 0.04 + 0.5 * 0.01;
    double d2 = 0.04 + 0.5 * 0.05;
    assertEquals(0.02, PersistentRatio.lagSemivariance(2, d1 + d2, 0.06,
        0.01 * 0.01 + 0.05 * 0.05, d1 * 0.01 + d2 * 0.05), EPS);
    assertEquals((0.1 - 0.04) / 4, PersistentRatio.lagSemivariance(2, 0.1, 0.04, 0.0008,
        0.1 * 0.02), EPS);
  }

  /**
   * A GP who prescribed 60 of his 100 days of a semester as a substitute keeps 40 (his own
   * share 0.4), and his 10 stops and their Σd² of 400 scale with it to 4 and 160, so that his
   * Σd²/Σd stays 4; one whose days as a substitute exceed his days (rounding of the pro rata)
   * keeps none, his stops and Σd² then 0; one without a day is left as he is. Expected days
   * do not move.
   */
  @Test
  void leavesOutTheDaysAGpPrescribedAsASubstituteAndScalesHisStopsByHisOwnShare() {
    StructType schema = SEMESTER_ROWS.add(Persistent.DAYS_AS_SUBSTITUTE, DataTypes.DoubleType);
    Dataset<Row> rows = TableRows.of(schema)
        .row(withSubstituteDays(semester("2024S1", "A", 100.0, 80.0, 2.0, 10L, 400.0), 60.0))
        .row(withSubstituteDays(semester("2024S1", "B", 30.0, 80.0, 2.0, 3L, 90.0), 30.5))
        .row(withSubstituteDays(semester("2024S1", "C", 0.0, 80.0, 2.0, 0L, 0.0), 0.0))
        .toDataset(spark());

    Map<String, Row> out = byGpAndPeriod(PersistentRatio.withoutSubstituteDays(rows));

    Row a = out.get("A/2024S1");
    assertEquals(40.0, a.<Double>getAs(Expected.OBSERVED_DAYS), EPS);
    assertEquals(4.0, ((Number) a.getAs(Profile.STOPS)).doubleValue(), EPS);
    assertEquals(160.0, a.<Double>getAs(Profile.STOP_DAYS_SQ_SUM), EPS);
    assertEquals(80.0, a.<Double>getAs(Expected.EXPECTED_DAYS), EPS);
    Row b = out.get("B/2024S1");
    assertEquals(0.0, b.<Double>getAs(Expected.OBSERVED_DAYS), EPS);
    assertEquals(0.0, ((Number) b.getAs(Profile.STOPS)).doubleValue(), EPS);
    Row c = out.get("C/2024S1");
    assertEquals(0.0, c.<Double>getAs(Expected.OBSERVED_DAYS), EPS);
    assertEquals(80.0, c.<Double>getAs(Expected.EXPECTED_DAYS), EPS);
  }

  private static Object[] withSubstituteDays(Object[] semester, double days) {
    Object[] out = java.util.Arrays.copyOf(semester, semester.length + 2);
    out[semester.length] = Persistent.DAYS_AS_SUBSTITUTE;
    out[semester.length + 1] = days;
    return out;
  }

  /**
   * With ρ = 0.5 each of a GP's two semesters counts its shock as σ²·f(2, 0.5) = 0.01 × 1.5: w
   * = 1 / (0.015 + 0.04), Σw = 2 / 0.055, so his mean's se is √0.0275 and the posterior variance
   * 0.1 / (1 + 0.1·Σw).
   */
  @Test
  void widensAGpsUncertaintyWhenHisShocksAreCorrelated() {
    Dataset<Row> y = TableRows.of(LOG_RATIOS)
        .row(logRatio("2023S2", "A", 500.0, 0.7, 0.04))
        .row(logRatio("2024S1", "A", 500.0, 0.9, 0.04))
        .toDataset(spark());
    Dataset<Row> gp = PersistentRatio.gpSums(y.withColumn(Expected.OBSERVED_DAYS,
            org.apache.spark.sql.functions.lit(900.0))
        .withColumn(Persistent.FITTED_EXPECTED_DAYS, org.apache.spark.sql.functions.lit(520.0))
        .withColumn(Persistent.STOPS, org.apache.spark.sql.functions.lit(80L))
        .withColumn(Persistent.OWN_STOP_DISPERSION, org.apache.spark.sql.functions.lit(9.0))
        .withColumn(Persistent.TERRITORY_STOP_DISPERSION, org.apache.spark.sql.functions.lit(8.0))
        .withColumn(Persistent.STOP_DISPERSION, org.apache.spark.sql.functions.lit(8.6))
        .withColumn(Persistent.DAYS_AS_SUBSTITUTE, org.apache.spark.sql.functions.lit(0.0)),
        new PersistentRatio.Moments(0, 0.1, 0.01, 1, 0.5, 100));

    Row r = gp.collectAsList().get(0);

    assertEquals(2 / 0.055, r.<Double>getAs(PersistentMixture.SUM_W), EPS);
    assertEquals(0.8 * 2 / 0.055, r.<Double>getAs(PersistentMixture.SUM_WY), EPS);
  }

  /**
   * Given μ = 0, τ² = 0.1, σ² = 0.01 and one GP with log ratios 0.7 and 0.9 of noise variance
   * 0.04: each weighs 1 / (0.01 + 0.04) = 20, so Σw = 40, his weighted mean is 0.8 (se
   * 1/√40); the posterior variance is 0.1 / (1 + 0.1 × 40) = 0.02 and the mean (0 + 0.1 × 20 ×
   * 1.6) / 5 = 0.64; the persistent log ratio adds σ²/2: 0.645, a ratio of e^0.645 = 1.906 in
   * [e^(0.645 − 1.96 √0.02), e^(0.645 + 1.96 √0.02)], and P(ratio ≥ 2) = Φ((0.645 − ln 2) /
   * √0.02) = Φ(−0.3405) = 0.3668.
   */
  @Test
  void givesAGpThePosteriorOfHisPersistentRatioAndItsProbabilityOfReachingTheThreshold() {
    Dataset<Row> y = TableRows.of(LOG_RATIOS)
        .row(logRatio("2023S2", "A", 500.0, 0.7, 0.04))
        .row(logRatio("2024S1", "A", 500.0, 0.9, 0.04))
        .toDataset(spark())
        .withColumn(Expected.OBSERVED_DAYS, org.apache.spark.sql.functions.lit(900.0))
        .withColumn(Persistent.FITTED_EXPECTED_DAYS, org.apache.spark.sql.functions.lit(520.0))
        .withColumn(Persistent.STOPS, org.apache.spark.sql.functions.lit(80L))
        .withColumn(Persistent.OWN_STOP_DISPERSION, org.apache.spark.sql.functions.lit(9.0))
        .withColumn(Persistent.TERRITORY_STOP_DISPERSION,
            org.apache.spark.sql.functions.lit(8.0))
        .withColumn(Persistent.STOP_DISPERSION, org.apache.spark.sql.functions.lit(8.6))
        .withColumn(Persistent.DAYS_AS_SUBSTITUTE, org.apache.spark.sql.functions.lit(0.0));
    PersistentRatio.Params p = new PersistentRatio.Params("2025-2026", "2024S1", 2.0, 50, 50,
        CampaignConfig.PersistentPrior.NORMAL, true, false,
        CampaignConfig.PersistentNoise.SEMESTERS, CampaignConfig.PersistentStopLength.OWN);

    List<Row> out = PersistentRatio.posterior(y, new PersistentRatio.Moments(0, 0.1, 0.01, 1, 100),
        p).collectAsList();

    assertEquals(1, out.size());
    Row r = out.get(0);
    double sd = Math.sqrt(0.02);
    assertEquals(2L, r.<Long>getAs(Persistent.SEMESTERS));
    assertEquals("2023S2,2024S1", r.getAs(Persistent.PERIODS));
    assertEquals(1800.0 / 1000.0, r.<Double>getAs(Persistent.POOLED_RATIO), EPS);
    assertEquals(1040.0, r.<Double>getAs(Persistent.FITTED_EXPECTED_DAYS), EPS);
    assertEquals(true, r.<Boolean>getAs(Persistent.LEAVE_SELF_OUT));
    assertEquals(0.8, r.<Double>getAs(Persistent.WEIGHTED_LOG_RATIO), EPS);
    assertEquals(1 / Math.sqrt(40), r.<Double>getAs(Persistent.WEIGHTED_LOG_RATIO_SE), EPS);
    assertEquals(0.645, r.<Double>getAs(Persistent.PERSISTENT_LOG_RATIO), EPS);
    assertEquals(sd, r.<Double>getAs(Persistent.PERSISTENT_LOG_RATIO_SD), EPS);
    assertEquals(Math.exp(0.645), r.<Double>getAs(Persistent.PERSISTENT_RATIO), EPS);
    assertEquals(Math.exp(0.645 - 1.96 * sd),
        r.<Double>getAs(Persistent.PERSISTENT_RATIO_LOW95), EPS);
    assertEquals(Math.exp(0.645 + 1.96 * sd),
        r.<Double>getAs(Persistent.PERSISTENT_RATIO_HIGH95), EPS);
    assertEquals(0.3668, r.<Double>getAs(Persistent.PROBABILITY_AT_THRESHOLD), 1e-4);
    assertEquals(8.6, r.<Double>getAs(Persistent.STOP_DISPERSION), EPS);
    assertEquals(0.1, r.<Double>getAs(Persistent.TAU2_PERSISTENT), EPS);
    assertEquals(List.of(Persistent.SCHEMA.fields()).stream()
            .map(f -> f.name() + ":" + f.dataType()).toList(),
        List.of(r.schema().fields()).stream().map(f -> f.name() + ":" + f.dataType()).toList());
  }

  /**
   * A territory of three GPs whose expected days add up to its observed days, 60 each: A (30
   * observed, 20 expected) is compared with B and C without him, whose days are (10 + 20) / (20 +
   * 20) = 0.75 of their expected, so 20 · 0.75 = 15 (ratio 2, not 1.5); B: 20 · (30 + 20) / 40 =
   * 25; C: 20 · 40 / 40 = 20. D is alone in his territory and keeps his 12; E's only peer has no
   * day, so E keeps his 8 too, while F is compared with E alone: 1 · 9 / 8. The model's figures
   * stay in fitted_expected_days.
   */
  @Test
  void comparesEachGpWithHisTerritorysOtherGps() {
    StructType schema = new StructType()
        .add(Expected.PERIOD, DataTypes.StringType)
        .add(Expected.PHYSICIAN_ID, DataTypes.StringType)
        .add(org.ijcampaign.schema.Territory.TERRITORY, DataTypes.StringType)
        .add(Expected.OBSERVED_DAYS, DataTypes.DoubleType)
        .add(Expected.EXPECTED_DAYS, DataTypes.DoubleType);
    TableRows t = TableRows.of(schema);
    Object[][] rows = {{"A", "T", 30.0, 20.0}, {"B", "T", 10.0, 20.0}, {"C", "T", 20.0, 20.0},
        {"D", "U", 12.0, 12.0}, {"E", "V", 9.0, 8.0}, {"F", "V", 0.0, 1.0}};
    for (Object[] r : rows) {
      t.row(Expected.PERIOD, "2024S1", Expected.PHYSICIAN_ID, r[0],
          org.ijcampaign.schema.Territory.TERRITORY, r[1], Expected.OBSERVED_DAYS, r[2],
          Expected.EXPECTED_DAYS, r[3]);
    }
    // The same GPs in another semester form other sums: A alone there keeps his days.
    t.row(Expected.PERIOD, "2024S2", Expected.PHYSICIAN_ID, "A",
        org.ijcampaign.schema.Territory.TERRITORY, "T", Expected.OBSERVED_DAYS, 30.0,
        Expected.EXPECTED_DAYS, 20.0);

    Map<String, Row> out = byGpAndPeriod(PersistentRatio.withoutSelf(t.toDataset(spark())));

    double[] expected = {15.0, 25.0, 20.0, 12.0, 8.0, 9.0 / 8.0};
    String[] gps = {"A", "B", "C", "D", "E", "F"};
    for (int i = 0; i < gps.length; i++) {
      Row r = out.get(gps[i] + "/2024S1");
      assertEquals(expected[i], r.<Double>getAs(Expected.EXPECTED_DAYS), EPS, gps[i]);
    }
    assertEquals(20.0, out.get("A/2024S1").<Double>getAs(Persistent.FITTED_EXPECTED_DAYS), EPS);
    assertEquals(20.0, out.get("A/2024S2").<Double>getAs(Expected.EXPECTED_DAYS), EPS);
  }

  /** Φ at known quantiles: 0, ±1.2816 (10 % / 90 %), 1.96 (97.5 %), −3.09 (0.1 %). */
  @Test
  void computesTheNormalDistributionFunctionWithoutAUdf() {
    Dataset<Row> x = TableRows.of(new StructType().add("x", DataTypes.DoubleType))
        .row("x", 0.0).row("x", 1.2815516).row("x", -1.2815516).row("x", 1.959964)
        .row("x", -3.090232)
        .toDataset(spark());
    List<Row> out = x.select(PersistentRatio.normalCdf(org.apache.spark.sql.functions.col("x")))
        .collectAsList();
    double[] expected = {0.5, 0.9, 0.1, 0.975, 0.001};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], out.get(i).getDouble(0), 2e-7);
    }
  }

  private static final StructType WINDOW_LOG_RATIOS = new StructType()
      .add(Profile.PERIOD, DataTypes.StringType).add(Profile.PHYSICIAN_ID, DataTypes.StringType)
      .add(Expected.EXPECTED_DAYS, DataTypes.DoubleType)
      .add(Profile.STOP_DAYS_SQ_SUM, DataTypes.DoubleType)
      .add(Persistent.TERRITORY_STOP_DISPERSION, DataTypes.DoubleType)
      .add(PersistentRatio.NOISE_RATIO, DataTypes.DoubleType);

  /**
   * Given GP A (two semesters of 100 expected days, Σd² 300 each, territory dispersion 4, pooled
   * ratio 1.5) whose window holds 300 days in 30 stops with Σd² 1,200, and GP B (territory
   * dispersion 6, pooled ratio 1) without a window row: the window's Σd² is twice the semesters'
   * (λ = 1,200 / 600), so A's territory reads 8 over the window and his own 1,200 / 300 = 4; with
   * 30 stops against the prior's 50, D_w = (30·4 + 50·8) / 80 = 6.5 and the noise of his mean
   * 6.5 / ((200 + 3.25) · 1.5). B gets his territory's 2 · 6 = 12: 12 / ((200 + 6) · 1).
   */
  @Test
  void takesTheNoiseOfAGpsMeanFromHisStopsOverTheWholeWindow() {
    Dataset<Row> y = TableRows.of(WINDOW_LOG_RATIOS)
        .row(windowLogRatio("2024S1", "A", 100.0, 300.0, 4.0, 1.5))
        .row(windowLogRatio("2024S2", "A", 100.0, 300.0, 4.0, 1.5))
        .row(windowLogRatio("2024S1", "B", 50.0, 100.0, 6.0, 1.0))
        .row(windowLogRatio("2024S2", "B", 150.0, 100.0, 6.0, 1.0))
        .toDataset(spark());
    Dataset<Row> window = spark().createDataFrame(List.of(
        org.apache.spark.sql.RowFactory.create("A", 300.0, 30.0, 1200.0)), new StructType()
            .add(Profile.PHYSICIAN_ID, DataTypes.StringType)
            .add(PersistentRatio.WINDOW_DAYS, DataTypes.DoubleType)
            .add(PersistentRatio.WINDOW_STOPS, DataTypes.DoubleType)
            .add(PersistentRatio.WINDOW_SQ, DataTypes.DoubleType));

    Map<String, Row> out = byGpAndPeriod(PersistentRatio.withWindowNoise(y, window, 50));

    Row a = out.get("A/2024S2");
    assertEquals(6.5, a.<Double>getAs(Persistent.WINDOW_STOP_DISPERSION), EPS);
    assertEquals(6.5 / (203.25 * 1.5), a.<Double>getAs(PersistentRatio.WINDOW_NOISE_VARIANCE),
        1e-12);
    Row b = out.get("B/2024S1");
    assertEquals(12.0, b.<Double>getAs(Persistent.WINDOW_STOP_DISPERSION), EPS);
    assertEquals(12.0 / 206.0, b.<Double>getAs(PersistentRatio.WINDOW_NOISE_VARIANCE), 1e-12);
  }

  private static Object[] windowLogRatio(String period, String gp, double expectedDays,
      double stopDaysSqSum, double territoryDispersion, double noiseRatio) {
    return new Object[] {Profile.PERIOD, period, Profile.PHYSICIAN_ID, gp,
        Expected.EXPECTED_DAYS, expectedDays, Profile.STOP_DAYS_SQ_SUM, stopDaysSqSum,
        Persistent.TERRITORY_STOP_DISPERSION, territoryDispersion,
        PersistentRatio.NOISE_RATIO, noiseRatio};
  }

  /**
   * The four GPs of the method of moments above, each with a noise of his mean over the window
   * of 0.02 (the fifth, too small to count, 0.5): the shocks are taken independent, so σ² is
   * 0.01 as before; between GPs the means' sample variance 0.35 / 3 less σ²/2 and the window's
   * 0.02 leaves τ² = 0.35/3 − 0.005 − 0.02. A's mean 0.2 then has the precision of his mean over
   * the window, 1 / (0.01/2 + 0.02) = 40, in place of his semesters' summed weights.
   */
  @Test
  void readsTheSpreadBetweenGpsAgainstTheNoiseOfTheirMeansOverTheWindow() {
    StructType schema = LOG_RATIOS.add(PersistentRatio.WINDOW_NOISE_VARIANCE,
        DataTypes.DoubleType);
    TableRows rows = TableRows.of(schema);
    double[][] gps = {{0.1, 0.3}, {-0.1, 0.1}, {0.5, 0.7}, {-0.3, -0.1}};
    String[] names = {"A", "B", "C", "D"};
    for (int i = 0; i < gps.length; i++) {
      for (int s = 0; s < 2; s++) {
        rows.row(windowRow(s == 0 ? "2023S2" : "2024S1", names[i], 500.0, gps[i][s], 0.01,
            0.02));
      }
    }
    rows.row(windowRow("2023S2", "SMALL", 20.0, 3.0, 0.5, 0.5))
        .row(windowRow("2024S1", "SMALL", 20.0, -3.0, 0.5, 0.5));
    Dataset<Row> y = rows.toDataset(spark())
        .withColumn(Persistent.WINDOW_STOP_DISPERSION, org.apache.spark.sql.functions.lit(5.0));

    PersistentRatio.Moments m = PersistentRatio.moments(y, 50,
        CampaignConfig.PersistentNoise.WINDOW);

    assertEquals(0.0, m.shockCorrelation(), 0.0);
    assertEquals(0.01, m.sigma2(), EPS);
    assertEquals(0.35 / 3 - 0.005 - 0.02, m.tau2(), EPS);
    Row a = PersistentRatio.gpSums(y.withColumn(Expected.OBSERVED_DAYS,
                org.apache.spark.sql.functions.lit(100.0))
            .withColumn(Persistent.FITTED_EXPECTED_DAYS, org.apache.spark.sql.functions.lit(90.0))
            .withColumn(Persistent.DAYS_AS_SUBSTITUTE, org.apache.spark.sql.functions.lit(0.0))
            .withColumn(Persistent.STOPS, org.apache.spark.sql.functions.lit(10L))
            .withColumn(Persistent.OWN_STOP_DISPERSION, org.apache.spark.sql.functions.lit(5.0))
            .withColumn(Persistent.TERRITORY_STOP_DISPERSION,
                org.apache.spark.sql.functions.lit(5.0))
            .withColumn(Persistent.STOP_DISPERSION, org.apache.spark.sql.functions.lit(5.0)),
            m, CampaignConfig.PersistentNoise.WINDOW)
        .where(org.apache.spark.sql.functions.col(Profile.PHYSICIAN_ID).equalTo("A")).head();
    assertEquals(40.0, a.<Double>getAs(PersistentMixture.SUM_W), 1e-9);
    assertEquals(0.2 * 40.0, a.<Double>getAs(PersistentMixture.SUM_WY), 1e-9);
    assertEquals(5.0, a.<Double>getAs(Persistent.WINDOW_STOP_DISPERSION), EPS);
  }

  private static Object[] windowRow(String period, String gp, double expectedDays,
      double logRatio, double noiseVariance, double windowNoise) {
    return new Object[] {Profile.PERIOD, period, Profile.PHYSICIAN_ID, gp,
        Expected.EXPECTED_DAYS, expectedDays, PersistentRatio.LOG_RATIO, logRatio,
        PersistentRatio.NOISE_VARIANCE, noiseVariance,
        PersistentRatio.WINDOW_NOISE_VARIANCE, windowNoise};
  }
}
