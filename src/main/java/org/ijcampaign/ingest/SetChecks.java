package org.ijcampaign.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.shiftleft;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
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

  /** Bits of a row's position that hold its line; the bits above hold its file's rank. */
  private static final int LINE_BITS = 40;

  /**
   * @param key the key columns; empty means the whole row is the key ({@code duplicate_row})
   * @param sourceFiles every source file of {@code rows}, in any order
   */
  public static Dataset<Row> duplicates(Dataset<Row> rows, List<String> key,
      Collection<String> sourceFiles) {
    List<Column> keys = keyColumns(rows, key);
    String keyName = String.join("_", key);
    String dup = key.isEmpty() ? Quarantine.DUPLICATE_ROW : Quarantine.duplicateOf(keyName);
    String conflict = Quarantine.conflictingOf(keyName);
    // Rows already quarantined take no part.
    Column passed = col(Quarantine.REASON).isNull();
    // The repeated keys, found on the key, two hashes of the fields and the position alone:
    // rows of one key whose hashes all agree are identical (a 96-bit hash pair; equal hashes of
    // different texts are not expected in the life of the project), and the first position in
    // file-name then line order is the row kept. The position is one number (the file's rank in
    // Spark's string order, then the line) so that every aggregate is a fixed-width one: a
    // minimum over a (file, line) pair made Spark sort all the rows.
    List<String> order = sourceFiles.stream().distinct()
        .sorted(Comparator.comparing(UTF8String::fromString)).toList();
    Column names = array(order.isEmpty() ? new Column[] {lit("")}
        : order.stream().map(functions::lit).toArray(Column[]::new));
    // Also with one file: a row from a file not given would otherwise pass for its first line.
    Column rank = array_position(names, col(Quarantine.SOURCE_FILE)).minus(1);
    Column pos = when(rank.lt(0), raise_error(concat(lit("source file '"),
            col(Quarantine.SOURCE_FILE), lit("' is not among the files given: " + order))))
        .otherwise(shiftleft(rank.cast(DataTypes.LongType), LINE_BITS)
            .plus(col(Quarantine.SOURCE_LINE)));
    List<Column> groupCols = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      groupCols.add(keys.get(i).as("_k" + i));
    }
    // Summed over each key's rows in a window, not a grouping: the keys are nearly all unique,
    // so a grouping's map-side pass reduces nothing and its hash maps cost a cache miss a row,
    // where the window sorts each partition once (docs/benchmarks.md, "Ninth pass"). The
    // first row of a repeated key (positions are unique) stands for it. A key repeated
    // millions of times (a hostile zone) is one task's frame, spilled: slower, still exact.
    WindowSpec byKey = Window.partitionBy(keyCols(keys.size()).toArray(new Column[0]));
    Dataset<Row> repeated = Verdicts.keep(rows.where(passed)
        .select(concatCols(groupCols, List.of(col(RowChecks.FIELDS_HASH).as("_h1"),
            col(RowChecks.FIELDS_HASH2).as("_h2"),
            pos.as("_pos"))))
        .select(concatCols(keyCols(keys.size()), List.of(col("_pos"),
            count(lit(1)).over(byKey).as("_n"), min("_h1").over(byKey).as("_lo1"),
            max("_h1").over(byKey).as("_hi1"), min("_h2").over(byKey).as("_lo2"),
            max("_h2").over(byKey).as("_hi2"), min("_pos").over(byKey).as("_first"))))
        .where(col("_n").gt(1).and(col("_pos").equalTo(col("_first"))))
        .select(concatCols(keyCols(keys.size()), List.of(
            col("_lo1").notEqual(col("_hi1")).or(col("_lo2").notEqual(col("_hi2")))
                .as("_conflicting"),
            element_at(names, shiftright(col("_first"), LINE_BITS).cast(DataTypes.IntegerType)
                .plus(1)).as("_first_file"),
            col("_first").bitwiseAND(lit((1L << LINE_BITS) - 1)).as("_first_line")))));
    Column on = passed;
    for (int i = 0; i < keys.size(); i++) {
      on = on.and(keys.get(i).equalTo(repeated.col("_k" + i)));
    }
    Dataset<Row> w = rows.join(repeated, on, "left");
    Column conflicting = passed.and(col("_conflicting").equalTo(lit(true)));
    Column repeat = passed.and(col("_conflicting").equalTo(lit(false)))
        .and(not(col(Quarantine.SOURCE_FILE).equalTo(col("_first_file"))
            .and(col(Quarantine.SOURCE_LINE).equalTo(col("_first_line")))));
    String what = key.isEmpty() ? "the same row" : "the same " + keyName;
    List<String> drop = new ArrayList<>(List.of("_conflicting", "_first_file", "_first_line"));
    for (int i = 0; i < keys.size(); i++) {
      drop.add("_k" + i);
    }
    return w
        .withColumn(Quarantine.DETAIL,
            when(conflicting, lit("other rows carry " + what + " with different fields"))
                .when(repeat, concat(lit("repeats " + what + " of "),
                    col("_first_file"), lit(" line "), col("_first_line").cast("string")))
                .otherwise(col(Quarantine.DETAIL)))
        .withColumn(Quarantine.REASON, coalesce(col(Quarantine.REASON),
            when(conflicting, lit(conflict)).when(repeat, lit(dup))))
        .drop(drop.toArray(new String[0]));
  }

  /**
   * The key's columns of {@code rows}. A whole-row key is the row's two hashes rather than its
   * text: the same 96 bits that already tell identical rows from conflicting ones.
   */
  private static List<Column> keyColumns(Dataset<Row> rows, List<String> key) {
    if (key.isEmpty()) {
      return List.of(rows.col(RowChecks.FIELDS_HASH), rows.col(RowChecks.FIELDS_HASH2));
    }
    return key.stream().map(rows::col).toList();
  }

  private static List<Column> keyCols(int n) {
    List<Column> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(col("_k" + i));
    }
    return out;
  }

  private static Column[] concatCols(List<Column> a, List<Column> b) {
    List<Column> all = new ArrayList<>(a);
    all.addAll(b);
    return all.toArray(new Column[0]);
  }

  /**
   * Quarantines reversals of unknown claims and flags the claims that accepted reversals cancel
   * ({@link #REVERSED}). A claim and its reversals share a family key (the claim id a row
   * reverses, else its own). The families whose reversals name an accepted claim are found on
   * the ids alone, then joined back: a reversal outside them names no accepted claim, a claim
   * inside them is reversed.
   */
  public static Dataset<Row> reversals(Dataset<Row> claims) {
    Column isReversal = col(Claims.REVERSAL_OF).isNotNull();
    Column passed = col(Quarantine.REASON).isNull();
    // The claims named by reversals are few: kept, they are broadcast to the originals, which
    // are then filtered where they lie instead of being shuffled to meet them.
    Dataset<Row> targets = Verdicts.keep(claims.where(passed.and(isReversal))
        .select(col(Claims.REVERSAL_OF).as("_target")).distinct());
    Dataset<Row> originals = claims.where(passed.and(not(isReversal)))
        .select(col(Claims.CLAIM_ID).as("_family"));
    Dataset<Row> reversedFamilies = Verdicts.keep(originals
        .join(targets, originals.col("_family").equalTo(targets.col("_target")), "left_semi")
        // Unique already when the duplicate check ran first; a repeated family would otherwise
        // double its claims in the join back. A few rows: the distinct costs nothing.
        .distinct()
        .select(col("_family").as("_reversed_family"), lit(true).as("_reversed")));
    Dataset<Row> joined = claims.join(reversedFamilies,
        coalesce(claims.col(Claims.REVERSAL_OF), claims.col(Claims.CLAIM_ID))
            .equalTo(reversedFamilies.col("_reversed_family")), "left");
    Column known = col("_reversed").isNotNull();
    Column unknown = passed.and(isReversal).and(not(known));
    return joined
        .withColumn(Quarantine.DETAIL, when(unknown, concat(lit("column reversal_of: '"),
            col(Claims.REVERSAL_OF),
            lit("' names no accepted claim that is not itself a reversal")))
            .otherwise(col(Quarantine.DETAIL)))
        .withColumn(Quarantine.REASON, coalesce(col(Quarantine.REASON),
            when(unknown, lit(Quarantine.REVERSAL_OF_UNKNOWN_CLAIM))))
        // A family in the set has an accepted original and a reversal naming it.
        .withColumn(REVERSED, not(isReversal).and(known))
        .drop("_reversed_family", "_reversed");
  }
}
