package org.ijcampaign.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.schema.Quarantine;

/**
 * Stage 5: a row that names an entity of another file must name one that was accepted from that
 * file. Applied only to rows that passed the row checks; the reason of a row already failed is
 * kept.
 */
public final class ReferenceChecks {
  private ReferenceChecks() {}

  /**
   * Marks rows whose {@code column} is not among {@code acceptedIds} (one column of ids) with
   * {@code reason}.
   *
   * @param small true when the accepted ids are few enough to broadcast (physicians)
   */
  public static Dataset<Row> requireKnown(Dataset<Row> rows, String column,
      Dataset<Row> acceptedIds, String reason, boolean small) {
    String flag = "_known_" + column;
    Dataset<Row> ids = acceptedIds.toDF("_id").distinct().withColumn(flag, lit(true));
    Dataset<Row> joined = rows.join(small ? broadcast(ids) : ids,
        rows.col(column).equalTo(ids.col("_id")), "left");
    Column unknown = col(Quarantine.REASON).isNull().and(col(flag).isNull());
    return joined
        .withColumn(Quarantine.DETAIL, when(unknown, concat(lit("column " + column + ": '"),
            col(column), lit("' is not in the accepted rows of its reference file")))
            .otherwise(col(Quarantine.DETAIL)))
        .withColumn(Quarantine.REASON, coalesce(col(Quarantine.REASON),
            when(unknown, lit(reason))))
        .drop("_id", flag);
  }
}
