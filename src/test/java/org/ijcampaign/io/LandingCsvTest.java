package org.ijcampaign.io;


import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class LandingCsvTest extends SparkTestBase {

  private static final StructType SCHEMA = new StructType()
      .add("code", DataTypes.StringType)
      .add("count", DataTypes.IntegerType)
      .add("rate", DataTypes.DoubleType)
      .add("amount", DataTypes.createDecimalType(12, 4))
      .add("day", DataTypes.DateType);

  private static List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesOneLandingFormatFileWithPlainNumbersIsoDatesAndEmptyNulls() throws IOException {
    // Given values whose default Spark CSV text is not the landing format
    Dataset<Row> df = TableRows.of(SCHEMA)
        .row("code", "751010101", "count", 3, "rate", 1.0e-7, "amount", new BigDecimal("12.5000"),
            "day", "2024-01-31")
        .row("code", "2A0040101", "rate", 1.5e12)
        .row("code", "", "count", 0, "rate", 2.0, "amount", new BigDecimal("0.0001"),
            "day", "2023-12-01")
        .row("code", "a;b", "count", -1, "amount", new BigDecimal("-3.0000"))
        .toDataset(spark());
    Path dir = tempDir("landing-csv");
    Path file = dir.resolve("sample.csv");

    // When it is written as a landing file
    LandingCsv.write(df, file.toString());

    // Then the folder holds that one file, with plain decimals, ISO dates, empty = null
    Assertions.assertEquals(List.of("sample.csv"), filesIn(dir));
    Assertions.assertEquals(List.of(
        "code;count;rate;amount;day",
        "751010101;3;0.0000001;12.5;2024-01-31",
        "2A0040101;;1500000000000;;",
        ";0;2;0.0001;2023-12-01",
        "\"a;b\";-1;;-3;"), Files.readAllLines(file));
  }

  @Test
  void replacesAnExistingFileAndWritesTheHeaderAloneForAnEmptyDataset() throws IOException {
    // Given a landing file already written
    Path dir = tempDir("landing-csv-empty");
    Path file = dir.resolve("apl.csv");
    LandingCsv.write(TableRows.of(SCHEMA).row("code", "x", "count", 1, "rate", 1.0)
        .toDataset(spark()), file.toString());

    // When an empty dataset is written to the same path
    LandingCsv.write(TableRows.of(SCHEMA).toDataset(spark()), file.toString());

    // Then the file is replaced by the header line alone, and nothing else is left
    Assertions.assertEquals(List.of("code;count;rate;amount;day"), Files.readAllLines(file));
    Assertions.assertEquals(List.of("apl.csv"), filesIn(dir));
  }

  @Test
  void refusesToReplaceAFolder() {
    // Given a folder where the file should go
    Path dir = tempDir("landing-csv-folder");

    // When / Then the write refuses rather than delete a folder it does not own
    Assertions.assertThrows(IllegalArgumentException.class,
        () -> LandingCsv.write(TableRows.of(SCHEMA).toDataset(spark()), dir.toString()));
  }

  @Test
  void writesInParallelWithThePartitionsInOrderAndAShuffledTailLast() throws IOException {
    // Given rows in three partitions, then a sorted tail as the generator appends planted rows
    Dataset<Row> body = spark().range(0, 9, 1, 3).selectExpr("concat('r', id) as code",
        "cast(id as int) as count");
    Dataset<Row> tail = spark().range(0, 3, 1, 2).selectExpr("concat('t', id) as code",
        "cast(-id as int) as count").orderBy(org.apache.spark.sql.functions.col("count"));
    Dataset<Row> df = body.union(tail);
    Path dir = tempDir("landing-csv-parallel");

    // When it is written in parallel
    LandingCsv.writeInParallel(df, dir.resolve("parallel.csv").toString());

    // Then the file holds the header, the partitions in order, then the tail, and nothing else
    // is left (coalesce(1), as write does, put the shuffled tail first here)
    Assertions.assertEquals(List.of("code;count", "r0;0", "r1;1", "r2;2", "r3;3", "r4;4",
        "r5;5", "r6;6", "r7;7", "r8;8", "t2;-2", "t1;-1", "t0;0"),
        Files.readAllLines(dir.resolve("parallel.csv")));
    Assertions.assertEquals(List.of("parallel.csv"), filesIn(dir));
  }
}
