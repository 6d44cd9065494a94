package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Draws one item per row of a large dataset from a small weighted table, without collecting
 * either: the items' cumulative weights cut [0, 1) into intervals, each row's uniform draw
 * falls in exactly one (the lower bound of an item is its predecessor's upper bound, so there
 * is no floating gap), and an equi-join on 2^16 buckets of [0, 1) replaces the range join.
 */
final class WeightedPick {
  private WeightedPick() {}

  private static final int BUCKETS = 1 << 16;
  private static final String LO = "pick_lo";
  private static final String HI = "pick_hi";
  private static final String BUCKET = "pick_bucket";

  /**
   * {@code rows} joined with the item whose interval holds {@code rows.uniform}. Items are
   * ordered by {@code orderKey} (unique) and weighted by {@code weight}; items of zero weight
   * are never drawn. The item table is broadcast: keep it to national-reference size.
   */
  static Dataset<Row> pick(Dataset<Row> rows, String uniform, Dataset<Row> items, String orderKey,
      String weight) {
    WindowSpec ordered = Window.orderBy(col(orderKey));
    Column total = sum(col(weight)).over(Window.partitionBy());
    Dataset<Row> intervals = items.where(col(weight).gt(0))
        .withColumn(HI, sum(col(weight)).over(ordered.rowsBetween(Window.unboundedPreceding(),
            Window.currentRow())).divide(total))
        .withColumn(LO, lag(col(HI), 1, 0.0).over(ordered))
        .withColumn(BUCKET, explode(sequence(floor(col(LO).multiply(BUCKETS)).cast("int"),
            least(lit(BUCKETS - 1), floor(col(HI).multiply(BUCKETS)).cast("int")))));
    Dataset<Row> keyed = rows.withColumn(BUCKET,
        floor(col(uniform).multiply(BUCKETS)).cast("int"));
    return keyed.join(broadcast(intervals), keyed.col(BUCKET).equalTo(intervals.col(BUCKET))
            .and(keyed.col(uniform).geq(intervals.col(LO)))
            .and(keyed.col(uniform).lt(intervals.col(HI))))
        .drop(keyed.col(BUCKET)).drop(intervals.col(BUCKET)).drop(LO, HI);
  }
}
