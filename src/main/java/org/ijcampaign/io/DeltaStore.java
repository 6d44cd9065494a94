package org.ijcampaign.io;

import io.delta.tables.DeltaTable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The project's only access to the warehouse: path-based Delta tables under one root.
 * Writes are idempotent by construction: a job replaces the whole table or its own slice
 * (one partition value), never appends what it already wrote, except the append-only
 * {@code runs} log. Records the versions read and written for the runs table.
 */
public final class DeltaStore {
  private final SparkSession spark;
  private final String warehouse;
  private final Map<String, Long> read = new LinkedHashMap<>();
  private final Map<String, Long> written = new LinkedHashMap<>();

  public DeltaStore(SparkSession spark, String warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
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
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  /** The current version of a table; recorded as read. */
  public Dataset<Row> read(String table) {
    if (!exists(table)) {
      throw new IllegalStateException("table " + table + " does not exist under " + warehouse
          + ": run the job that writes it first");
    }
    read.put(table, version(table));
    return spark.read().format("delta").load(path(table));
  }

  public long version(String table) {
    return DeltaTable.forPath(spark, path(table)).history(1)
        .select("version").head().getLong(0);
  }

  /** Replaces the whole table. */
  public long overwrite(Dataset<Row> df, String table, String... partitionColumns) {
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
    String predicate = column + " = '" + value.replace("'", "''") + "'";
    if (!exists(table)) {
      df.write().format("delta").mode(SaveMode.ErrorIfExists).partitionBy(partitionColumns)
          .save(path(table));
    } else {
      df.write().format("delta").mode(SaveMode.Overwrite).option("replaceWhere", predicate)
          .save(path(table));
    }
    return recordWrite(table);
  }

  /** Appends; only for logs whose rows are new by construction (the runs table). */
  public long append(Dataset<Row> df, String table) {
    df.write().format("delta").mode(SaveMode.Append).save(path(table));
    return recordWrite(table);
  }

  private long recordWrite(String table) {
    long v = version(table);
    written.put(table, v);
    return v;
  }

  public Map<String, Long> tablesRead() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(read));
  }

  public Map<String, Long> tablesWritten() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(written));
  }
}
