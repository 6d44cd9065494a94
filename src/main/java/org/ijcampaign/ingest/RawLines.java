package org.ijcampaign.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.ijcampaign.io.RowBuilder;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.Quarantine;

/**
 * Reads the data lines of landing files with their provenance: {@code landing_file} (the
 * contract file), {@code source_file}, {@code source_line} (1-based, the header is line 1),
 * {@code raw} (the line as read) and {@code fields} (a Parquet row's values as strings; null
 * for a CSV line, which the row checks split).
 *
 * <p>All CSV parts of a contract file are read in one text scan. Lines are numbered without
 * collecting them: a first pass counts the lines of every block (file split) the scan reads,
 * the driver turns these few counts into each block's first line number, and the scan numbers
 * its rows from there with {@code monotonically_increasing_id}, which is consecutive inside a
 * task. The same pass gives the rows read per source file for the reconciliation.
 */
public final class RawLines {
  public static final String LANDING_FILE = "landing_file";
  public static final String FIELDS = "fields";

  public static final StructType SCHEMA = new StructType()
      .add(LANDING_FILE, DataTypes.StringType, false)
      .add(Quarantine.SOURCE_FILE, DataTypes.StringType, false)
      .add(Quarantine.SOURCE_LINE, DataTypes.LongType, false)
      .add(Quarantine.RAW, DataTypes.StringType, true);

  private static final String PATH = "_path";
  private static final String BLOCK = "_block";
  private static final String ID = "_id";
  private static final String FIRST_LINE = "_first_line";
  private static final String FIRST_ID = "_first_id";
  private static final String LINES = "_lines";

  /**
   * The lines of one contract file, the data rows read from each of its source files, and the
   * way to read a few of those lines again ({@link Rescan}).
   */
  public record Read(Dataset<Row> lines, Map<String, Long> rowsPerSource, Rescan rescan) {}

  /**
   * Reads the text of a few known lines again, for the rows a set or reference check rejected
   * (the checks keep no text for the lines they pass). A CSV line is found by the scan's row id,
   * which the driver works out from its source file and line with the blocks' first ids of the
   * first read: the second scan then keeps one number per line and compares it with a set,
   * and names the file and block only of the lines it keeps. Those lines are numbered again
   * exactly as the first read numbered them, so a line the ids missed (the files split
   * otherwise the second time) cannot be passed off as another: its (file, line) is simply not
   * found, and the ingestion's reconciliation fails. Parquet rows are read again whole.
   */
  public static final class Rescan {
    private final SparkSession spark;
    private final String[] csvPaths;
    private final Map<String, List<Row>> blocksBySource;
    private final Dataset<Row> firstLines;
    private final Dataset<Row> parquetLines;

    private Rescan(SparkSession spark, String[] csvPaths, Map<String, List<Row>> blocksBySource,
        Dataset<Row> firstLines, Dataset<Row> parquetLines) {
      this.spark = spark;
      this.csvPaths = csvPaths;
      this.blocksBySource = blocksBySource;
      this.firstLines = firstLines;
      this.parquetLines = parquetLines;
    }

    /**
     * {@code source_file}, {@code source_line} and {@code raw} of the lines named by
     * {@code wanted} (rows with those two columns, few: they travel to the driver and into
     * the scan's filter as a set of ids).
     */
    public Dataset<Row> texts(List<Row> wanted) {
      java.util.Set<Long> ids = new java.util.TreeSet<>();
      boolean parquetWanted = false;
      for (Row w : wanted) {
        List<Row> blocks = blocksBySource.get(w.<String>getAs(Quarantine.SOURCE_FILE));
        if (blocks == null) {
          parquetWanted = true;
          continue;
        }
        Long id = idOf(blocks, w.<Long>getAs(Quarantine.SOURCE_LINE));
        if (id != null) {
          ids.add(id);
        }
      }
      Dataset<Row> out = spark.createDataFrame(List.of(), TEXT_SCHEMA);
      if (!ids.isEmpty()) {
        Dataset<Row> kept = spark.read().text(csvPaths)
            .select(col("value").as(Quarantine.RAW), monotonically_increasing_id().as(ID))
            .where(col(ID).isin(ids.toArray()))
            // Named only for the lines kept: the costly part of numbering every line.
            .select(col(Quarantine.RAW), col(ID), expr("input_file_name()").as(PATH),
                expr("input_file_block_start()").as(BLOCK));
        out = out.unionByName(kept.join(broadcast(firstLines),
                kept.col(PATH).equalTo(firstLines.col(PATH))
                    .and(kept.col(BLOCK).equalTo(firstLines.col(BLOCK))))
            .select(col(Quarantine.SOURCE_FILE),
                col(FIRST_LINE).plus(col(ID)).minus(col(FIRST_ID)).as(Quarantine.SOURCE_LINE),
                col(Quarantine.RAW)));
      }
      if (parquetWanted && parquetLines != null) {
        out = out.unionByName(parquetLines.select(col(Quarantine.SOURCE_FILE),
            col(Quarantine.SOURCE_LINE), col(Quarantine.RAW)));
      }
      return out;
    }

    /** The scan's row id of a source line, from the blocks of its file sorted by first line. */
    static Long idOf(List<Row> blocks, long line) {
      int lo = 0;
      int hi = blocks.size() - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        Row b = blocks.get(mid);
        long first = b.getAs(FIRST_LINE);
        long lines = b.getAs(LINES);
        if (line < first) {
          hi = mid - 1;
        } else if (line >= first + lines) {
          lo = mid + 1;
        } else {
          return b.<Long>getAs(FIRST_ID) + (line - first);
        }
      }
      return null;
    }
  }

  private static final StructType TEXT_SCHEMA = new StructType()
      .add(Quarantine.SOURCE_FILE, DataTypes.StringType, false)
      .add(Quarantine.SOURCE_LINE, DataTypes.LongType, false)
      .add(Quarantine.RAW, DataTypes.StringType, true);

  private RawLines() {}

  public static Read read(SparkSession spark, String landingFile, List<SourceFile> sources) {
    Map<String, Long> rows = new TreeMap<>();
    List<SourceFile> csvs = sources.stream()
        .filter(s -> s.format() == SourceFile.Format.CSV).toList();
    Csv csv = csvs.isEmpty() ? null : csv(spark, landingFile, csvs, rows);
    Dataset<Row> all = csv == null ? null : csv.lines();
    Dataset<Row> parquets = null;
    for (SourceFile s : sources) {
      if (s.format() == SourceFile.Format.PARQUET) {
        Dataset<Row> one = parquet(spark, landingFile, s);
        rows.put(s.name(), spark.read().parquet(s.path()).count());
        parquets = parquets == null ? one : parquets.unionByName(one);
      }
    }
    if (parquets != null) {
      all = all == null ? parquets : all.unionByName(parquets);
    }
    return new Read(all, rows, new Rescan(spark,
        csvs.stream().map(SourceFile::path).toArray(String[]::new),
        csv == null ? Map.of() : csv.blocksBySource(), csv == null ? null : csv.firstLines(),
        parquets));
  }

  /** The numbered lines of the CSV sources, and each block's first line and first row id. */
  private record Csv(Dataset<Row> lines, Dataset<Row> firstLines,
      Map<String, List<Row>> blocksBySource) {}

  private static Csv csv(SparkSession spark, String landingFile, List<SourceFile> csvs,
      Map<String, Long> rowsPerSource) {
    Dataset<Row> text = spark.read().text(csvs.stream().map(SourceFile::path)
            .toArray(String[]::new))
        .select(col("value").as(Quarantine.RAW), expr("input_file_name()").as(PATH),
            expr("input_file_block_start()").as(BLOCK), monotonically_increasing_id().as(ID));
    // One row per block: a few hundred at national scale, sorted here rather than by Spark
    // (a range partitioning's sampling job and shuffle for a few hundred rows).
    List<Row> blocks = new ArrayList<>(text.groupBy(PATH, BLOCK)
        .agg(count(lit(1)).as(LINES), min(ID).as(FIRST_ID)).collectAsList());
    blocks.sort(Comparator.<Row, String>comparing(b -> b.getAs(PATH))
        .thenComparingLong(b -> b.getAs(BLOCK)));
    StructType blockSchema = new StructType()
        .add(PATH, DataTypes.StringType, false).add(BLOCK, DataTypes.LongType, false)
        .add(Quarantine.SOURCE_FILE, DataTypes.StringType, false)
        .add(FIRST_LINE, DataTypes.LongType, false).add(FIRST_ID, DataTypes.LongType, false)
        .add(LINES, DataTypes.LongType, false);
    List<Row> starts = new ArrayList<>();
    Map<String, List<Row>> blocksBySource = new HashMap<>();
    Map<String, Long> linesSoFar = new HashMap<>();
    for (Row b : blocks) {
      String path = b.getAs(PATH);
      String name = sourceName(path, csvs);
      long before = linesSoFar.getOrDefault(path, 0L);
      long lines = b.getAs(LINES);
      Row start = new RowBuilder(blockSchema).set(PATH, path).set(BLOCK, b.getAs(BLOCK))
          .set(Quarantine.SOURCE_FILE, name).set(FIRST_LINE, before + 1)
          .set(FIRST_ID, b.getAs(FIRST_ID)).set(LINES, lines).build();
      starts.add(start);
      // Blocks come sorted by path and offset, hence by first line within a source file.
      blocksBySource.computeIfAbsent(name, k -> new ArrayList<>()).add(start);
      linesSoFar.put(path, before + lines);
      // The header is line 1 of every file, not a data row.
      rowsPerSource.merge(name, lines - (before == 0 ? 1 : 0), Long::sum);
    }
    csvs.forEach(s -> rowsPerSource.putIfAbsent(s.name(), 0L));
    Dataset<Row> firstLines = spark.createDataFrame(starts, blockSchema);
    Dataset<Row> numbered = text.join(broadcast(firstLines),
            text.col(PATH).equalTo(firstLines.col(PATH))
                .and(text.col(BLOCK).equalTo(firstLines.col(BLOCK))))
        .select(lit(landingFile).as(LANDING_FILE), col(Quarantine.SOURCE_FILE),
            col(FIRST_LINE).plus(col(ID)).minus(col(FIRST_ID)).as(Quarantine.SOURCE_LINE),
            col(Quarantine.RAW))
        .where(col(Quarantine.SOURCE_LINE).gt(1));
    // The fields are split by the row checks, in the same pass as the rest of a line's checks.
    return new Csv(numbered.withColumn(FIELDS,
        lit(null).cast(DataTypes.createArrayType(DataTypes.StringType, true))), firstLines,
        blocksBySource);
  }

  /** The source file a scanned path belongs to (the scan may spell the URI differently). */
  private static String sourceName(String scannedPath, List<SourceFile> csvs) {
    for (SourceFile s : csvs) {
      if (scannedPath.equals(s.path()) || scannedPath.endsWith("/" + s.name())) {
        return s.name();
      }
    }
    throw new IllegalStateException("read " + scannedPath + ", which is none of the landing "
        + "files listed: " + csvs.stream().map(SourceFile::name).toList());
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
    StructType schema = SCHEMA.add(FIELDS, withText.apply(FIELDS).dataType(), true);
    JavaRDD<Row> rows = texts.toJavaRDD().zipWithIndex()
        .map(t -> new RowBuilder(schema).set(LANDING_FILE, landingFile)
            .set(Quarantine.SOURCE_FILE, name).set(Quarantine.SOURCE_LINE, t._2() + 2)
            .set(Quarantine.RAW, t._1().getAs(Quarantine.RAW))
            .set(FIELDS, t._1().getAs(FIELDS)).build());
    return spark.createDataFrame(rows, schema).withColumn(LANDING_FILE, lit(landingFile));
  }
}
