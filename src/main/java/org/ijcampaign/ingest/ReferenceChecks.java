package org.ijcampaign.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
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
   * {@code reason}. The ids named but unknown are found on the ids alone, then joined back
   * ({@link Verdicts}).
   *
   * @param small true when the accepted ids are few enough to broadcast (physicians)
   */
  public static Dataset<Row> requireKnown(Dataset<Row> rows, String column,
      Dataset<Row> acceptedIds, String reason, boolean small) {
    String flag = "_unknown_" + column;
    Dataset<Row> ids = acceptedIds.toDF("_id");
    Dataset<Row> passed = rows.where(col(Quarantine.REASON).isNull());
    Dataset<Row> unknownNamed;
    if (small) {
      Dataset<Row> named = passed.select(col(column).as("_id")).distinct();
      unknownNamed = named.join(broadcast(ids), named.col("_id").equalTo(ids.col("_id")),
          "left_anti");
    } else {
      // Both sides are millions of ids (patients): one hashed aggregation over the ids named
      // and the ids accepted, each flagged by its side, where a distinct then an anti join
      // sorted both sides to merge them.
      unknownNamed = passed.select(col(column).as("_id"), lit(true).as("_named"),
              lit(false).as("_known"))
          .unionByName(ids.select(col("_id"), lit(false).as("_named"), lit(true).as("_known")))
          .groupBy("_id").agg(max("_named").as("_named"), max("_known").as("_known"))
          .where(col("_named").and(not(col("_known"))));
    }
    Dataset<Row> unknownIds = Verdicts.keep(unknownNamed
        .select(col("_id").as("_unknown_id"), lit(true).as(flag)));
    Dataset<Row> joined = rows.join(unknownIds,
        rows.col(column).equalTo(unknownIds.col("_unknown_id")), "left");
    Column unknown = col(Quarantine.REASON).isNull().and(col(flag).isNotNull());
    return joined
        .withColumn(Quarantine.DETAIL, when(unknown, concat(lit("column " + column + ": '"),
            col(column), lit("' is not in the accepted rows of its reference file")))
            .otherwise(col(Quarantine.DETAIL)))
        .withColumn(Quarantine.REASON, coalesce(col(Quarantine.REASON),
            when(unknown, lit(reason))))
        .drop("_unknown_id", flag);
  }
}
