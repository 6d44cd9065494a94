package org.ijcampaign.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One Delta table as analysts see it: its name, what a row is, how it is partitioned, and each
 * column's type and meaning. The warehouse writes every table through its schema (column order,
 * types, and the meanings as Delta column comments), and {@code docs/tables.md} is generated
 * from the same declarations ({@link TablesDoc}).
 */
public record TableSchema(String name, String description, List<String> partitionColumns,
    List<Column> columns, Map<String, String> properties) {

  /** The key of a column's meaning in Spark's field metadata: what DESCRIBE shows. */
  public static final String COMMENT = "comment";

  /**
   * Delta's per-file minimum, maximum and null count of the first 32 columns, for data
   * skipping. Set to 0 on tables whose files hold rows in no order any query could skip on.
   */
  public static final String SKIPPING_INDEXED_COLUMNS = "delta.dataSkippingNumIndexedCols";

  /**
   * The only columns whose per-file minimum, maximum and null count Delta keeps (it takes
   * precedence over {@link #SKIPPING_INDEXED_COLUMNS}).
   */
  public static final String SKIPPING_STATS_COLUMNS = "delta.dataSkippingStatsColumns";

  /** A column: its name, its Spark type, and what it means (one or two sentences). */
  public record Column(String name, DataType type, String meaning) {}

  public TableSchema {
    partitionColumns = List.copyOf(partitionColumns);
    columns = List.copyOf(columns);
    properties = Map.copyOf(properties);
  }

  /**
   * True when Delta keeps no per-column statistics of the table's files (only their row
   * counts): see {@link Builder#withoutSkippingStatistics()}.
   */
  public boolean withoutSkippingStatistics() {
    return "0".equals(properties.get(SKIPPING_INDEXED_COLUMNS));
  }

  /**
   * The columns whose per-file statistics Delta keeps when they are named (see {@link
   * Builder#withStatisticsOnlyOn}); empty otherwise.
   */
  public List<String> statisticsOnlyOn() {
    String named = properties.get(SKIPPING_STATS_COLUMNS);
    return named == null ? List.of() : List.of(named.split(","));
  }

  /** The Spark schema, every field nullable (Delta stores them so), meanings as comments. */
  public StructType structType() {
    List<StructField> fields = new ArrayList<>();
    for (Column c : columns) {
      fields.add(new StructField(c.name(), c.type(), true, comment(c.meaning())));
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  /** Spark field metadata holding a column's meaning as its comment. */
  public static Metadata comment(String meaning) {
    return new MetadataBuilder().putString(COMMENT, meaning).build();
  }

  /** Starts the declaration of a table. */
  public static Builder table(String name, String description) {
    return new Builder(name, description);
  }

  /** Declares a table column by column, in the order the table stores them. */
  public static final class Builder {
    private final String name;
    private final String description;
    private final List<String> partitions = new ArrayList<>();
    private final List<Column> columns = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder(String name, String description) {
      this.name = name;
      this.description = description;
    }

    public Builder partitionedBy(String... columnNames) {
      partitions.addAll(List.of(columnNames));
      return this;
    }

    /**
     * Delta keeps only the row count of each file, not the minimum, maximum and null count of
     * every column: for tables written in no order a filter could skip files on (every file of
     * the ingested patient-level tables spans all ids and dates), where those statistics cost
     * a twelfth of the ingestion's CPU and skip nothing.
     */
    public Builder withoutSkippingStatistics() {
      properties.put(SKIPPING_INDEXED_COLUMNS, "0");
      return this;
    }

    /**
     * Delta keeps the per-file minimum, maximum and null count of these columns only: cheap
     * for a few narrow columns, and what lets Delta answer their table-wide minimum and
     * maximum from its log without reading the files (the span of the claims' paid periods,
     * which every profile and persistent run asks first).
     */
    public Builder withStatisticsOnlyOn(String... columnNames) {
      properties.put(SKIPPING_STATS_COLUMNS, String.join(",", columnNames));
      return this;
    }

    /**
     * A column of a type written in Spark's DDL: {@code string}, {@code int}, {@code bigint},
     * {@code double}, {@code boolean}, {@code date}, {@code timestamp},
     * {@code array<struct<path:string,size_bytes:bigint>>}, {@code map<string,string>}.
     */
    public Builder column(String columnName, String ddlType, String meaning) {
      columns.add(new Column(columnName, DataType.fromDDL(ddlType), meaning));
      return this;
    }

    public TableSchema build() {
      return new TableSchema(name, description, partitions, columns, properties);
    }
  }
}
