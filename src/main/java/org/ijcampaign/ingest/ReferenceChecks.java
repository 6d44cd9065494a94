package org.ijcampaign.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
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
   * Marks rows whose {@code column} is not among {@code acceptedIds} (one column of ids, few
   * enough to broadcast: the physicians) with {@code reason}. The ids named but unknown are
   * found on the ids alone, then joined back ({@link Verdicts}). The patients, millions, go
   * through {@link #unknownIds} for the claims and the links at once.
   */
  public static Dataset<Row> requireKnown(Dataset<Row> rows, String column,
      Dataset<Row> acceptedIds, String reason) {
    return markUnknown(rows, column, unknownIds(List.of(named(rows, column)), acceptedIds,
        true), reason);
  }

  /** The ids in {@code column} of the rows no earlier check failed: those a check must know. */
  public static Dataset<Row> named(Dataset<Row> rows, String column) {
    return rows.where(col(Quarantine.REASON).isNull()).select(col(column));
  }

  /**
   * The ids of {@code named} (one-column datasets, several files' references to one file) that
   * are not among {@code acceptedIds}, kept ({@link Verdicts#keep}). Two files that name the
   * same reference file are checked in one pass over its ids rather than one pass each.
   *
   * @param small true when the accepted ids are few enough to broadcast (physicians)
   */
  public static Dataset<Row> unknownIds(List<Dataset<Row>> named, Dataset<Row> acceptedIds,
      boolean small) {
    Dataset<Row> ids = acceptedIds.toDF("_id");
    Dataset<Row> all = named.get(0).toDF("_id");
    for (Dataset<Row> n : named.subList(1, named.size())) {
      all = all.unionByName(n.toDF("_id"));
    }
    Dataset<Row> unknown;
    if (small) {
      Dataset<Row> distinct = all.distinct();
      unknown = distinct.join(broadcast(ids), distinct.col("_id").equalTo(ids.col("_id")),
          "left_anti");
    } else {
      // Both sides are millions of ids (patients): every id named meets the accepted ones in
      // an anti join, which adaptive execution makes a hash join when the accepted side's
      // partitions fit (spark.sql.adaptive.maxShuffledHashJoinLocalMapThreshold), and only the
      // few unknown are made distinct. A grouping of both sides' ids, each flagged by its side,
      // spent a hash map insertion on every id twice (docs/benchmarks.md, "Ninth pass").
      Dataset<Row> known = ids.toDF("_known_id");
      unknown = all.join(known, all.col("_id").equalTo(known.col("_known_id")), "left_anti")
          .distinct();
    }
    return Verdicts.keep(unknown.select(col("_id").as("_unknown_id"), lit(true).as("_unknown")));
  }

  /**
   * Marks with {@code reason} the rows no earlier check failed whose {@code column} is among
   * {@code unknownIds} ({@link #unknownIds}); a row already failed keeps its reason.
   */
  public static Dataset<Row> markUnknown(Dataset<Row> rows, String column,
      Dataset<Row> unknownIds, String reason) {
    // Joined as kept: a column added to the set here would hide its broadcast hint.
    Dataset<Row> joined = rows.join(unknownIds, rows.col(column).equalTo(col("_unknown_id")),
        "left");
    Column unknown = col(Quarantine.REASON).isNull().and(col("_unknown").isNotNull());
    return joined
        .withColumn(Quarantine.DETAIL, when(unknown, concat(lit("column " + column + ": '"),
            col(column), lit("' is not in the accepted rows of its reference file")))
            .otherwise(col(Quarantine.DETAIL)))
        .withColumn(Quarantine.REASON, coalesce(col(Quarantine.REASON),
            when(unknown, lit(reason))))
        .drop("_unknown_id", "_unknown");
  }
}
