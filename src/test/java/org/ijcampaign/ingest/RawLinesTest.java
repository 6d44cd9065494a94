package org.ijcampaign.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.schema.Quarantine;
import org.junit.jupiter.api.Test;

class RawLinesTest extends SparkTestBase {

  static SourceFile write(Path dir, String name, int dataLines, boolean crlf)
      throws IOException {
    StringBuilder b = new StringBuilder("a;b").append(crlf ? "\r\n" : "\n");
    for (int i = 2; i <= dataLines + 1; i++) {
      // The line number is written into the line, so the reader's numbering can be checked.
      b.append("line-").append(i).append(";\"").append(name).append('"')
          .append(crlf ? "\r\n" : "\n");
    }
    Path p = dir.resolve(name);
    Files.writeString(p, b.toString());
    return new SourceFile(p.toUri().toString(), "claims/" + name, SourceFile.Format.CSV,
        List.of("a", "b"), Files.size(p));
  }

  /** Runs {@code body} with the files read as blocks of about 2 KB, several per file. */
  private void inSmallBlocks(Runnable body) {
    String before = spark().conf().get("spark.sql.files.maxPartitionBytes");
    String openCost = spark().conf().get("spark.sql.files.openCostInBytes");
    spark().conf().set("spark.sql.files.maxPartitionBytes", "2048");
    spark().conf().set("spark.sql.files.openCostInBytes", "0");
    try {
      body.run();
    } finally {
      spark().conf().set("spark.sql.files.maxPartitionBytes", before);
      spark().conf().set("spark.sql.files.openCostInBytes", openCost);
    }
  }

  private static final StructType WANTED = new StructType()
      .add(Quarantine.SOURCE_FILE, DataTypes.StringType)
      .add(Quarantine.SOURCE_LINE, DataTypes.LongType);

  private static Row wanted(String file, long line) {
    return new GenericRowWithSchema(new Object[] {"claims/" + file, line}, WANTED);
  }

  @Test
  void readsAgainTheTextOfAFewLinesByTheirFileAndLine() throws IOException {
    Path dir = tempDir("rescan");
    List<SourceFile> files = List.of(write(dir, "x.csv", 700, false),
        write(dir, "y.csv", 300, true));
    inSmallBlocks(() -> {
      RawLines.Read read = RawLines.read(spark(), "claims", files);
      // First and last data lines, lines in later blocks, and a line past the end of x.csv.
      List<Row> wanted = List.of(wanted("x.csv", 2), wanted("x.csv", 350),
          wanted("x.csv", 701), wanted("x.csv", 702), wanted("y.csv", 2), wanted("y.csv", 301));
      List<String> got = read.rescan().texts(wanted).collectAsList().stream()
          .map(r -> r.getAs(Quarantine.SOURCE_FILE) + ":" + r.getAs(Quarantine.SOURCE_LINE)
              + " " + r.getAs(Quarantine.RAW)).sorted().toList();
      assertEquals(List.of("claims/x.csv:2 line-2;\"x.csv\"",
          "claims/x.csv:350 line-350;\"x.csv\"", "claims/x.csv:701 line-701;\"x.csv\"",
          "claims/y.csv:2 line-2;\"y.csv\"", "claims/y.csv:301 line-301;\"y.csv\""), got);
    });
  }

  @Test
  void numbersEveryLineOfEveryFileEvenWhenTheFilesAreSplitIntoManyBlocks() throws IOException {
    Path dir = tempDir("raw");
    List<SourceFile> files = List.of(write(dir, "x.csv", 700, false),
        write(dir, "y.csv", 300, true), write(dir, "z.csv", 0, false));
    // About 2 KB per block: x.csv (~14 KB) is read as several blocks in several tasks.
    inSmallBlocks(() -> {
      RawLines.Read read = RawLines.read(spark(), "claims", files);
      assertEquals(Map.of("claims/x.csv", 700L, "claims/y.csv", 300L, "claims/z.csv", 0L),
          read.rowsPerSource());
      org.junit.jupiter.api.Assertions.assertTrue(read.lines().rdd().getNumPartitions() > 3,
          "the files were not split");
      List<Row> rows = read.lines().collectAsList();
      assertEquals(1000, rows.size());
      List<String> mismatches = new ArrayList<>();
      for (Row r : rows) {
        String raw = r.getAs(Quarantine.RAW);
        long line = r.getAs(Quarantine.SOURCE_LINE);
        String file = r.getAs(Quarantine.SOURCE_FILE);
        String expected = "line-" + line + ";\"" + file.substring("claims/".length()) + "\"";
        if (!raw.equals(expected)) {
          mismatches.add(file + ":" + line + " read '" + raw + "'");
        }
        // Quotes around a value are removed from the fields, not from the raw text.
        assertEquals(List.of("line-" + line, file.substring("claims/".length())),
            java.util.Arrays.asList(RowChecks.LineCheck.split(raw)));
      }
      assertEquals(List.of(), mismatches);
    });
  }
}
