package org.ijcampaign.lab;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_entries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

/**
 * A table's content in two numbers: its row count and the exact sum of a 64-bit hash of every
 * row, which no reordering of rows or files changes. Equal fingerprints say the same multiset of
 * rows (up to a hash collision). The end-to-end test writes its warehouse's fingerprints beside
 * it, in the warm test JVM; the loopback test then reads only the cluster's side, and reads the
 * kept warehouse itself only for a table whose fingerprint differs. {@link TableComparison} and
 * the {@code compare} command start from them too.
 */
public final class TableFingerprints {
  private TableFingerprints() {}

  /** The Delta tables of a warehouse, by folder name. */
  public static Set<String> tables(Path warehouse) throws IOException {
    try (Stream<Path> s = Files.list(warehouse)) {
      return s.filter(p -> Files.isDirectory(p.resolve("_delta_log")))
          .map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** A table with its maps as their entries in key order (set operations refuse maps). */
  public static Dataset<Row> read(SparkSession spark, Path warehouse, String table) {
    Dataset<Row> df = spark.read().format("delta").load(warehouse.resolve(table).toString());
    for (StructField f : df.schema().fields()) {
      if (f.dataType() instanceof MapType) {
        df = df.withColumn(f.name(), array_sort(map_entries(col(f.name()))));
      }
    }
    return df;
  }

  /**
   * "rows hash-sum schema-hash" of a dataset, one scan and no shuffle; the schema's hash (names,
   * types, nullability, comments) stands for the schema, which the rows' hash does not see.
   */
  public static String of(Dataset<Row> d) {
    Column[] all = Arrays.stream(d.columns()).map(functions::col).toArray(Column[]::new);
    Row r = d.agg(functions.count(lit(1)), functions.sum(functions.xxhash64(all)
        .cast("decimal(20,0)"))).head();
    return r.getLong(0) + " " + r.get(1) + " " + Integer.toHexString(d.schema().json().hashCode());
  }

  /** Rows in a fingerprint. */
  public static long rows(String fingerprint) {
    return Long.parseLong(fingerprint.substring(0, fingerprint.indexOf(' ')));
  }

  /** Writes every table's fingerprint, one "table fingerprint" line each, to {@code file}. */
  public static void write(SparkSession spark, Path warehouse, Path file) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String t : tables(warehouse)) {
      b.append(t).append(' ').append(of(read(spark, warehouse, t))).append('\n');
    }
    Files.writeString(file, b.toString());
  }

  /** The fingerprints {@link #write} wrote, by table; empty when the file is missing. */
  public static Map<String, String> load(Path file) throws IOException {
    Map<String, String> m = new TreeMap<>();
    if (Files.isRegularFile(file)) {
      for (String line : Files.readAllLines(file)) {
        int space = line.indexOf(' ');
        m.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return m;
  }
}
