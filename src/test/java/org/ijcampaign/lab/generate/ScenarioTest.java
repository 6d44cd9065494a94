package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.corr;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.mean;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.schema.Claims;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The scenario's shocks: a GP's log shocks follow an AR(1) of the configured correlation and
 * keep the configured sd and a mean of one, so that a scenario changes how the noise is spread
 * over time and nothing else. Checked on 4,000 GP numbers, where the sampling error of a
 * correlation is about 0.013 and of an sd about 1 %.
 */
class ScenarioTest extends SparkTestBase {
  private static final int GPS = 4_000;

  private static GenerateSpec spec(double sigma, double rho) {
    return spec(sigma, rho, 0.0);
  }

  private static GenerateSpec spec(double sigma, double rho, double yearShare) {
    return new GenerateSpec(30, 11, 2022, 2024, 2, false, 8, 1.0,
        new Scenario(0.25, sigma, rho, yearShare, 0.02, 2.2, 3.5, 0.0, 0.0, 0.0));
  }

  private Row moments(GenerateSpec spec) {
    Draws d = new Draws(spec.seed());
    return spark().range(GPS)
        .withColumn("s", Practitioners.shocks(d, spec, col("id")))
        .select(
            mean(element_at(col("s"), 5)).as("mean5"),
            stddev_samp(log(element_at(col("s"), 1))).as("sd1"),
            stddev_samp(log(element_at(col("s"), 9))).as("sd9"),
            corr(log(element_at(col("s"), 4)), log(element_at(col("s"), 5))).as("lag1"),
            corr(log(element_at(col("s"), 4)), log(element_at(col("s"), 6))).as("lag2"),
            corr(log(element_at(col("s"), 5)), log(element_at(col("s"), 6))).as("year"))
        .first();
  }

  @Test
  void correlatedShocksFollowAnAr1WithTheirSdAndAMeanOfOne() {
    Row m = moments(spec(0.3, 0.6));
    assertEquals(1.0, m.getDouble(0), 0.03, "mean of a semester's shock");
    assertEquals(0.3, m.getDouble(1), 0.015, "log-sd of the first semester's shock");
    assertEquals(0.3, m.getDouble(2), 0.015, "log-sd of the ninth semester's shock");
    assertEquals(0.6, m.getDouble(3), 0.05, "correlation of consecutive semesters");
    assertEquals(0.36, m.getDouble(4), 0.05, "correlation two semesters apart: rho squared");
  }

  /**
   * A year shock of share 0.7: the two semesters of a year (array elements 5 and 6: the third
   * year's, the array starting on a 1 January) correlate at 0.7, a year's second semester and
   * the next year's first (elements 4 and 5) not at all; the sd stays.
   */
  @Test
  void aYearShockBindsAYearsTwoSemestersAndNotTheNextYears() {
    Row m = moments(spec(0.3, 0.0, 0.7));
    assertEquals(1.0, m.getDouble(0), 0.03, "mean of a semester's shock");
    assertEquals(0.3, m.getDouble(2), 0.015, "log-sd of the ninth semester's shock");
    assertEquals(0.0, m.getDouble(3), 0.05, "a year's second semester and the next's first");
    assertEquals(0.7, m.getDouble(5), 0.05, "a year's two semesters");
  }

  /**
   * A drift of practice of sd 0.15 a year, on independent shocks of sd 0.2: the first and last
   * semesters of the claims' three years are 2.5 years apart, so their log difference has sd
   * √(2·0.2² + (2.5·0.15)²) = 0.470 (0.283 without the drift), and the mean log of the two
   * middle semesters carries no drift at all: sd 0.2/√2 = 0.141.
   */
  @Test
  void aDriftMovesTheLevelThroughThePracticeInTheMiddleOfTheClaimsYears() {
    GenerateSpec spec = new GenerateSpec(30, 11, 2022, 2024, 2, false, 8, 1.0,
        new Scenario(0.25, 0.2, 0.0, 0.0, 0.02, 2.2, 3.5, 0.0, 0.0, 0.15));
    Draws d = new Draws(spec.seed());
    Column first = log(element_at(col("s"), spec.semesterIndex(2022, 1) + 1));
    Column last = log(element_at(col("s"), spec.semesterIndex(2024, 2) + 1));
    Column middle = log(element_at(col("s"), spec.semesterIndex(2023, 1) + 1))
        .plus(log(element_at(col("s"), spec.semesterIndex(2023, 2) + 1))).divide(2);
    Row m = spark().range(GPS)
        .withColumn("s", Practitioners.shocks(d, spec, col("id")))
        .select(stddev_samp(last.minus(first)), stddev_samp(middle), mean(middle))
        .first();
    assertEquals(0.470, m.getDouble(0), 0.02, "sd of the log change over 2.5 years");
    assertEquals(0.141, m.getDouble(1), 0.007, "sd of the middle year's mean log shock");
    assertEquals(-0.02, m.getDouble(2), 0.01, "its mean: -sigma^2/2, no drift");
  }

  @Test
  void theCalibratedShocksAreIndependent() {
    Row m = moments(spec(0.2, 0.0));
    assertEquals(0.2, m.getDouble(1), 0.01);
    assertEquals(0.0, m.getDouble(3), 0.05);
    assertEquals(0.0, m.getDouble(4), 0.05);
  }

  /**
   * Over-prescription by longer stops (over-length-share 1): on a 30-GP zone drawn with and
   * without it, a stop of a GP who is not planted is the same stop, the same length. A planted
   * GP's stop drawn both times is his factor F times as long, whole days down, under its class's
   * cap (365 days, or 1,095 for a stop already long), maternity's aside; and he has fewer stops,
   * since the count no longer carries F.
   */
  @Test
  void anOverPrescriberByLengthHasLongerStopsAndNotMoreOfThem() {
    GenerateSpec byCount = new GenerateSpec(30, 11, 2022, 2024, 2, false, 8, 1.0,
        new Scenario(0.25, 0.2, 0.0, 0.0, 0.02, 2.2, 3.5, 0.0, 0.0, 0.0));
    GenerateSpec byLength = new GenerateSpec(30, 11, 2022, 2024, 2, false, 8, 1.0,
        new Scenario(0.25, 0.2, 0.0, 0.0, 0.02, 2.2, 3.5, 0.0, 1.0, 0.0));
    Dataset<Row> gps = Practitioners.build(spark(), byCount, Geography.synthetic(spark(), byCount))
        .withColumn(Practitioners.TREAT_FACTOR, lit(1.0)).localCheckpoint();
    Map<Long, Row> a = initialStops(byCount, gps);
    Map<Long, Row> b = initialStops(byLength, gps);
    int planted = 0;
    int plantedA = 0;
    int plantedB = 0;
    int lengthened = 0;
    for (Row r : a.values()) {
      plantedA += r.getDouble(3) > 1 ? 1 : 0;
    }
    for (Map.Entry<Long, Row> e : b.entrySet()) {
      Row after = e.getValue();
      double factor = after.getDouble(3);
      plantedB += factor > 1 ? 1 : 0;
      Row before = a.get(e.getKey());
      if (factor == 1) {
        assertEquals(before, after, "a stop of a GP not planted");
        continue;
      }
      if (before == null) {
        continue;
      }
      planted++;
      int days = before.getInt(1);
      int expected = before.getString(2).equals(Claims.MATERNITE) ? days
          : days > SickLeave.MEDIUM_MAX_DAYS
              ? Math.min(Calibration.MAX_STOP_DAYS, (int) Math.floor(days * factor))
              : Math.min(SickLeave.MEDIUM_MAX_DAYS, (int) Math.floor(days * factor));
      assertEquals(expected, after.getInt(1), "stop " + e.getKey() + " of " + days + " days, F "
          + factor);
      lengthened += expected > days ? 1 : 0;
    }
    assertEquals(a.size() - plantedA, b.size() - plantedB, "the other GPs' stops");
    Assertions.assertTrue(planted >= 20 && lengthened >= 20,
        planted + " planted stops drawn both times, " + lengthened + " lengthened");
    Assertions.assertTrue(plantedB < plantedA / 1.8,
        plantedB + " stops by length, " + plantedA + " by count");
    // The truth's multiplier is the one the days show: practice × κ, κ over his MALADIE stops
    // started in the claims' years, their days less 3 waiting days lengthened over unlengthened
    // (the same stops in both draws, each with its initial prescription); every other GP keeps
    // his multiplier.
    Map<Long, double[]> sums = new HashMap<>();
    for (Map.Entry<Long, Row> e : b.entrySet()) {
      Row after = e.getValue();
      Row before = a.get(e.getKey());
      if (after.getDouble(3) > 1 && after.getString(2).equals(Claims.MALADIE)
          && !after.getDate(5).toLocalDate().isBefore(byLength.dataStart())) {
        double[] sum = sums.computeIfAbsent(after.getLong(4), k -> new double[2]);
        sum[0] += after.getInt(1) - Calibration.WAITING_DAYS;
        sum[1] += before.getInt(1) - Calibration.WAITING_DAYS;
      }
    }
    List<Row> truth = SickLeave.effectiveMultipliers(spark(), byLength, gps)
        .join(gps.select(col(Practitioners.IDX), col(Practitioners.MULTIPLIER).as("before")),
            Practitioners.IDX)
        .select(col(Practitioners.OVER), col(Practitioners.PRACTICE),
            col(Practitioners.OVER_FACTOR), col(Practitioners.MULTIPLIER), col("before"),
            col(Practitioners.IDX))
        .collectAsList();
    int plantedGps = 0;
    for (Row r : truth) {
      if (!r.getBoolean(0)) {
        assertEquals(r.getDouble(4), r.getDouble(3), 0.0, "a GP not planted");
        continue;
      }
      plantedGps++;
      double[] sum = sums.get(r.getLong(5));
      double kappa = r.getDouble(3) / r.getDouble(1);
      assertEquals(sum[0] / sum[1], kappa, 1e-9 * kappa, "κ of GP " + r.getLong(5) + ", F "
          + r.getDouble(2));
      Assertions.assertTrue(kappa > 1.3, "κ " + kappa);
    }
    Assertions.assertTrue(plantedGps >= 2, plantedGps + " planted GPs");
    // The calibration's truth is the physician table itself.
    Assertions.assertSame(gps,
        SickLeave.effectiveMultipliers(spark(), byCount, gps));
  }

  /** Per stop with its initial prescription in the claims: days, risk, GP's factor, GP, start. */
  private Map<Long, Row> initialStops(GenerateSpec spec, Dataset<Row> gps) {
    List<Row> rows = SickLeave.claims(spark(), spec, gps, gps)
        .where(col(Claims.PRESCRIPTION_KIND).equalTo(Claims.INITIAL))
        .join(gps.select(col(Practitioners.IDX).as(SickLeave.PRESCRIBER_IDX),
            col(Practitioners.OVER_FACTOR)), SickLeave.PRESCRIBER_IDX)
        .select(col(SickLeave.STOP_UID), col(SickLeave.STOP_DAYS), col(Claims.RISK),
            col(Practitioners.OVER_FACTOR), col(SickLeave.PRESCRIBER_IDX),
            col(SickLeave.STOP_START))
        .collectAsList();
    Map<Long, Row> out = new HashMap<>();
    for (Row r : rows) {
      out.put(r.getLong(0), r);
    }
    return out;
  }
}
