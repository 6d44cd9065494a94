package org.ijcampaign.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.io.InputError;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.LandingContract.LandingFile;

/**
 * Finds the files of a landing zone and checks their headers against the contract, before
 * anything is read in bulk or written: a missing required file, a missing column, an unknown
 * or repeated column is an {@link InputError} naming the file and the column.
 */
public final class LandingFiles {
  private LandingFiles() {}

  /**
   * Every contract file present, in ingestion order; optional absent files are left out. Every
   * other entry of the zone stops the run (a claim file in a subfolder, an unknown extension, a
   * misspelt name, a file in both CSV and Parquet form): nothing in the zone goes unread
   * silently, except the bookkeeping files Hadoop and Spark leave beside data.
   */
  public static Map<LandingFile, List<SourceFile>> locate(SparkSession spark, String landing) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Map<LandingFile, List<SourceFile>> found = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    try {
      Path root = new Path(landing);
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.isDirectory(root)) {
        throw new InputError("landing zone " + landing + " is not a folder");
      }
      Set<String> read = new HashSet<>();
      for (LandingFile file : LandingContract.ALL) {
        List<SourceFile> sources = find(spark, fs, root, file, problems);
        if (sources.isEmpty()) {
          if (!file.optional()) {
            problems.add("missing required file " + file.path()
                + (file.directory() ? "/*.csv" : "") + " in " + landing);
          }
          continue;
        }
        for (SourceFile s : sources) {
          problems.addAll(checkHeader(file, s));
          read.add(s.name().split("/")[0]);
        }
        found.put(file, sources);
      }
      if (found.containsKey(LandingContract.CLAIMS)) {
        read.add(LandingContract.CLAIMS.path());
      }
      for (FileStatus entry : fs.listStatus(root)) {
        String n = entry.getPath().getName();
        if (!read.contains(n) && !bookkeeping(n)) {
          problems.add(n + (entry.isDirectory() ? "/" : "") + ": not a file of the contract, "
              + "so it would not be read (remove or rename it; the contract's files are "
              + String.join(", ", LandingContract.ALL.stream().map(LandingFile::path).toList())
              + ")");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the landing zone " + landing, e);
    }
    if (!problems.isEmpty()) {
      throw new InputError(String.join("\n  ", problems));
    }
    return found;
  }

  /** Files Hadoop and Spark write beside data files; they hold no rows. */
  static boolean bookkeeping(String name) {
    return name.equals("_SUCCESS") || name.startsWith("_committed_")
        || name.startsWith("_started_") || (name.startsWith(".") && name.endsWith(".crc"));
  }

  /**
   * Whether a file of the claims folder is a CSV part: {@code .csv} in any case, optionally
   * compressed by one of {@link LandingContract#CLAIM_COMPRESSIONS} (the suffix exactly as
   * Hadoop's codec factory, which Spark's reader follows, recognises it).
   */
  static boolean claimCsv(String name) {
    String base = name;
    for (String c : LandingContract.CLAIM_COMPRESSIONS) {
      if (name.endsWith(c)) {
        base = name.substring(0, name.length() - c.length());
        break;
      }
    }
    return base.toLowerCase(Locale.ROOT).endsWith(".csv");
  }

  private static List<SourceFile> find(SparkSession spark, FileSystem fs, Path root,
      LandingFile file, List<String> problems)
      throws IOException {
    List<SourceFile> out = new ArrayList<>();
    if (file.directory()) {
      Path dir = new Path(root, file.path());
      if (!fs.isDirectory(dir)) {
        return out;
      }
      FileStatus[] parts = fs.listStatus(dir);
      // File-name order decides which occurrence of a repeated claim is "first".
      Arrays.sort(parts, Comparator.comparing(p -> p.getPath().getName()));
      for (FileStatus p : parts) {
        String n = p.getPath().getName();
        if (bookkeeping(n)) {
          continue;
        }
        if (p.isFile() && claimCsv(n)) {
          out.add(csv(fs, p, file.path() + "/" + n));
        } else if (n.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
          out.add(parquet(spark, fs, p, file.path() + "/" + n));
        } else {
          problems.add(file.path() + "/" + n + (p.isDirectory() ? "/" : "") + ": "
              + (p.isDirectory() ? "a subfolder" : "an unknown extension") + " in "
              + file.path() + "/, so it would not be read (claim parts are *.csv, *.csv.gz, "
              + "*.csv.bz2 or *.parquet directly in " + file.path() + "/)");
        }
      }
      return out;
    }
    Path csv = new Path(root, file.path());
    if (fs.isFile(csv)) {
      out.add(csv(fs, fs.getFileStatus(csv), file.path()));
      return out;
    }
    String base = file.path().replaceAll("\\.csv$", "");
    Path parquet = new Path(root, base + ".parquet");
    if (fs.exists(parquet)) {
      out.add(parquet(spark, fs, fs.getFileStatus(parquet), base + ".parquet"));
    }
    return out;
  }

  private static SourceFile csv(FileSystem fs, FileStatus status, String name) throws IOException {
    String first;
    CompressionCodec codec = new CompressionCodecFactory(fs.getConf()).getCodec(status.getPath());
    InputStream in = fs.open(status.getPath());
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        codec == null ? in : codec.createInputStream(in), StandardCharsets.UTF_8))) {
      first = r.readLine();
    }
    List<String> header = first == null ? List.of() : parseHeader(first);
    return new SourceFile(status.getPath().toString(), name, SourceFile.Format.CSV, header,
        status.getLen());
  }

  private static SourceFile parquet(SparkSession spark, FileSystem fs, FileStatus status,
      String name) throws IOException {
    long size = status.isFile() ? status.getLen()
        : fs.getContentSummary(status.getPath()).getLength();
    // The header of a Parquet file is its schema.
    List<String> header = List.of(spark.read().parquet(status.getPath().toString()).columns());
    return new SourceFile(status.getPath().toString(), name, SourceFile.Format.PARQUET, header,
        size);
  }

  /** Header fields: a UTF-8 byte-order mark and quotes around names are tolerated. */
  static List<String> parseHeader(String line) {
    String l = line.startsWith("\uFEFF") ? line.substring(1) : line;
    l = l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
    return Arrays.stream(l.split(LandingContract.SEPARATOR, -1))
        .map(h -> h.length() >= 2 && h.startsWith("\"") && h.endsWith("\"")
            ? h.substring(1, h.length() - 1) : h)
        .toList();
  }

  /** Problems of one header against the contract; empty when it is usable. */
  static List<String> checkHeader(LandingFile file, SourceFile s) {
    List<String> problems = new ArrayList<>();
    if (s.header().isEmpty()) {
      problems.add(s.name() + ": empty file, expected a header line: "
          + String.join(";", file.columnNames()));
      return problems;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < s.header().size(); i++) {
      String h = s.header().get(i);
      if (!seen.add(h)) {
        problems.add(s.name() + ": column '" + h + "' appears twice in the header (line 1, "
            + "field " + (i + 1) + ")");
      } else if (!file.columnNames().contains(h)) {
        problems.add(s.name() + ": unknown column '" + h + "' in the header (line 1, field "
            + (i + 1) + "); expected " + String.join(";", file.columnNames()));
      }
    }
    for (String c : file.columnNames()) {
      if (!seen.contains(c)) {
        problems.add(s.name() + ": missing column '" + c + "' in the header (line 1)");
      }
    }
    return problems;
  }
}
