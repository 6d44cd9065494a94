package org.ijcampaign.io;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.CommitInfo;
import org.ijcampaign.schema.TableSchema;
import org.ijcampaign.schema.TableSchemas;

/**
 * The project's only access to the warehouse: path-based Delta tables under one root.
 * Writes are idempotent by construction: a job replaces the whole table or its own slice
 * (one partition value), never appends what it already wrote, except the append-only
 * {@code runs} log. Records the versions read and written for the runs table.
 */
public final class DeltaStore {
  private final SparkSession spark;
  private final String warehouse;
  // Synchronised: ingestion checks two files at once, each thread reading and writing tables.
  private final Map<String, Long> read = java.util.Collections.synchronizedMap(
      new LinkedHashMap<>());
  private final Map<String, Long> written = java.util.Collections.synchronizedMap(
      new LinkedHashMap<>());
  private final DeltaStore fallback;
  /** The folder of the jobs' intermediate files under the warehouse ({@link #scratch}). */
  public static final String SCRATCH = "_scratch";

  public DeltaStore(SparkSession spark, String warehouse) {
    this(spark, warehouse, null);
  }

  /**
   * A store that reads the tables it does not hold from {@code fallback}: a what-if run (the
   * replacement rule off, say) writes its own tables beside the ingested ones of another
   * warehouse without copying them.
   */
  public DeltaStore(SparkSession spark, String warehouse, DeltaStore fallback) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.fallback = fallback;
  }

  public SparkSession spark() {
    return spark;
  }

  public String warehouse() {
    return warehouse;
  }

  public String path(String table) {
    return new Path(warehouse, table).toString();
  }

  public boolean exists(String table) {
    try {
      Path log = new Path(path(table), "_delta_log");
      return log.getFileSystem(hadoop()).exists(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The current version of a table; recorded as read. */
  public Dataset<Row> read(String table) {
    if (!exists(table) && fallback != null && fallback.exists(table)) {
      return fallback.read(table);
    }
    if (!exists(table)) {
      throw new IllegalStateException("table " + table + " does not exist under " + warehouse
          + ": run the job that writes it first");
    }
    read.put(table, version(table));
    return spark.read().format("delta").load(path(table));
  }

  /**
   * The latest committed version: the highest {@code N.json} of the table's log. Listing the
   * log is far cheaper than a history query, and a commit file is only cleaned up long after
   * newer ones exist.
   */
  public long version(String table) {
    try {
      Path log = new Path(path(table), "_delta_log");
      long v = -1;
      for (FileStatus f : log.getFileSystem(hadoop()).listStatus(log)) {
        String n = f.getPath().getName();
        if (n.matches("\\d{20}\\.json")) {
          v = Math.max(v, Long.parseLong(n.substring(0, 20)));
        }
      }
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Configuration hadoop() {
    return spark.sparkContext().hadoopConfiguration();
  }

  /**
   * A folder for a job's intermediate files, under the warehouse's {@code _scratch} (never a
   * table: it holds no Delta log). The job deletes it when done; a run that dies leaves it to
   * be replaced by the next.
   */
  public String scratch(String name) {
    return new Path(new Path(warehouse, SCRATCH), name).toString();
  }

  /** Deletes a scratch folder and its files. */
  public void dropScratch(String name) {
    try {
      Path p = new Path(scratch(name));
      p.getFileSystem(hadoop()).delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces the whole table. */
  public long overwrite(Dataset<Row> df, String table, String... partitionColumns) {
    df = conform(df, table, partitionColumns);
    if (create(df, table, partitionColumns)) {
      return recordWrite(table);
    }
    alignProperties(table);
    df.write().format("delta").mode(SaveMode.Overwrite)
        .option("overwriteSchema", "true")
        .partitionBy(partitionColumns).save(path(table));
    return recordWrite(table);
  }

  /**
   * Replaces the rows of one slice ({@code column = value}) in one atomic commit, creating the
   * table on first use. Every row of {@code df} must belong to the slice.
   */
  public long replaceSlice(Dataset<Row> df, String table, String column, String value,
      String... partitionColumns) {
    return replaceSlices(df, table, column, java.util.List.of(value), partitionColumns);
  }

  /**
   * Replaces several slices ({@code column IN values}) in one atomic commit, creating the table
   * on first use. Every row of {@code df} must belong to one of the slices.
   */
  public long replaceSlices(Dataset<Row> df, String table, String column,
      java.util.Collection<String> values, String... partitionColumns) {
    String predicate = column + " IN (" + String.join(", ", values.stream()
        .map(v -> "'" + v.replace("'", "''") + "'").toList()) + ")";
    df = conform(df, table, partitionColumns);
    if (create(df, table, partitionColumns)) {
      return recordWrite(table);
    }
    if (!exists(table)) {
      df.write().format("delta").mode(SaveMode.ErrorIfExists).partitionBy(partitionColumns)
          .save(path(table));
    } else {
      alignProperties(table);
      // New columns of a later version join the table (old rows read them as null); a
      // column's type never changes silently: Delta refuses that even with mergeSchema.
      df.write().format("delta").mode(SaveMode.Overwrite).option("replaceWhere", predicate)
          .option("mergeSchema", "true").save(path(table));
    }
    return recordWrite(table);
  }

  /** Appends; only for logs whose rows are new by construction (the runs table). */
  public long append(Dataset<Row> df, String table) {
    df = conform(df, table);
    if (create(df, table)) {
      return recordWrite(table);
    }
    df.write().format("delta").mode(SaveMode.Append).save(path(table));
    return recordWrite(table);
  }

  /**
   * The rows to write in the table's declared schema ({@link TableSchemas}): its columns in
   * their order, each with its meaning as the Delta column comment. A missing or unknown
   * column, or a type other than the declared one, is a programming error caught here rather
   * than a table that silently drifts from its documentation. An untyped null column (a
   * literal null) takes the declared type.
   */
  static Dataset<Row> conform(Dataset<Row> df, String table, String... partitionColumns) {
    Optional<TableSchema> declared = TableSchemas.of(table);
    if (declared.isEmpty()) {
      // Not one of the warehouse's tables (TablesDocTest checks that each has a declaration).
      return df;
    }
    TableSchema t = declared.get();
    Map<String, DataType> actual = new LinkedHashMap<>();
    for (StructField f : df.schema().fields()) {
      actual.put(f.name(), f.dataType());
    }
    java.util.List<String> problems = new java.util.ArrayList<>();
    if (!t.partitionColumns().equals(java.util.List.of(partitionColumns))) {
      problems.add("partitioned by " + java.util.List.of(partitionColumns) + ", declared "
          + t.partitionColumns());
    }
    for (String c : actual.keySet()) {
      if (!t.columnNames().contains(c)) {
        problems.add("unknown column " + c);
      }
    }
    java.util.List<Column> out = new java.util.ArrayList<>();
    for (TableSchema.Column c : t.columns()) {
      DataType a = actual.get(c.name());
      if (a == null) {
        problems.add("missing column " + c.name());
        continue;
      }
      Column v = col(c.name());
      if (a instanceof NullType) {
        v = v.cast(c.type());
      } else if (!a.catalogString().equals(c.type().catalogString())) {
        problems.add("column " + c.name() + " is " + a.catalogString() + ", declared "
            + c.type().catalogString());
      }
      out.add(v.as(c.name(), TableSchema.comment(c.meaning())));
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("rows written to table " + table
          + " do not match its declared schema (schema/TableSchemas): "
          + String.join("; ", problems));
    }
    return df.select(out.toArray(new Column[0]));
  }

  /**
   * Creates a declared table that does not exist yet with its first rows, its description and
   * its column comments, in one commit: Delta takes a table's description only at creation,
   * which a DataFrame write cannot set. False when the table exists or is not declared.
   */
  private boolean create(Dataset<Row> df, String table, String... partitionColumns) {
    Optional<TableSchema> declared = TableSchemas.of(table);
    if (declared.isEmpty() || (exists(table) && version(table) >= 0)) {
      return false;
    }
    try {
      // A table folder without a commit in its log holds no committed rows: the files of a run
      // killed while creating it, which Delta would refuse to create the table over (and an
      // empty log, which a plain write would turn into a table without its description).
      Path folder = new Path(path(table));
      folder.getFileSystem(hadoop()).delete(folder, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String view = "ij_new_" + table + "_" + java.util.UUID.randomUUID().toString()
        .replace("-", "");
    df.createOrReplaceTempView(view);
    try {
      String partitions = partitionColumns.length == 0 ? "" : " PARTITIONED BY ("
          + String.join(", ", java.util.Arrays.stream(partitionColumns)
              .map(c -> "`" + c + "`").toList()) + ")";
      spark.sql("CREATE TABLE " + sqlName(table) + " USING delta"
          + partitions + " COMMENT '" + sqlText(declared.get().description()) + "'"
          + tblProperties(declared.get().properties()) + " AS SELECT * FROM " + view);
    } finally {
      spark.catalog().dropTempView(view);
    }
    return true;
  }

  /**
   * Sets the declared Delta properties a table created by an earlier version lacks (one
   * metadata commit, once), so that a warehouse keeps up with its declarations without being
   * created again. Properties it has that are not declared are left alone.
   */
  private void alignProperties(String table) {
    Optional<TableSchema> declared = TableSchemas.of(table);
    if (declared.isEmpty() || declared.get().properties().isEmpty()) {
      return;
    }
    String target = sqlName(table);
    Map<String, String> have = new LinkedHashMap<>();
    for (Row r : spark.sql("SHOW TBLPROPERTIES " + target).collectAsList()) {
      have.put(r.getString(0), r.getString(1));
    }
    Map<String, String> missing = new LinkedHashMap<>();
    declared.get().properties().forEach((k, v) -> {
      if (!v.equals(have.get(k))) {
        missing.put(k, v);
      }
    });
    if (!missing.isEmpty()) {
      spark.sql("ALTER TABLE " + target + " SET" + tblProperties(missing));
    }
  }

  /**
   * The table as SQL names it, delta.`path`: SQL takes that for a path only when it is absolute
   * ("warehouse" by default is not), so the path is qualified first.
   */
  private String sqlName(String table) {
    try {
      Path folder = new Path(path(table));
      return "delta.`" + folder.getFileSystem(hadoop()).makeQualified(folder).toString()
          .replace("`", "``") + "`";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tblProperties(Map<String, String> properties) {
    if (properties.isEmpty()) {
      return "";
    }
    return " TBLPROPERTIES (" + String.join(", ", properties.entrySet().stream()
        .map(e -> "'" + sqlText(e.getKey()) + "' = '" + sqlText(e.getValue()) + "'").toList())
        + ")";
  }

  /** Text inside a single-quoted SQL literal. */
  private static String sqlText(String text) {
    return text.replace("\\", "\\\\").replace("'", "\\'");
  }

  /**
   * The rows a table holds after an overwrite committed as {@code version}, as Delta recorded
   * them in that commit ({@code numOutputRows}, read from the log, no scan of the table); empty
   * when the commit carries no row count (operation metrics turned off with
   * {@code spark.databricks.delta.history.metricsEnabled}): the caller then counts the table.
   */
  public java.util.OptionalLong rowsOverwritten(String table, long version) {
    // Delta's own reader of its log: the commit file is parsed on the driver, no Spark job.
    scala.collection.Iterator<scala.Tuple2<Object, scala.collection.Seq<Action>>> changes =
        DeltaLog.forTable(spark, path(table)).getChanges(version, version, false);
    while (changes.hasNext()) {
      for (Action a : scala.collection.JavaConverters.seqAsJavaList(changes.next()._2())) {
        if (a instanceof CommitInfo info && info.operationMetrics().isDefined()) {
          scala.Option<String> rows = info.operationMetrics().get().get("numOutputRows");
          if (rows.isDefined()) {
            return java.util.OptionalLong.of(Long.parseLong(rows.get()));
          }
        }
      }
    }
    return java.util.OptionalLong.empty();
  }

  private long recordWrite(String table) {
    long v = version(table);
    written.put(table, v);
    return v;
  }

  public Map<String, Long> tablesRead() {
    synchronized (read) {
      return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(read));
    }
  }

  public Map<String, Long> tablesWritten() {
    synchronized (written) {
      return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(written));
    }
  }
}
