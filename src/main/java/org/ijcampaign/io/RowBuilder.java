package org.ijcampaign.io;

import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Builds a row of a typed schema by column name, so that a driver-side table is written by
 * name rather than by position: an unknown column, or a column left null that the schema says
 * cannot be, fails at once with its name.
 */
public final class RowBuilder {
  private final StructType schema;
  private final Object[] values;

  public RowBuilder(StructType schema) {
    this.schema = schema;
    this.values = new Object[schema.size()];
  }

  public RowBuilder set(String column, Object value) {
    int i;
    try {
      i = schema.fieldIndex(column);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("no column " + column + " in "
          + Arrays.toString(schema.fieldNames()), e);
    }
    values[i] = value;
    return this;
  }

  public Row build() {
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      if (values[i] == null && !fields[i].nullable()) {
        throw new IllegalStateException("column " + fields[i].name() + " cannot be null");
      }
    }
    return new GenericRowWithSchema(values.clone(), schema);
  }
}
