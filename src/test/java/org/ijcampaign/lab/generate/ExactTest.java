package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.junit.jupiter.api.Test;

/**
 * Each of {@link Exact}'s spellings gives the value of the expression it replaces, to the bit:
 * on hand-picked ties, where a double's decimal text and its binary value round apart, and on
 * every value of a dense grid.
 */
class ExactTest extends SparkTestBase {

  private static Row one(Dataset<Row> df) {
    return df.collectAsList().get(0);
  }

  /**
   * 2.675 is the double 2.67499999999999982236431605997495353221893310546875, but its text is
   * "2.675", so Spark rounds it up: {@code round2} must too, and so on for the other ties.
   */
  @Test
  void roundsTiesAsSparkDoesThroughTheDecimalText() {
    double[] xs = {2.675, 1.005, 0.125, 36.499999, 52.28, 8.0, 0.0, 1.115, 10.245};
    double[] expected = {2.68, 1.01, 0.13, 36.5, 52.28, 8.0, 0.0, 1.12, 10.25};
    for (int i = 0; i < xs.length; i++) {
      Row r = one(spark().range(1).select(Exact.round2(lit(xs[i])).as("fast"),
          round(lit(xs[i]), 2).as("spark"), Exact.cents(lit(xs[i])).as("cents")));
      assertEquals(expected[i], r.getDouble(1), "Spark's own round of " + xs[i]);
      assertEquals(Double.doubleToRawLongBits(r.getDouble(1)),
          Double.doubleToRawLongBits(r.getDouble(0)), "round2 of " + xs[i]);
      assertEquals(Math.round(expected[i] * 100), r.getLong(2), "cents of " + xs[i]);
    }
  }

  /**
   * On 400,000 values (rates over a wide range, the same times a growth factor, and exact
   * half cents), the fast spellings and the replaced ones differ nowhere: the rounded double,
   * the cents, and the amount of 1 to 31 days as a decimal(12,2).
   */
  @Test
  void agreesWithSparksRoundAndDecimalsOnADenseGrid() {
    Dataset<Row> xs = spark().range(0, 400_000).select(
        when(col("id").mod(4).equalTo(0), col("id").multiply(0.000_137))
            .when(col("id").mod(4).equalTo(1), col("id").multiply(0.000_137)
                .multiply(StrictMath.pow(1.03, 2)))
            .when(col("id").mod(4).equalTo(2), col("id").multiply(2).plus(1).divide(200.0))
            .otherwise(col("id").multiply(-0.000_91)).as("x"),
        col("id").mod(31).plus(1).cast("int").as("days"));
    Dataset<Row> compared = xs.select(
        Exact.round2(col("x")).as("fast"), round(col("x"), 2).as("spark"),
        Exact.cents(col("x")).as("cents"),
        Exact.unscaled(round(col("x"), 2).cast("decimal(8,2)")).as("spark_cents"),
        Exact.decimal(Exact.cents(col("x")).multiply(col("days")), 12, 2).as("amount"),
        round(col("x"), 2).cast("decimal(8,2)").multiply(col("days")).cast("decimal(12,2)")
            .as("spark_amount"));
    long differ = compared.where(
        col("fast").eqNullSafe(col("spark")).unary_$bang()
            .or(col("cents").eqNullSafe(col("spark_cents")).unary_$bang())
            .or(col("amount").eqNullSafe(col("spark_amount")).unary_$bang())).count();
    assertEquals(0, differ);
    // The grid does reach the ties and large amounts (not only easy values).
    Row max = one(compared.selectExpr("max(spark_amount) AS a"));
    assertEquals(1, ((BigDecimal) max.get(0)).compareTo(new BigDecimal("1000")));
  }

  @Test
  void theTablesArePowAndExpInsideTheirRangeAndOutside() {
    Dataset<Row> ks = spark().range(-80, 130).select(col("id").cast("int").as("k"));
    long differ = ks.where(
        Exact.pow(1.03, col("k"), -6, 3).eqNullSafe(pow(lit(1.03), col("k"))).unary_$bang()
            .or(Exact.expOf(col("k"), 0.015, -60, 100)
                .eqNullSafe(exp(col("k").multiply(0.015))).unary_$bang()))
        .count();
    assertEquals(0, differ);
    Row r = one(spark().range(1).select(Exact.pow(1.03, lit(2), -6, 3).as("p"),
        Exact.expOf(lit(-40), 0.015, -60, 100).as("e")));
    assertEquals(StrictMath.pow(1.03, 2), r.getDouble(0));
    assertEquals(StrictMath.exp(-40 * 0.015), r.getDouble(1));
  }
}
