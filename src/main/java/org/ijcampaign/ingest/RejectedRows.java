package org.ijcampaign.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.AccumulatorV2;
import org.ijcampaign.schema.Quarantine;

/**
 * A file's rejected rows, in the quarantine's columns, gathered while its accepted rows are
 * written. That write already reads every checked row of the scratch copy and marks it through
 * every verdict; the rows it leaves out are collected on the way, so that the quarantine need
 * not read the scratch copies and join the verdicts a second time. At most {@code cap} rows: a
 * file with more (a hostile zone, every line a duplicate) is marked overflowed and its rejected
 * rows are read back from its scratch copy as before, slower and as complete.
 *
 * <p>An accumulator updated in a write, not in an action's own function: a task run twice (a
 * retry, a speculative copy) adds its rows twice, so the rows are kept once per source file and
 * line ({@link #rows}).
 */
final class RejectedRows extends AccumulatorV2<Row, List<Row>> {
  private static final long serialVersionUID = 1L;

  private final int cap;
  private final ArrayList<Row> rows = new ArrayList<>();
  private boolean overflowed;

  RejectedRows(int cap) {
    this.cap = cap;
  }

  /** A collector registered with the session's context, so that tasks send it their rows. */
  static RejectedRows register(SparkSession spark, String name, int cap) {
    RejectedRows acc = new RejectedRows(cap);
    spark.sparkContext().register(acc, name);
    return acc;
  }

  /**
   * The rows of {@code checked} to write (those without a reason); every other row is handed
   * to this collector as it is passed over. The collecting call is a function of Spark's
   * (a UDF), on the right of an {@code OR}: generated code evaluates it only for rejected rows.
   * The landing file, the same on every row of {@code checked}, is given rather than read, so
   * that the write does not read that column of every row.
   */
  Dataset<Row> accepted(Dataset<Row> checked, String landingFile) {
    RejectedRows self = this;
    UserDefinedFunction collect = udf((UDF1<Row, Boolean>) r -> {
      self.add(r);
      return false;
    }, DataTypes.BooleanType).asNondeterministic();
    Column rejected = struct(Arrays.stream(Ingestion.QUARANTINE_SCHEMA.fieldNames())
        .map(c -> c.equals(RawLines.LANDING_FILE) ? lit(landingFile).as(c) : col(c))
        .toArray(Column[]::new));
    return checked.where(col(Quarantine.REASON).isNull().or(collect.apply(rejected)));
  }

  /** True when more rows than the cap were rejected: they must be read again. */
  boolean overflowed() {
    return overflowed;
  }

  /**
   * The rows gathered, once per (source file, line), in the quarantine's schema; call after
   * the write, and only when not {@link #overflowed}.
   */
  Dataset<Row> rows(SparkSession spark) {
    if (overflowed) {
      throw new IllegalStateException("more than " + cap + " rejected rows: read them again");
    }
    Map<String, Row> once = new TreeMap<>();
    for (Row r : rows) {
      once.putIfAbsent(r.getAs(Quarantine.SOURCE_FILE) + "\n" + r.getAs(Quarantine.SOURCE_LINE),
          r);
    }
    return spark.createDataFrame(new ArrayList<>(once.values()), Ingestion.QUARANTINE_SCHEMA);
  }

  @Override
  public boolean isZero() {
    return rows.isEmpty() && !overflowed;
  }

  @Override
  public RejectedRows copy() {
    RejectedRows c = new RejectedRows(cap);
    c.rows.addAll(rows);
    c.overflowed = overflowed;
    return c;
  }

  @Override
  public void reset() {
    rows.clear();
    overflowed = false;
  }

  @Override
  public void add(Row r) {
    if (overflowed) {
      return;
    }
    if (rows.size() >= cap) {
      overflow();
      return;
    }
    rows.add(r);
  }

  @Override
  public void merge(AccumulatorV2<Row, List<Row>> other) {
    RejectedRows o = (RejectedRows) other;
    if (o.overflowed) {
      overflow();
    }
    for (Row r : o.rows) {
      add(r);
    }
  }

  /** Past the cap the rows kept are of no use (they will be read again): dropped. */
  private void overflow() {
    overflowed = true;
    rows.clear();
    rows.trimToSize();
  }

  @Override
  public List<Row> value() {
    return Collections.unmodifiableList(rows);
  }
}
