package org.ijcampaign.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.Quarantine;

/**
 * Reads the data lines of landing files with their provenance: {@code landing_file} (the
 * contract file), {@code source_file}, {@code source_line} (1-based, the header is line 1),
 * {@code raw} (the line as read) and {@code fields} (its values as strings). Lines are numbered
 * with {@code zipWithIndex}, which follows the file's byte order across splits, so a national
 * file is numbered in parallel without collecting it.
 */
public final class RawLines {
  public static final String LANDING_FILE = "landing_file";
  public static final String FIELDS = "fields";

  public static final StructType SCHEMA = new StructType()
      .add(LANDING_FILE, DataTypes.StringType, false)
      .add(Quarantine.SOURCE_FILE, DataTypes.StringType, false)
      .add(Quarantine.SOURCE_LINE, DataTypes.LongType, false)
      .add(Quarantine.RAW, DataTypes.StringType, true);

  private RawLines() {}

  public static Dataset<Row> read(SparkSession spark, String landingFile,
      List<SourceFile> sources) {
    Dataset<Row> all = null;
    for (SourceFile s : sources) {
      Dataset<Row> one = s.format() == SourceFile.Format.CSV ? csv(spark, landingFile, s)
          : parquet(spark, landingFile, s);
      all = all == null ? one : all.unionByName(one);
    }
    return all;
  }

  private static Dataset<Row> csv(SparkSession spark, String landingFile, SourceFile s) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String name = s.name();
    JavaRDD<Row> rows = jsc.textFile(s.path()).zipWithIndex()
        .filter(t -> t._2() > 0)
        .map(t -> RowFactory.create(landingFile, name, t._2() + 1, stripCr(t._1())));
    return withFields(spark.createDataFrame(rows, SCHEMA));
  }

  /**
   * Adds {@code fields} to lines of {@link #SCHEMA}: split on the separator, then unquote a
   * value a CSV writer wrote as {@code "…"}. Values holding the separator are not supported:
   * the contract has no free text.
   */
  public static Dataset<Row> withFields(Dataset<Row> lines) {
    return lines.withColumn(FIELDS, transform(split(col(Quarantine.RAW),
        LandingContract.SEPARATOR, -1), f -> regexp_replace(f, "^\"(.*)\"$", "$1")));
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  /**
   * Parquet rows get their record number (1-based, plus one so that it reads like a CSV line
   * under a header) and their JSON text as {@code raw}; values are formatted as the CSV would
   * carry them so that one set of checks serves both formats.
   */
  private static Dataset<Row> parquet(SparkSession spark, String landingFile, SourceFile s) {
    Dataset<Row> df = spark.read().parquet(s.path());
    List<Column> asText = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      Column c = col(f.name());
      if (f.dataType() instanceof DateType || f.dataType() instanceof TimestampType) {
        c = date_format(c, LandingContract.DATE_FORMAT);
      }
      asText.add(c.cast(DataTypes.StringType));
    }
    StructType withText = new StructType(new StructField[] {
        DataTypes.createStructField(Quarantine.RAW, DataTypes.StringType, true),
        DataTypes.createStructField(FIELDS,
            DataTypes.createArrayType(DataTypes.StringType, true), true)});
    Dataset<Row> texts = df.select(to_json(struct(df.columns().length == 0 ? new Column[0]
            : java.util.Arrays.stream(df.columns()).map(org.apache.spark.sql.functions::col)
                .toArray(Column[]::new))).as(Quarantine.RAW),
        array(asText.toArray(new Column[0])).as(FIELDS));
    String name = s.name();
    JavaRDD<Row> rows = texts.toJavaRDD().zipWithIndex()
        .map(t -> RowFactory.create(landingFile, name, t._2() + 2, t._1().getString(0),
            t._1().get(1)));
    StructType schema = SCHEMA.add(FIELDS, withText.apply(FIELDS).dataType(), true);
    return spark.createDataFrame(rows, schema).withColumn(LANDING_FILE, lit(landingFile));
  }
}
