package org.ijcampaign.io;

import static org.apache.spark.sql.functions.col;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import org.ijcampaign.schema.LandingContract;
import scala.Tuple2;

/**
 * Writes a large landing dataset as several CSV files of a folder (the {@code ij_claims/*.csv}
 * of the contract) in one distributed pass: one file per value of a file-name column, each
 * written by the single task that holds all of its rows, with a header line. The format is the
 * landing format of {@link LandingCsv} for string columns: UTF-8, {@code ;}, empty field for
 * null, values written as they are (the caller formats dates and numbers, and no value may hold
 * the separator, a quote or a line break).
 *
 * <p>Each task writes its files under {@code folder/.tmp-<id>/attempt-<task attempt>/}; the
 * parts of the successful attempts are renamed to {@code folder/<name>} and the temporary
 * folder removed. A file name held by rows of two tasks would give two parts: that is refused
 * rather than silently concatenated.
 */
public final class LandingParts {
  private LandingParts() {}

  /**
   * Writes every row of {@code df} but its three routing columns to
   * {@code folder/<fileColumn value>}, each file in ascending {@code keyColumn} order, without
   * sorting. In the one task that holds a file's rows, the rows whose {@code lateColumn} is
   * false must come in ascending key order, those whose {@code lateColumn} is true likewise,
   * and every late key must exceed the file's other keys: the file is the header, the other
   * rows as they come, then the late ones. A row out of that order fails the write rather than
   * giving a file in another order. (Spark's partitioned writer needs each task's rows sorted
   * by file: the claims of a national zone spilled 2.6 GB to disk in that sort, and the sort
   * and its spill were most of the generation's longest stage.) Existing files of the same
   * names are replaced.
   */
  public static void writeInKeyOrder(Dataset<Row> df, String fileColumn, String keyColumn,
      String lateColumn, String folder) {
    writeInKeyOrder(df, fileColumn, keyColumn, lateColumn, folder, null);
  }

  /**
   * As {@link #writeInKeyOrder(Dataset, String, String, String, String)}, with {@code tally}
   * (null: none) adding up the rows as they are written, its columns left out of the files;
   * returns its totals over every row written (an empty array without a tally).
   */
  public static long[] writeInKeyOrder(Dataset<Row> df, String fileColumn, String keyColumn,
      String lateColumn, String folder, RowTally tally) {
    Path dir = new Path(folder);
    try {
      FileSystem fs = dir.getFileSystem(df.sparkSession().sparkContext().hadoopConfiguration());
      fs.mkdirs(dir);
      Path temp = new Path(dir, ".tmp-" + UUID.randomUUID());
      try {
        StructType schema = df.schema();
        List<String> tallied = tally == null ? List.of() : tally.columns();
        List<String> written = writtenColumns(schema,
            List.of(fileColumn, keyColumn, lateColumn), tallied);
        LongArraySum totals = registered(df, tally, folder);
        Map<String, String> conf = entries(fs);
        KeyOrderWriter writer = new KeyOrderWriter(written.toArray(String[]::new),
            written.stream().mapToInt(schema::fieldIndex).toArray(),
            schema.fieldIndex(fileColumn), schema.fieldIndex(keyColumn),
            schema.fieldIndex(lateColumn),
            schema.apply(keyColumn).dataType().equals(DataTypes.IntegerType), temp.toString(),
            conf, tally, tallied.stream().mapToInt(schema::fieldIndex).toArray(), totals);
        // Each task returns (file name, part path) per file it wrote: a few rows in all. The
        // tasks read Spark's own rows: a value's UTF-8 bytes go to the file as they are, where
        // a Row would decode each to a String and the writer encode it again.
        Map<String, Path> parts = new TreeMap<>();
        for (Tuple2<String, String> part : df.queryExecution().toRdd().toJavaRDD()
            .mapPartitions(writer).collect()) {
          if (parts.put(part._1(), new Path(part._2())) != null) {
            throw new IllegalStateException("file " + part._1()
                + " was written by two tasks; its rows must be in one");
          }
        }
        for (Map.Entry<String, Path> part : parts.entrySet()) {
          LandingCsv.replaceWith(fs, part.getValue(), new Path(dir, part.getKey()));
        }
        return totals.value();
      } finally {
        fs.delete(temp, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + folder, e);
    }
  }

  /**
   * The task side of {@link #writeInKeyOrder}: one part file per file name under a folder of
   * its own attempt, the late rows in a side file appended at the end; returns (file name,
   * part path) for each file it wrote.
   */
  private static final class KeyOrderWriter
      implements FlatMapFunction<Iterator<InternalRow>, Tuple2<String, String>> {
    private static final long serialVersionUID = 1L;
    private static final int BUFFER = 1 << 20;

    private final String[] names;
    private final int[] columns;
    private final int file;
    private final int key;
    private final int late;
    private final boolean intKey;
    private final String temp;
    private final Map<String, String> conf;
    private final RowTally tally;
    private final int[] tallied;
    private final LongArraySum totals;

    KeyOrderWriter(String[] names, int[] columns, int file, int key, int late, boolean intKey,
        String temp, Map<String, String> conf, RowTally tally, int[] tallied,
        LongArraySum totals) {
      this.names = names;
      this.columns = columns;
      this.file = file;
      this.key = key;
      this.late = late;
      this.intKey = intKey;
      this.temp = temp;
      this.conf = conf;
      this.tally = tally;
      this.tallied = tallied;
      this.totals = totals;
    }

    @Override
    public Iterator<Tuple2<String, String>> call(Iterator<InternalRow> rows) throws IOException {
      Configuration hadoop = new Configuration(false);
      conf.forEach(hadoop::set);
      Path base = new Path(temp, "attempt-" + TaskContext.get().taskAttemptId());
      FileSystem fs = LandingCsv.rawView(base.getFileSystem(hadoop));
      // Keyed by a copy of the name's bytes: the rows' own are reused from row to row.
      Map<UTF8String, Target> targets = new LinkedHashMap<>();
      long[] taskTotals = tally == null ? null : new long[tally.size()];
      try {
        while (rows.hasNext()) {
          InternalRow r = rows.next();
          if (tally != null) {
            tally.add(taskTotals, r, tallied);
          }
          UTF8String name = r.getUTF8String(file);
          Target t = targets.get(name);
          if (t == null) {
            t = new Target(fs, base, name.toString());
            targets.put(name.clone(), t);
          }
          t.add(r, intKey ? r.getInt(key) : r.getLong(key), r.getBoolean(late));
        }
        List<Tuple2<String, String>> out = new ArrayList<>();
        for (Target t : targets.values()) {
          t.finish();
          out.add(new Tuple2<>(t.name, t.part.toString()));
        }
        // Added once the task has written everything: Spark counts a successful task's
        // updates once, a failed attempt's never.
        if (tally != null) {
          totals.add(taskTotals);
        }
        return out.iterator();
      } finally {
        for (Target t : targets.values()) {
          t.close();
        }
      }
    }

    /** One file's part and its late rows' side file. */
    private final class Target {
      final String name;
      final Path part;
      final Path side;
      final FileSystem fs;
      OutputStream out;
      OutputStream lateOut;
      long lastEarly;
      long firstLate;
      long lastLate;
      boolean anyEarly;
      boolean anyLate;

      Target(FileSystem fs, Path base, String name) throws IOException {
        this.fs = fs;
        this.name = name;
        this.part = new Path(base, name);
        this.side = new Path(base, name + ".late");
        this.out = new BufferedOutputStream(fs.create(part, false), BUFFER);
        out.write(LandingCsv.headerLine(names));
      }

      void add(InternalRow r, long k, boolean isLate) throws IOException {
        if (isLate) {
          if (anyLate && k <= lastLate) {
            throw outOfOrder(k, lastLate);
          }
          if (lateOut == null) {
            lateOut = new BufferedOutputStream(fs.create(side, false), BUFFER);
            firstLate = k;
          }
          anyLate = true;
          lastLate = k;
          line(r, lateOut);
        } else {
          if (anyEarly && k <= lastEarly) {
            throw outOfOrder(k, lastEarly);
          }
          anyEarly = true;
          lastEarly = k;
          line(r, out);
        }
      }

      private IllegalStateException outOfOrder(long k, long previous) {
        return new IllegalStateException("file " + name + ": key " + k + " comes after "
            + previous + "; its rows must reach the writer in key order");
      }

      private void line(InternalRow r, OutputStream o) throws IOException {
        writeLine(r, columns, names, name, o);
      }

      void finish() throws IOException {
        if (lateOut != null) {
          lateOut.close();
          lateOut = null;
          if (anyEarly && firstLate <= lastEarly) {
            throw new IllegalStateException("file " + name + ": late key " + firstLate
                + " does not come after the last other key " + lastEarly);
          }
          try (InputStream in = fs.open(side)) {
            in.transferTo(out);
          }
          fs.delete(side, false);
        }
        out.close();
        out = null;
      }

      void close() throws IOException {
        if (lateOut != null) {
          lateOut.close();
        }
        if (out != null) {
          out.close();
        }
      }
    }
  }

  /**
   * Writes the text {@code columns} of {@code r} as one landing line: each value's UTF-8 bytes
   * as they are, {@code ;} between them, an empty field for null. A value holding the
   * separator, a quote or a line break is refused: the landing files are not quoted.
   */
  static void writeLine(InternalRow r, int[] columns, String[] names, String file,
      OutputStream o) throws IOException {
    for (int i = 0; i < columns.length; i++) {
      if (i > 0) {
        o.write(';');
      }
      if (!r.isNullAt(columns[i])) {
        UTF8String v = r.getUTF8String(columns[i]);
        // In UTF-8 no byte of a multi-byte character is ASCII: a byte scan finds them all.
        Object bytes = v.getBaseObject();
        long offset = v.getBaseOffset();
        for (int j = 0; j < v.numBytes(); j++) {
          byte b = Platform.getByte(bytes, offset + j);
          if (b == ';' || b == '"' || b == '\n' || b == '\r') {
            throw new IllegalArgumentException("file " + file + ", column " + names[i]
                + ": the value '" + v + "' holds a separator, a quote or a line break");
          }
        }
        v.writeTo(o);
      }
    }
    o.write('\n');
  }

  /**
   * The columns of {@code schema} a writer writes: all but the routing and the tallied ones,
   * each text (the caller formats its values), or refused.
   */
  private static List<String> writtenColumns(StructType schema, List<String> routing,
      List<String> tallied) {
    List<String> written = new ArrayList<>();
    for (String c : schema.fieldNames()) {
      if (routing.contains(c) || tallied.contains(c)) {
        continue;
      }
      if (!schema.apply(c).dataType().equals(DataTypes.StringType)) {
        throw new IllegalArgumentException("column " + c + " is "
            + schema.apply(c).dataType().simpleString() + ": only text is written as it is");
      }
      written.add(c);
    }
    return written;
  }

  /** The accumulator of {@code tally}'s totals (none: empty), registered with the session. */
  private static LongArraySum registered(Dataset<Row> df, RowTally tally, String written) {
    LongArraySum totals = new LongArraySum(tally == null ? 0 : tally.size());
    df.sparkSession().sparkContext().register(totals, "tally of " + written);
    return totals;
  }

  /** Hadoop's configuration as entries: it is not serializable, and travels to the tasks so. */
  private static Map<String, String> entries(FileSystem fs) {
    Map<String, String> conf = new HashMap<>();
    fs.getConf().forEach(e -> conf.put(e.getKey(), e.getValue()));
    return conf;
  }

  /** What {@link #writeJoined} wrote: the lines, and the tally's totals (none without one). */
  public record Written(long lines, long[] totals) {}

  /**
   * Writes {@code df} as the landing file {@code path}: the header, then every row but the
   * tally's columns, in partition order (each task writes its partition's part, and the parts
   * are joined after the header), in the format of {@link #writeInKeyOrder}. As
   * {@link LandingCsv#writeInParallel}, but from Spark's own rows, each value's bytes copied as
   * they are, and with {@code tally} (null: none) adding up the rows as they are written.
   * Every written column must be text. An existing file is replaced.
   */
  public static Written writeJoined(Dataset<Row> df, String path, RowTally tally) {
    Path target = new Path(path);
    try {
      FileSystem fs = target.getFileSystem(df.sparkSession().sparkContext().hadoopConfiguration());
      Path temp = new Path(target.getParent(), "." + target.getName() + "-" + UUID.randomUUID());
      try {
        StructType schema = df.schema();
        List<String> tallied = tally == null ? List.of() : tally.columns();
        List<String> written = writtenColumns(schema, List.of(), tallied);
        LongArraySum totals = registered(df, tally, path);
        Map<String, String> conf = entries(fs);
        PartWriter writer = new PartWriter(written.toArray(String[]::new),
            written.stream().mapToInt(schema::fieldIndex).toArray(), target.getName(),
            temp.toString(), conf, tally, tallied.stream().mapToInt(schema::fieldIndex).toArray(),
            totals);
        // Each task returns (partition, part path, lines) for the part it wrote.
        TreeMap<Integer, Tuple2<String, Long>> parts = new TreeMap<>();
        for (Tuple2<Integer, Tuple2<String, Long>> part : df.queryExecution().toRdd()
            .toJavaRDD().mapPartitions(writer).collect()) {
          parts.put(part._1(), part._2());
        }
        long lines = 0;
        FileSystem raw = LandingCsv.rawView(fs);
        try (OutputStream out = raw.create(target, true)) {
          out.write(LandingCsv.headerLine(written.toArray(String[]::new)));
          for (Tuple2<String, Long> part : parts.values()) {
            try (InputStream in = fs.open(new Path(part._1()))) {
              in.transferTo(out);
            }
            lines += part._2();
          }
        }
        return new Written(lines, totals.value());
      } finally {
        fs.delete(temp, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** The task side of {@link #writeJoined}: its partition's rows in one part, in order. */
  private static final class PartWriter
      implements FlatMapFunction<Iterator<InternalRow>, Tuple2<Integer, Tuple2<String, Long>>> {
    private static final long serialVersionUID = 1L;
    private static final int BUFFER = 1 << 20;

    private final String[] names;
    private final int[] columns;
    private final String file;
    private final String temp;
    private final Map<String, String> conf;
    private final RowTally tally;
    private final int[] tallied;
    private final LongArraySum totals;

    PartWriter(String[] names, int[] columns, String file, String temp, Map<String, String> conf,
        RowTally tally, int[] tallied, LongArraySum totals) {
      this.names = names;
      this.columns = columns;
      this.file = file;
      this.temp = temp;
      this.conf = conf;
      this.tally = tally;
      this.tallied = tallied;
      this.totals = totals;
    }

    @Override
    public Iterator<Tuple2<Integer, Tuple2<String, Long>>> call(Iterator<InternalRow> rows)
        throws IOException {
      Configuration hadoop = new Configuration(false);
      conf.forEach(hadoop::set);
      TaskContext task = TaskContext.get();
      Path part = new Path(new Path(temp, "attempt-" + task.taskAttemptId()), "part");
      FileSystem fs = LandingCsv.rawView(part.getFileSystem(hadoop));
      long[] taskTotals = tally == null ? null : new long[tally.size()];
      long lines = 0;
      try (OutputStream out = new BufferedOutputStream(fs.create(part, false), BUFFER)) {
        while (rows.hasNext()) {
          InternalRow r = rows.next();
          if (tally != null) {
            tally.add(taskTotals, r, tallied);
          }
          writeLine(r, columns, names, file, out);
          lines++;
        }
      }
      // Added once the task has written everything: Spark counts a successful task's updates
      // once, a failed attempt's never.
      if (tally != null) {
        totals.add(taskTotals);
      }
      return List.of(new Tuple2<>(task.partitionId(), new Tuple2<>(part.toString(), lines)))
          .iterator();
    }
  }

  /**
   * Writes raw text lines, one file per value of {@code fileColumn}, each beginning with
   * {@code header}: for rows that are deliberately not well-formed CSV (planted malformed rows,
   * an empty line). {@code lines} holds {@code fileColumn}, a sortable {@code orderColumn} and
   * the {@code lineColumn}; it is meant to be small (it is shuffled by file and sorted).
   */
  public static void writeLines(Dataset<Row> lines, String fileColumn, String orderColumn,
      String lineColumn, String header, String folder) {
    Dataset<Row> headers = lines.select(col(fileColumn)).distinct()
        .withColumn(orderColumn, org.apache.spark.sql.functions.lit(Long.MIN_VALUE))
        .withColumn(lineColumn, org.apache.spark.sql.functions.lit(header));
    Dataset<Row> all = lines.select(col(fileColumn), col(orderColumn).cast("long"),
            col(lineColumn))
        .unionByName(headers)
        .repartition(col(fileColumn))
        .sortWithinPartitions(col(fileColumn), col(orderColumn));
    Path dir = new Path(folder);
    try {
      FileSystem fs = dir.getFileSystem(lines.sparkSession().sparkContext().hadoopConfiguration());
      fs.mkdirs(dir);
      Path temp = new Path(dir, ".tmp-" + UUID.randomUUID());
      try {
        all.select(col(fileColumn), col(lineColumn)).write().mode(SaveMode.ErrorIfExists)
            .partitionBy(fileColumn).option("lineSep", "\n").text(temp.toString());
        moveParts(fs, temp, dir, fileColumn);
      } finally {
        fs.delete(temp, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + folder, e);
    }
  }

  /** Renames each {@code temp/<column>=<name>/part-*} to {@code dir/<name>}. */
  private static void moveParts(FileSystem fs, Path temp, Path dir, String fileColumn)
      throws IOException {
    for (FileStatus part : fs.listStatus(temp, p -> p.getName().startsWith(fileColumn + "="))) {
      String name = part.getPath().getName().substring(fileColumn.length() + 1);
      FileStatus[] files = fs.globStatus(new Path(part.getPath(), "part-*"));
      if (files == null || files.length != 1) {
        throw new IllegalStateException("file " + name + " was written by "
            + (files == null ? 0 : files.length) + " tasks; its rows must be in one");
      }
      LandingCsv.replaceWith(fs, files[0].getPath(), new Path(dir, name));
    }
  }
}
