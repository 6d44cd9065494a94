package org.ijcampaign.lab;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;

/**
 * Whether two tables hold the same rows, where a double may differ in floating-point noise:
 * sums and means over other partitions (a cluster against local[*], a redesigned job against
 * the one it replaces) add in another order and differ in the last bits. The loopback test holds
 * the cluster's tables to the local run's with it, and the {@code compare} command any two
 * warehouses (a change that must not change a table, say).
 */
public final class TableComparison {
  /** Doubles are equal within this relative tolerance, plus {@link #ABS_TOL} near zero. */
  public static final double REL_TOL = 1e-9;
  public static final double ABS_TOL = 1e-12;

  /**
   * Rows whose counts differ that are paired one by one on the driver; beyond, the tables are
   * reported different without pairing (noise in the doubles of more rows than this is not
   * told apart from a real change).
   */
  public static final int MAX_DIFFERING = 200_000;

  private static final String SIDE = "_side";
  private static final String IN_A = "_in_a";
  private static final String IN_B = "_in_b";

  private TableComparison() {}

  /** Thrown when the tables differ; its message says how. */
  public static final class Different extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Different(String message) {
      super(message);
    }
  }

  /**
   * "N rows, identical", or "N rows, K differ in floating-point noise only (...)".
   *
   * @throws Different when the schemas, the row counts or any row differ beyond the noise
   */
  public static String compare(String table, Dataset<Row> a, Dataset<Row> b) {
    // First one scan per side, no shuffle: equal fingerprints say the same multiset of rows (up
    // to a hash collision); otherwise compareRows says which rows differ and how much.
    String fa = TableFingerprints.of(a);
    if (fa.equals(TableFingerprints.of(b))) {
      return String.format("%,9d rows, identical", TableFingerprints.rows(fa));
    }
    return compareRows(table, a, b);
  }

  /** The grouped pass of {@link #compare}, for tables whose fingerprints differ. */
  public static String compareRows(String table, Dataset<Row> a, Dataset<Row> b) {
    return compareRows(table, a, b, MAX_DIFFERING);
  }

  static String compareRows(String table, Dataset<Row> a, Dataset<Row> b, int maxDiffering) {
    if (!a.schema().equals(b.schema())) {
      throw new Different(table + ": schema\n  " + a.schema().simpleString() + "\nagainst\n  "
          + b.schema().simpleString());
    }
    // One grouped pass: each distinct row with its count on either side; only the rows whose
    // counts differ come back, and at most maxDiffering + 1 of them (a table whose every row
    // moved, say by a renumbering, must not be gathered whole on the driver).
    String[] columns = a.columns();
    Column[] keys = Arrays.stream(columns).map(functions::col).toArray(Column[]::new);
    List<Row> counted = a.withColumn(SIDE, lit(1)).unionByName(b.withColumn(SIDE, lit(-1)))
        .groupBy(keys)
        .agg(functions.sum(when(col(SIDE).gt(0), 1L).otherwise(0L)).as(IN_A),
            functions.sum(when(col(SIDE).lt(0), 1L).otherwise(0L)).as(IN_B))
        .where(col(IN_A).notEqual(col(IN_B)))
        .limit(maxDiffering + 1)
        .collectAsList();
    List<Row> onlyA = new ArrayList<>();
    List<Row> onlyB = new ArrayList<>();
    for (Row r : counted) {
      long n = r.getLong(columns.length) - r.getLong(columns.length + 1);
      Object[] values = new Object[columns.length];
      for (int i = 0; i < columns.length; i++) {
        values[i] = r.get(i);
      }
      // A row repeated far more often on one side must not be expanded whole either.
      for (long k = 0; k < Math.abs(n) && onlyA.size() + onlyB.size() <= maxDiffering; k++) {
        (n > 0 ? onlyA : onlyB).add(RowFactory.create(values));
      }
    }
    if (counted.size() > maxDiffering || onlyA.size() + onlyB.size() > maxDiffering) {
      throw new Different(table + ": more than " + maxDiffering + " rows differ, e.g.\n  "
          + (onlyA.isEmpty() ? "" : onlyA.get(0) + " (first side)\n  ")
          + (onlyB.isEmpty() ? "" : onlyB.get(0) + " (second side)"));
    }
    if (onlyA.isEmpty() && onlyB.isEmpty()) {
      return String.format("%,9d rows, identical", a.count());
    }
    if (onlyA.size() != onlyB.size()) {
      throw new Different(table + ": " + onlyA.size() + " rows on the first side only, "
          + onlyB.size() + " on the second (row counts " + a.count() + " and " + b.count()
          + ")");
    }
    onlyA.sort(Comparator.comparing(TableComparison::sortKey));
    onlyB.sort(Comparator.comparing(TableComparison::sortKey));
    double[] worst = {0};
    for (int i = 0; i < onlyA.size(); i++) {
      Row x = onlyA.get(i);
      Row y = onlyB.get(i);
      if (!close(x, y, worst)) {
        throw new Different(table + ": the row\n  " + x + "\ndiffers from\n  " + y
            + "\nbeyond " + REL_TOL + " relative");
      }
    }
    return String.format("%,9d rows, %,d differ in floating-point noise only (largest "
        + "relative difference %.1e, values within %.0e of each other aside)", a.count(),
        onlyA.size(), worst[0], ABS_TOL);
  }

  /** The fields of a row or the elements of an array, compared one by one; null otherwise. */
  private static List<?> elements(Object v) {
    if (v instanceof Row r) {
      return scala.collection.JavaConverters.seqAsJavaList(r.toSeq());
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      return scala.collection.JavaConverters.seqAsJavaList(seq);
    }
    return null;
  }

  /** Orders rows by their value with doubles rounded (pairing rows that differ in noise). */
  private static String sortKey(Object v) {
    if (v instanceof Row r) {
      StringBuilder s = new StringBuilder("(");
      for (int i = 0; i < r.length(); i++) {
        s.append(sortKey(r.get(i))).append('|');
      }
      return s.append(')').toString();
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      return sortKey(scala.collection.JavaConverters.seqAsJavaList(seq));
    }
    if (v instanceof List<?> l) {
      return l.stream().map(TableComparison::sortKey).collect(Collectors.joining(",", "[", "]"));
    }
    if (v instanceof Double || v instanceof Float) {
      return String.format("%.6g", ((Number) v).doubleValue());
    }
    return String.valueOf(v);
  }

  /**
   * Equal values, doubles within {@link #REL_TOL}; {@code worst[0]} keeps the largest relative
   * difference seen between doubles more than {@link #ABS_TOL} apart.
   */
  public static boolean close(Object x, Object y, double[] worst) {
    if (x == null || y == null) {
      return x == y;
    }
    List<?> la = elements(x);
    List<?> lb = elements(y);
    if (la != null && lb != null) {
      if (la.size() != lb.size()) {
        return false;
      }
      for (int i = 0; i < la.size(); i++) {
        if (!close(la.get(i), lb.get(i), worst)) {
          return false;
        }
      }
      return true;
    }
    if ((x instanceof Double || x instanceof Float)
        && (y instanceof Double || y instanceof Float)) {
      double a = ((Number) x).doubleValue();
      double b = ((Number) y).doubleValue();
      if (Double.compare(a, b) == 0) {
        return true;
      }
      double diff = Math.abs(a - b);
      double scale = Math.max(Math.abs(a), Math.abs(b));
      // Two values within ABS_TOL (2e-17 against -1e-17, say) are zero both: their relative
      // difference says nothing and would dwarf the others.
      if (diff > ABS_TOL) {
        worst[0] = Math.max(worst[0], diff / scale);
      }
      return diff <= REL_TOL * scale + ABS_TOL;
    }
    return x.equals(y);
  }
}
