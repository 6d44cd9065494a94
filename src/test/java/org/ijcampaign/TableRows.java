package org.ijcampaign;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.io.RowBuilder;
import org.ijcampaign.schema.TableSchema;
import org.ijcampaign.schema.TableSchemas;

/**
 * Hand-made rows of a warehouse table, in its declared schema, or of any other input schema a
 * transformation takes, given by column name: a test names only the columns its rule reads,
 * the others are null. Ints become longs in bigint columns (doubles in double columns) and ISO
 * strings become dates in date columns, so fixtures stay short.
 */
public final class TableRows {
  private final StructType schema;
  private final List<Row> rows = new ArrayList<>();

  private TableRows(StructType schema) {
    this.schema = schema;
  }

  /** Rows of a declared warehouse table (Tables.X), in its declared column order and types. */
  public static TableRows of(String table) {
    TableSchema declared = TableSchemas.of(table).orElseThrow(
        () -> new IllegalArgumentException("no declared table " + table));
    return new TableRows(declared.structType());
  }

  /** Rows of a schema that is not a warehouse table: a view or input a transformation takes. */
  public static TableRows of(StructType schema) {
    return new TableRows(schema);
  }

  /** One row: column name, value, column name, value, ... */
  public TableRows row(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    RowBuilder b = new RowBuilder(schema);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String name = (String) namesAndValues[i];
      scala.Option<Object> k = schema.getFieldIndex(name);
      Object v = namesAndValues[i + 1];
      // An unknown name is RowBuilder's error, with the table's columns.
      b.set(name, k.isEmpty() ? v : typed(schema.fields()[(Integer) k.get()].dataType(), v));
    }
    rows.add(b.build());
    return this;
  }

  public Dataset<Row> toDataset(SparkSession spark) {
    return spark.createDataFrame(rows, schema);
  }

  private static Object typed(DataType type, Object v) {
    if (v instanceof Integer i && type.equals(DataTypes.LongType)) {
      return i.longValue();
    }
    if (v instanceof Integer i && type.equals(DataTypes.DoubleType)) {
      return i.doubleValue();
    }
    if (v instanceof String s && type.equals(DataTypes.DateType)) {
      return Date.valueOf(s);
    }
    return v;
  }
}
