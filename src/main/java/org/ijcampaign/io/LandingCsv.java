package org.ijcampaign.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.ijcampaign.schema.LandingContract;

/**
 * Writes a dataset as one CSV file in the landing-zone format (docs/input-contract.md): UTF-8, a
 * header line, {@code ;} separator, {@code .} decimal mark, dates as {@code yyyy-MM-dd}, null as an
 * empty field, columns in the dataset's order. Plain values are not quoted; a value holding the
 * separator, a quote or a line break is quoted CSV-style. Decimal numbers are written in plain
 * notation (never {@code 1.0E-4}), with the shortest digits that read back as the same double and
 * no trailing zeros ({@code 2.0} is written {@code 2}).
 *
 * <p>The file is exactly {@code path}: Spark writes one part file into a hidden temporary
 * folder beside it, which is renamed to {@code path} and the folder removed, so no part-file
 * folder, {@code _SUCCESS} or checksum file is left. An existing file at {@code path} is
 * replaced. Goes through the Hadoop FileSystem API, so {@code path} may be any Hadoop URI
 * (local, {@code hdfs://}, {@code s3a://}, …). {@link #write} funnels everything through one
 * task, for landing files and reference tables; {@link #writeInParallel} writes a large file's
 * partitions side by side and joins them.
 */
public final class LandingCsv {
  private LandingCsv() {}

  /**
   * A DecimalFormat pattern without grouping and with up to 340 optional fraction digits (the
   * most a double can need): DecimalFormat takes a double's shortest round-trip digits, so
   * nothing is rounded and nothing is written in exponent form.
   */
  private static final String PLAIN_NUMBER = "0." + "#".repeat(340);

  public static void write(Dataset<Row> df, String path) {
    write(df, path, false);
  }

  /**
   * As {@link #write(Dataset, String)}, but each partition of {@code df} is written by its own
   * task, without a header, and the file is the header then the parts in partition order. The
   * rows are in the dataset's partition order, which {@code coalesce(1)} does not keep (it may put
   * the partitions read from a shuffle first), and a large file is written in parallel. The parts
   * are copied once more to join them (Hadoop's {@code concat} exists only on HDFS).
   */
  public static void writeInParallel(Dataset<Row> df, String path) {
    write(df, path, true);
  }

  private static void write(Dataset<Row> df, String path, boolean parallel) {
    Path target = new Path(path);
    try {
      FileSystem fs = target.getFileSystem(df.sparkSession().sparkContext().hadoopConfiguration());
      if (fs.isDirectory(target)) {
        // Never delete a folder the caller may not know is there: a file path was asked for.
        throw new IllegalArgumentException(path + " is a folder; LandingCsv writes one file");
      }
      Path temp = new Path(target.getParent(), "." + target.getName() + "-" + UUID.randomUUID());
      try {
        if (parallel) {
          dialect(asText(df).write().mode(SaveMode.ErrorIfExists)).option("header", "false")
              .csv(temp.toString());
          joinParts(fs, temp, target, df.columns());
        } else {
          dialect(asText(df).coalesce(1).write().mode(SaveMode.ErrorIfExists))
              .csv(temp.toString());
          moveSinglePart(fs, temp, target, df.columns());
        }
      } finally {
        fs.delete(temp, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** Writes {@code target} as the header line then every {@code temp/part-*}, by name. */
  private static void joinParts(FileSystem fs, Path temp, Path target, String[] header)
      throws IOException {
    FileStatus[] parts = fs.globStatus(new Path(temp, "part-*"));
    // Spark names a part after its partition, zero-padded: the name order is the rows' order.
    Arrays.sort(parts, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
    FileSystem writer = rawView(fs);
    try (FSDataOutputStream out = writer.create(target, true)) {
      out.write(headerLine(header));
      for (FileStatus part : parts) {
        try (FSDataInputStream in = fs.open(part.getPath())) {
          IOUtils.copyBytes(in, out, 1 << 20, false);
        }
      }
    }
  }

  /**
   * On the local file system, the view that writes and renames a data file without the hidden
   * .crc file the checksummed view keeps beside it; elsewhere the file system itself.
   */
  static FileSystem rawView(FileSystem fs) {
    return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
  }

  /**
   * Moves {@code part} to {@code target}, replacing a file already there, through the raw view
   * ({@link #rawView}): on the local file system a rename through the checksummed view would
   * carry the part's hidden .crc file along.
   */
  static void replaceWith(FileSystem fs, Path part, Path target) throws IOException {
    if (fs.exists(target)) {
      fs.delete(target, false);
    }
    if (!rawView(fs).rename(part, target)) {
      throw new IOException("cannot rename " + part + " to " + target);
    }
  }

  /** A landing file's header line, with its line break. */
  static byte[] headerLine(String[] header) {
    return (String.join(LandingContract.SEPARATOR, header) + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Formats the typed columns whose default CSV text is not the landing format. */
  private static Dataset<Row> asText(Dataset<Row> df) {
    Column[] columns = Arrays.stream(df.schema().fields()).map(LandingCsv::asText)
        .toArray(Column[]::new);
    return df.select(columns);
  }

  private static Column asText(StructField field) {
    Column c = col(quoted(field.name()));
    DataType t = field.dataType();
    if (t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType)
        || t instanceof DecimalType) {
      // The Java API only has format_number(col, int); the SQL function also takes a pattern.
      c = call_function("format_number", c, lit(PLAIN_NUMBER));
    } else if (t.equals(DataTypes.DateType)) {
      c = date_format(c, LandingContract.DATE_FORMAT);
    } else if (t.equals(DataTypes.TimestampType)) {
      c = date_format(c, LandingContract.DATE_FORMAT + " HH:mm:ss");
    } else {
      return c;
    }
    return c.as(field.name());
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static void moveSinglePart(FileSystem fs, Path temp, Path target, String[] header)
      throws IOException {
    FileStatus[] parts = fs.globStatus(new Path(temp, "part-*"));
    if (parts == null || parts.length == 0) {
      // An empty dataset may leave no part file: the landing file is then the header alone.
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      try (FSDataOutputStream out = rawView(fs).create(target, true)) {
        out.write(headerLine(header));
      }
      return;
    }
    if (parts.length > 1) {
      throw new IllegalStateException("expected one part file in " + temp + ", found "
          + parts.length);
    }
    replaceWith(fs, parts[0].getPath(), target);
  }

  /** The landing files' CSV dialect, for every writer of such files. */
  static DataFrameWriter<Row> dialect(DataFrameWriter<Row> w) {
    return w.option("header", "true")
        .option("sep", LandingContract.SEPARATOR)
        .option("encoding", StandardCharsets.UTF_8.name())
        .option("lineSep", "\n")
        .option("quote", "\"")
        .option("nullValue", "")
        // Spark writes an empty string as "" by default; in the landing zone empty = null.
        .option("emptyValue", "")
        // Spark trims values on write by default; a landing file must hold them as they are.
        .option("ignoreLeadingWhiteSpace", "false")
        .option("ignoreTrailingWhiteSpace", "false");
  }
}
