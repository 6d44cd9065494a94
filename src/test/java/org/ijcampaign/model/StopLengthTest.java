package org.ijcampaign.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
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
import org.ijcampaign.schema.Territory;
import org.junit.jupiter.api.Test;

/**
 * The credible stop length on GPs small enough to follow by hand: two GPs of one territory
 * whose stops differ only in length, and a third whose few long stops the data cannot tell from
 * chance.
 */
class StopLengthTest extends SparkTestBase {
  private static final double EPS = 1e-9;

  private static final StructType SEMESTER_ROWS = new StructType()
      .add(Profile.PERIOD, DataTypes.StringType).add(Profile.PHYSICIAN_ID, DataTypes.StringType)
      .add(Territory.TERRITORY, DataTypes.StringType)
      .add(Expected.OBSERVED_DAYS, DataTypes.DoubleType)
      .add(Expected.EXPECTED_DAYS, DataTypes.DoubleType)
      .add(Expected.STOP_DISPERSION, DataTypes.DoubleType)
      .add(Profile.STOPS, DataTypes.DoubleType)
      .add(Profile.STOP_DAYS_SQ_SUM, DataTypes.DoubleType);

  private static final StructType WINDOW = new StructType()
      .add(Profile.PHYSICIAN_ID, DataTypes.StringType)
      .add(PersistentRatio.WINDOW_DAYS, DataTypes.DoubleType)
      .add(PersistentRatio.WINDOW_STOPS, DataTypes.DoubleType)
      .add(PersistentRatio.WINDOW_SQ, DataTypes.DoubleType);

  private static Object[] semester(String gp, String territory, double observed,
      double expected, double stops) {
    return new Object[] {Profile.PERIOD, "2024S1", Profile.PHYSICIAN_ID, gp,
        Territory.TERRITORY, territory, Expected.OBSERVED_DAYS, observed,
        Expected.EXPECTED_DAYS, expected, Expected.STOP_DISPERSION, 30.0, Profile.STOPS, stops,
        Profile.STOP_DAYS_SQ_SUM, 0.0};
  }

  private static Object[] window(String gp, double days, double stops, double sq) {
    return new Object[] {Profile.PHYSICIAN_ID, gp, PersistentRatio.WINDOW_DAYS, days,
        PersistentRatio.WINDOW_STOPS, stops, PersistentRatio.WINDOW_SQ, sq};
  }

  /** The semester rows of A and B, the GPs of the first test. */
  private static TableRows aAndB() {
    return TableRows.of(SEMESTER_ROWS)
        .row(semester("A", "T", 300.0, 250.0, 10.0))
        .row(semester("B", "T", 100.0, 150.0, 10.0));
  }

  private Dataset<Row> aAndBWindow() {
    return TableRows.of(WINDOW)
        .row(window("A", 300.0, 10.0, 18_000.0))
        .row(window("B", 100.0, 10.0, 2_000.0))
        .toDataset(spark());
  }

  private static Map<String, Row> byGp(Dataset<Row> d) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : d.collectAsList()) {
      m.put(r.getAs(Profile.PHYSICIAN_ID), r);
    }
    return m;
  }

  /**
   * A and B share a territory whose 20 stops carry 400 days: 20 days a stop. A's 10 stops carry
   * 300 days on 250 expected days, 12.5 expected stops: his length ratio (300/10) / (250/12.5) =
   * 1.5. B's carry 100 on 150 expected, 7.5 expected stops: (100/10) / (150/7.5) = 0.5. Each has
   * Σd² with a squared coefficient of variation of 1 (A: 18,000 · 10 / 300² − 1); all stops
   * pooled have 20,000 · 20 / 400² − 1 = 1.5, so with a prior of 10 stops c = (10·1 + 10·1.5) /
   * 20 = 1.25 and the noise of each log length ratio 1.25 / 10 = 0.125. Across the two GPs μ is
   * the mean of ln 1.5 and ln 0.5, and τ² their sample variance less 0.125. A's credible log
   * length is μ + B·(ln 1.5 − μ), B = τ² / (τ² + 0.125), and his days read 10 stops × 20 days ×
   * its exponential; his window's days are those, each of his 10 window stops of equal days.
   */
  @Test
  void readsAGpsDaysAsHisStopsAtHisOwnLengthPulledTowardsTheGps() {
    StopLength.View view = StopLength.credible(aAndB().toDataset(spark()), aAndBWindow(), 10,
        0);

    double mu = (Math.log(1.5) + Math.log(0.5)) / 2;
    double sampleVariance = 2 * Math.pow(Math.log(1.5) - mu, 2);
    double tau2 = sampleVariance - 0.125;
    double b = tau2 / (tau2 + 0.125);
    double lambdaA = mu + b * (Math.log(1.5) - mu);
    assertEquals(1.5, view.moments().priorCv2(), EPS);
    assertEquals(mu, view.moments().mu(), EPS);
    assertEquals(tau2, view.moments().tau2(), EPS);
    assertEquals(2, view.moments().gps());

    Row a = byGp(view.semesterRows()).get("A");
    double daysA = 10 * 20 * Math.exp(lambdaA);
    assertEquals(daysA, a.<Double>getAs(Expected.OBSERVED_DAYS), 1e-6);
    assertEquals(300.0, a.<Double>getAs(StopLength.ACTUAL_OBSERVED_DAYS), EPS);
    assertEquals(20 * Math.exp(lambdaA), a.<Double>getAs(Expected.STOP_DISPERSION), 1e-9);
    assertEquals(daysA * 20 * Math.exp(lambdaA), a.<Double>getAs(Profile.STOP_DAYS_SQ_SUM),
        1e-6);
    assertEquals(1.5, a.<Double>getAs(Persistent.STOP_LENGTH_RATIO), EPS);
    assertEquals(Math.exp(lambdaA), a.<Double>getAs(Persistent.CREDIBLE_STOP_LENGTH_RATIO),
        EPS);

    Row wa = byGp(view.window()).get("A");
    assertEquals(daysA, wa.<Double>getAs(PersistentRatio.WINDOW_DAYS), 1e-6);
    assertEquals(10.0, wa.<Double>getAs(PersistentRatio.WINDOW_STOPS), EPS);
    assertEquals(daysA * daysA / 10, wa.<Double>getAs(PersistentRatio.WINDOW_SQ), 1e-6);
    assertEquals(b * 0.125, wa.<Double>getAs(StopLength.LENGTH_VARIANCE), EPS);
  }

  /**
   * Three GPs of one territory, whose 44 stops carry 460 days. D's 4 stops carry 60 days, one of
   * them nearly all (his stops' squared coefficient of variation 4 · 3,600 / 60² − 1 = 3); E's
   * and F's 20 stops carry 200 days each, all alike (0). All stops pooled: (3,600 + 2 · 2,000) ·
   * 44 / 460² − 1 = 0.58; a prior of 10 stops. D's length ratio (60/4) / (460/44) = 1.43 has the
   * noise (4·3 + 10·0.58) / 14 / 4 = 0.32; the three log ratios' sample variance (0.055) is less
   * than their mean noise (0.11): τ² = 0, and every GP's credible length is the GPs' mean exp(μ)
   * with no variance left. D's 60 days read as 4 stops × 460/44 days × exp(μ): his long stop is
   * taken for chance, not for his practice.
   */
  @Test
  void takesAFewLongStopsForChanceWhenTheGpsLengthsDoNotVaryBeyondTheirNoise() {
    Dataset<Row> rows = TableRows.of(SEMESTER_ROWS)
        .row(semester("D", "T", 60.0, 40.0, 4.0))
        .row(semester("E", "T", 200.0, 200.0, 20.0))
        .row(semester("F", "T", 200.0, 240.0, 20.0))
        .toDataset(spark());
    Dataset<Row> windowRows = TableRows.of(WINDOW)
        .row(window("D", 60.0, 4.0, 3_600.0))
        .row(window("E", 200.0, 20.0, 2_000.0))
        .row(window("F", 200.0, 20.0, 2_000.0))
        .toDataset(spark());

    StopLength.View view = StopLength.credible(rows, windowRows, 10, 0);

    // D: (60/4) / (40 / (40 / reference)) = 15 / reference; E and F 10 / reference.
    double reference = 460.0 / 44;
    double[] logs = {Math.log(15 / reference), Math.log(10 / reference),
        Math.log(10 / reference)};
    double mu = (logs[0] + logs[1] + logs[2]) / 3;
    assertEquals(0.0, view.moments().tau2(), 0.0);
    assertEquals(mu, view.moments().mu(), EPS);
    Map<String, Row> out = byGp(view.semesterRows());
    assertEquals(4 * reference * Math.exp(mu),
        out.get("D").<Double>getAs(Expected.OBSERVED_DAYS), 1e-6);
    assertEquals(15 / reference, out.get("D").<Double>getAs(Persistent.STOP_LENGTH_RATIO),
        EPS);
    assertEquals(0.0, byGp(view.window()).get("D").<Double>getAs(StopLength.LENGTH_VARIANCE),
        0.0);
  }

  /**
   * A GP with no stop has no length of his own: his credible length is the GPs' mean with the
   * prior's variance, and his days stay 0.
   */
  @Test
  void givesAGpWithoutAStopTheGpsLengthWithItsWholeVariance() {
    Dataset<Row> rows = aAndB().row(semester("Z", "T", 0.0, 50.0, 0.0)).toDataset(spark());

    StopLength.View view = StopLength.credible(rows, aAndBWindow(), 10, 0);

    Row z = byGp(view.semesterRows()).get("Z");
    assertEquals(0.0, z.<Double>getAs(Expected.OBSERVED_DAYS), 0.0);
    assertNull(z.getAs(Persistent.STOP_LENGTH_RATIO));
    assertEquals(Math.exp(view.moments().mu()),
        z.<Double>getAs(Persistent.CREDIBLE_STOP_LENGTH_RATIO), EPS);
    assertEquals(view.moments().tau2(),
        byGp(view.window()).get("Z").<Double>getAs(StopLength.LENGTH_VARIANCE), EPS);
  }

  /**
   * Through the whole estimate: the table publishes the days each GP was observed with and his
   * pooled ratio on them, his own and credible length ratios, and the setting; the estimate
   * itself reads the view. Under the semesters' noise a credible length is refused.
   */
  @Test
  void publishesTheGpsOwnDaysBesideTheEstimateOnTheView() {
    TableRows t = TableRows.of(SEMESTER_ROWS);
    String[] gps = {"A", "B", "C", "D"};
    double[] days = {300, 100, 200, 260};
    double[] stops = {10, 10, 20, 13};
    for (String period : new String[] {"2024S1", "2024S2"}) {
      for (int i = 0; i < gps.length; i++) {
        Object[] row = semester(gps[i], "T", days[i], 200.0, stops[i]);
        row[1] = period;
        t.row(row);
      }
    }
    Dataset<Row> rows = t.toDataset(spark())
        .withColumn(Persistent.FITTED_EXPECTED_DAYS, org.apache.spark.sql.functions.lit(200.0))
        .withColumn(Persistent.DAYS_AS_SUBSTITUTE, org.apache.spark.sql.functions.lit(0.0));
    TableRows w = TableRows.of(WINDOW);
    for (int i = 0; i < gps.length; i++) {
      w.row(window(gps[i], 2 * days[i], 2 * stops[i], 2 * days[i] * days[i] / stops[i] * 2));
    }
    Dataset<Row> windowRows = w.toDataset(spark());

    Dataset<Row> out = PersistentRatio.estimate(rows, windowRows,
        params(CampaignConfig.PersistentNoise.WINDOW)).perGp();

    Row a = byGp(out).get("A");
    assertEquals(600.0, a.<Double>getAs(Persistent.OBSERVED_DAYS), EPS);
    assertEquals(1.5, a.<Double>getAs(Persistent.POOLED_RATIO), EPS);
    assertEquals("CREDIBLE", a.getAs(Persistent.STOP_LENGTH));
    // The territory's 1,720 days over 106 stops; A's 600 over 20.
    assertEquals(30.0 / (1720.0 / 106), a.<Double>getAs(Persistent.STOP_LENGTH_RATIO), EPS);
    // A's length is the longest (30, 10, 10 and 20 days a stop): the credible one is pulled from
    // it towards the GPs' geometric mean, not past it.
    double credible = a.<Double>getAs(Persistent.CREDIBLE_STOP_LENGTH_RATIO);
    org.junit.jupiter.api.Assertions.assertTrue(credible <= a.<Double>getAs(Persistent.STOP_LENGTH_RATIO) + EPS, "" + credible);
    org.junit.jupiter.api.Assertions.assertTrue(credible >= Math.pow(30 * 10 * 10 * 20, 0.25) / (1720.0 / 106) - EPS,
        "" + credible);
    assertThrows(IllegalArgumentException.class, () -> PersistentRatio.estimate(rows,
        windowRows, params(CampaignConfig.PersistentNoise.SEMESTERS)));
  }

  private static PersistentRatio.Params params(CampaignConfig.PersistentNoise noise) {
    return new PersistentRatio.Params("c", "2024S2", 2.0, 10, 0,
        CampaignConfig.PersistentPrior.NORMAL, false, false, noise,
        CampaignConfig.PersistentStopLength.CREDIBLE);
  }

  /**
   * 200 GPs whose stops last 10 days give or take 5 % and 6 whose stops last 20, each with 100
   * stops of a squared coefficient of variation 1 (noise 0.01 on a log length ratio). Across
   * GPs the log ratios' variance (about 0.014) hardly exceeds their noise: the normal prior sees
   * almost no spread and pulls the six long-stop GPs most of the way to the others. The
   * mixture gives them their own component and leaves them near their own length.
   */
  @Test
  void aMixturePriorLeavesAFewGpsWithTrulyLongerStopsTheirLength() {
    TableRows t = TableRows.of(SEMESTER_ROWS);
    TableRows w = TableRows.of(WINDOW);
    for (int i = 0; i < 206; i++) {
      String gp = "G" + i;
      double perStop = i < 200 ? 10 * (0.95 + 0.1 * (i % 11) / 10) : 20;
      double days = 100 * perStop;
      t.row(semester(gp, "T", days, 1000.0, 100.0));
      w.row(window(gp, days, 100.0, 2 * days * days / 100));
    }
    Dataset<Row> rows = t.toDataset(spark());
    Dataset<Row> windowRows = w.toDataset(spark());

    Row normal = byGp(StopLength.credible(rows, windowRows, 10, 0, false).semesterRows())
        .get("G203");
    StopLength.View mixture = StopLength.credible(rows, windowRows, 10, 0, true);
    Row mixed = byGp(mixture.semesterRows()).get("G203");

    org.junit.jupiter.api.Assertions.assertTrue(mixture.moments().mixture().kept(),
        mixture.moments().mixture().note());
    double own = mixed.<Double>getAs(Persistent.STOP_LENGTH_RATIO);
    double underNormal = normal.<Double>getAs(Persistent.CREDIBLE_STOP_LENGTH_RATIO);
    double underMixture = mixed.<Double>getAs(Persistent.CREDIBLE_STOP_LENGTH_RATIO);
    org.junit.jupiter.api.Assertions.assertTrue(underNormal < 0.8 * own,
        underNormal + " against " + own);
    org.junit.jupiter.api.Assertions.assertTrue(underMixture > 0.95 * own,
        underMixture + " against " + own);
  }
}
