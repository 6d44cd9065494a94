package org.ijcampaign.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.Quarantine;

/**
 * Stages 6 and 7: checks that need other rows of the same file, judged among the rows that
 * passed every row check. Identical repeats of a key keep their first occurrence (file-name
 * order, then line); rows sharing a key with different fields are all quarantined, since no
 * rule says which one is right. A reversal must name an accepted claim that is not itself a
 * reversal.
 */
public final class SetChecks {
  /** Claims named by an accepted reversal: kept in claims_clean, counted for nothing. */
  public static final String REVERSED = "reversed";

  private SetChecks() {}

  /**
   * @param key the key columns; empty means the whole row is the key ({@code duplicate_row})
   */
  public static Dataset<Row> duplicates(Dataset<Row> rows, List<String> key) {
    Column[] keyCols = key.isEmpty() ? new Column[] {col(RowChecks.FIELDS_TEXT)}
        : key.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    String keyName = String.join("_", key);
    String dup = key.isEmpty() ? Quarantine.DUPLICATE_ROW : Quarantine.duplicateOf(keyName);
    String conflict = Quarantine.conflictingOf(keyName);
    // Rows already quarantined take no part: they sit in their own partition of the window.
    Column passed = col(Quarantine.REASON).isNull();
    // The key is a column, not an expression: both windows then share one shuffle and sort.
    WindowSpec byKey = Window.partitionBy(col("_key"))
        .orderBy(col(Quarantine.SOURCE_FILE), col(Quarantine.SOURCE_LINE));
    WindowSpec whole = Window.partitionBy(col("_key"));
    Dataset<Row> w = rows
        .withColumn("_key", concatKey(keyCols, passed))
        .withColumn("_rn", row_number().over(byKey))
        .withColumn("_lo", min(col(RowChecks.FIELDS_TEXT)).over(whole))
        .withColumn("_hi", max(col(RowChecks.FIELDS_TEXT)).over(whole))
        .withColumn("_first_file", first(col(Quarantine.SOURCE_FILE)).over(byKey))
        .withColumn("_first_line", first(col(Quarantine.SOURCE_LINE)).over(byKey));
    Column conflicting = passed.and(col("_lo").notEqual(col("_hi")));
    Column repeated = passed.and(col("_lo").equalTo(col("_hi"))).and(col("_rn").gt(1));
    String what = key.isEmpty() ? "the same row" : "the same " + keyName;
    return w
        .withColumn(Quarantine.DETAIL,
            when(conflicting, lit("other rows carry " + what + " with different fields"))
                .when(repeated, concat(lit("repeats " + what + " of "),
                    col("_first_file"), lit(" line "), col("_first_line").cast("string")))
                .otherwise(col(Quarantine.DETAIL)))
        .withColumn(Quarantine.REASON, coalesce(col(Quarantine.REASON),
            when(conflicting, lit(conflict)).when(repeated, lit(dup))))
        .drop("_key", "_rn", "_lo", "_hi", "_first_file", "_first_line");
  }

  private static Column concatKey(Column[] keyCols, Column passed) {
    Column[] parts = new Column[keyCols.length + 1];
    parts[0] = passed;
    System.arraycopy(keyCols, 0, parts, 1, keyCols.length);
    return org.apache.spark.sql.functions.struct(parts);
  }

  /**
   * Quarantines reversals of unknown claims and flags the claims that accepted reversals cancel
   * ({@link #REVERSED}). A claim and its reversals share a family key (the claim id a row
   * reverses, else its own), so one window over families answers both questions without a
   * self-join, which would read a national claims file three times.
   */
  public static Dataset<Row> reversals(Dataset<Row> claims) {
    Column isReversal = col(Claims.REVERSAL_OF).isNotNull();
    WindowSpec family = Window.partitionBy(col("_family"));
    Column originalAccepted = max(when(col(Quarantine.REASON).isNull().and(not(isReversal)),
        lit(true))).over(family);
    Column unknown = col(Quarantine.REASON).isNull().and(isReversal)
        .and(col("_orig").isNull());
    return claims
        .withColumn("_family", coalesce(col(Claims.REVERSAL_OF), col(Claims.CLAIM_ID)))
        .withColumn("_orig", originalAccepted)
        .withColumn(Quarantine.DETAIL, when(unknown, concat(lit("column reversal_of: '"),
            col(Claims.REVERSAL_OF),
            lit("' names no accepted claim that is not itself a reversal")))
            .otherwise(col(Quarantine.DETAIL)))
        .withColumn(Quarantine.REASON, coalesce(col(Quarantine.REASON),
            when(unknown, lit(Quarantine.REVERSAL_OF_UNKNOWN_CLAIM))))
        // Reversals still accepted here name an accepted original of their family.
        .withColumn(REVERSED, not(isReversal).and(coalesce(max(when(
            col(Quarantine.REASON).isNull().and(isReversal), lit(true))).over(family),
            lit(false))))
        .drop("_family", "_orig");
  }
}
