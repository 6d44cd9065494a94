package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.junit.jupiter.api.Test;

/** The draws' hash and the Poisson inversion, checked by hand. */
class DrawsTest extends SparkTestBase {

  @Test
  void invertsThePoissonCdfAtTheFirstCountThatReachesU() {
    // P(0) = e^-1 = 0.368, P(≤1) = 0.736, P(≤2) = 0.920, P(≤3) = 0.981
    assertEquals(0, Draws.invertPoisson(0.10, 1.0, 9));
    assertEquals(1, Draws.invertPoisson(0.50, 1.0, 9));
    assertEquals(2, Draws.invertPoisson(0.90, 1.0, 9));
    assertEquals(3, Draws.invertPoisson(0.95, 1.0, 9));
  }

  @Test
  void stopsAtTheBoundAndTriesOneCountEvenWithABoundOfZero() {
    assertEquals(2, Draws.invertPoisson(0.99, 1.0, 2));
    assertEquals(1, Draws.invertPoisson(0.99, 1.0, 0));
  }

  /**
   * Every zone's bytes rest on the hash being Spark's xxhash64 of (seed, salt, keys as longs):
   * the folded constants must give the same value, with int, long, null and negative keys and a
   * salt outside ASCII.
   */
  @Test
  void theHashIsSparksXxhash64OfTheSeedTheSaltAndTheKeys() {
    Dataset<Row> keys = spark().sql("SELECT * FROM VALUES "
        + "(0, CAST(0 AS BIGINT)), (7, CAST(123456789012 AS BIGINT)), (-3, CAST(-1 AS BIGINT)),"
        + " (CAST(NULL AS INT), CAST(5 AS BIGINT)), (2, CAST(NULL AS BIGINT)) AS t(a, b)");
    for (long seed : new long[] {1L, 20240101L, -9L}) {
      Draws d = new Draws(seed);
      for (String salt : List.of("stop.t", "pres.specialist.who", "médecin")) {
        List<Row> rows = keys.select(
            d.hash(salt, col("a")).as("one"),
            xxhash64(lit(seed), lit(salt), col("a").cast("long")).as("one_spark"),
            d.hash(salt, col("a"), col("b")).as("two"),
            xxhash64(lit(seed), lit(salt), col("a").cast("long"), col("b")).as("two_spark"))
            .collectAsList();
        for (Row r : rows) {
          assertEquals(r.getLong(1), r.getLong(0), seed + " " + salt + " " + r);
          assertEquals(r.getLong(3), r.getLong(2), seed + " " + salt + " " + r);
        }
      }
    }
  }
}
