package org.ijcampaign.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.junit.jupiter.api.Test;

class TableComparisonTest extends SparkTestBase {
  private static final StructType SCHEMA = new StructType()
      .add("gp", DataTypes.StringType).add("days", DataTypes.DoubleType);

  private Dataset<Row> rows(Object[]... values) {
    return spark().createDataFrame(java.util.Arrays.stream(values).map(RowFactory::create)
        .toList(), SCHEMA);
  }

  @Test
  void sameRowsInAnotherOrderAreIdentical() {
    assertEquals("        2 rows, identical", TableComparison.compare("t",
        rows(new Object[] {"A", 1.5}, new Object[] {"B", 2.0}),
        rows(new Object[] {"B", 2.0}, new Object[] {"A", 1.5})));
  }

  @Test
  void aDoubleOffInItsLastBitsIsNoiseAndOneOffBeyondIsADifference() {
    // 1e-12 relative: sums added in another order. 1e-6 relative: a real difference.
    String noise = TableComparison.compare("t", rows(new Object[] {"A", 3.0}),
        rows(new Object[] {"A", 3.0 * (1 + 1e-12)}));
    assertEquals(true, noise.contains("1 differ in floating-point noise only"), noise);
    // Two zeros in noise (2e-17 and -1e-17) are equal and do not make the largest difference.
    String zeros = TableComparison.compare("t",
        rows(new Object[] {"A", 3.0}, new Object[] {"B", 2e-17}),
        rows(new Object[] {"A", 3.0 * (1 + 1e-12)}, new Object[] {"B", -1e-17}));
    assertEquals(true, zeros.contains("2 differ in floating-point noise only (largest relative "
        + "difference 1.0e-12"), zeros);
    assertThrows(TableComparison.Different.class, () -> TableComparison.compare("t",
        rows(new Object[] {"A", 3.0}), rows(new Object[] {"A", 3.000003})));
  }

  @Test
  void aRowMoreOrAnotherKeyIsADifference() {
    assertThrows(TableComparison.Different.class, () -> TableComparison.compare("t",
        rows(new Object[] {"A", 1.0}), rows(new Object[] {"A", 1.0}, new Object[] {"A", 1.0})));
    assertThrows(TableComparison.Different.class, () -> TableComparison.compare("t",
        rows(new Object[] {"A", 1.0}), rows(new Object[] {"B", 1.0})));
  }

  @Test
  void theSameRowsUnderAnotherSchemaAreADifference() {
    Dataset<Row> a = rows(new Object[] {"A", 1.0});
    assertThrows(TableComparison.Different.class,
        () -> TableComparison.compare("t", a, a.withColumnRenamed("days", "paid_days")));
  }

  @Test
  void moreDifferingRowsThanTheDriverPairsAreADifferenceWithAnExample() {
    // Every row renumbered (say, its source line moved): 5 rows differ, 3 may be paired
    Dataset<Row> a = spark().range(5).selectExpr("concat('G', id) as gp",
        "cast(id as double) as days");
    Dataset<Row> b = a.selectExpr("gp", "days + 10 as days");
    TableComparison.Different d = assertThrows(TableComparison.Different.class,
        () -> TableComparison.compareRows("t", a, b, 3));
    assertEquals(true, d.getMessage().startsWith("t: more than 3 rows differ, e.g."),
        d.getMessage());
    assertEquals(true, d.getMessage()
        .matches("(?s).*\\[G\\d,[\\d.]+\\] \\((first|second) side\\).*"), d.getMessage());
    // One row five times on one side, once on the other: 4 copies to pair, 3 allowed
    Dataset<Row> once = rows(new Object[] {"A", 1.0});
    TableComparison.Different repeated = assertThrows(TableComparison.Different.class,
        () -> TableComparison.compareRows("t", once.union(once).union(once).union(once)
            .union(once), once, 3));
    assertEquals(true, repeated.getMessage().startsWith("t: more than 3 rows differ"),
        repeated.getMessage());
  }
}
