package org.ijcampaign.io;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes a large landing dataset as several CSV files of a folder (the {@code ij_claims/*.csv}
 * of the contract) in one distributed pass: one file per value of a file-name column, each
 * written by the single task that holds all of its rows, in the order they have in that task,
 * with a header line. The format is the landing format of {@link LandingCsv} for string
 * columns: UTF-8, {@code ;}, empty field for null, values written as they are (the caller
 * formats dates and numbers, and no value may hold the separator, a quote or a line break).
 *
 * <p>Spark writes {@code folder/.tmp/<column>=<name>/part-*}; each part is renamed to
 * {@code folder/<name>} and the temporary folder removed. A file name held by rows of two
 * tasks would give two parts: that is refused rather than silently concatenated.
 */
public final class LandingParts {
  private LandingParts() {}

  /**
   * Writes every row of {@code df} but {@code fileColumn} to {@code folder/<fileColumn value>};
   * existing files of the same names are replaced. The caller orders rows within partitions.
   */
  public static void write(Dataset<Row> df, String fileColumn, String folder) {
    Path dir = new Path(folder);
    try {
      FileSystem fs = dir.getFileSystem(df.sparkSession().sparkContext().hadoopConfiguration());
      fs.mkdirs(dir);
      Path temp = new Path(dir, ".tmp-" + UUID.randomUUID());
      try {
        LandingCsv.dialect(df.write().mode(SaveMode.ErrorIfExists).partitionBy(fileColumn))
            .csv(temp.toString());
        moveParts(fs, temp, dir, fileColumn);
      } finally {
        fs.delete(temp, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + folder, e);
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
    // On the local file system a rename through the checksummed view would carry the part's
    // hidden .crc file along; the raw view moves the data file alone.
    FileSystem mover = fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    for (FileStatus part : fs.listStatus(temp, p -> p.getName().startsWith(fileColumn + "="))) {
      String name = part.getPath().getName().substring(fileColumn.length() + 1);
      FileStatus[] files = fs.globStatus(new Path(part.getPath(), "part-*"));
      if (files == null || files.length != 1) {
        throw new IllegalStateException("file " + name + " was written by "
            + (files == null ? 0 : files.length) + " tasks; its rows must be in one");
      }
      Path target = new Path(dir, name);
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!mover.rename(files[0].getPath(), target)) {
        throw new IOException("cannot rename " + files[0].getPath() + " to " + target);
      }
    }
  }
}
