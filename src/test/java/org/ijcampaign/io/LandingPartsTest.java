package org.ijcampaign.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class LandingPartsTest extends SparkTestBase {

  private static final StructType SCHEMA = new StructType()
      .add("file", DataTypes.StringType)
      .add("id", DataTypes.StringType)
      .add("key", DataTypes.LongType)
      .add("late", DataTypes.BooleanType)
      .add("days", DataTypes.StringType);

  private static List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The rows in the given order, in one task. */
  private Dataset<Row> rows(Object[]... rows) {
    TableRows t = TableRows.of(SCHEMA);
    for (Object[] r : rows) {
      t = t.row("file", r[0], "id", r[1], "key", r[2], "late", r[3], "days", r[4]);
    }
    return t.toDataset(spark()).coalesce(1);
  }

  private static String messageChain(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      s.append(t.getMessage()).append('\n');
    }
    return s.toString();
  }

  @Test
  void writesEachFileInKeyOrderWithTheLateRowsAfterTheOthers() throws IOException {
    // Given rows of two files, the late ones (keys 100, 200) arriving among the others
    Dataset<Row> df = rows(
        new Object[] {"a.csv", "w1", 100L, true, "7"},
        new Object[] {"a.csv", "x1", 1L, false, "3"},
        new Object[] {"b.csv", "y1", 3L, false, null},
        new Object[] {"a.csv", "w2", 200L, true, ""},
        new Object[] {"a.csv", "x2", 5L, false, "12"});
    Path dir = tempDir("landing-parts");

    // When they are written by file in key order
    LandingParts.writeInKeyOrder(df, "file", "key", "late", dir.toString());

    // Then each file is its header, the other rows as they came, then the late rows; the
    // routing columns are not written, null and empty are empty fields, and nothing else is left
    assertEquals(List.of("a.csv", "b.csv"), filesIn(dir));
    assertEquals(List.of("id;days", "x1;3", "x2;12", "w1;7", "w2;"),
        Files.readAllLines(dir.resolve("a.csv")));
    assertEquals(List.of("id;days", "y1;"), Files.readAllLines(dir.resolve("b.csv")));
  }

  /** Sums the {@code days} column (empty and null as 0) and counts the late rows. */
  private static final class DaysTally implements RowTally {
    @Override
    public List<String> columns() {
      return List.of("days", "late");
    }

    @Override
    public List<String> names() {
      return List.of("days", "late rows");
    }

    @Override
    public void add(long[] totals, InternalRow row, int[] at) {
      String days = row.isNullAt(at[0]) ? "" : row.getUTF8String(at[0]).toString();
      totals[0] += days.isEmpty() ? 0 : Long.parseLong(days);
      totals[1] += row.getBoolean(at[1]) ? 1 : 0;
    }
  }

  @Test
  void talliesEveryRowItWritesAndLeavesTheTalliedColumnsOut() throws IOException {
    // Given the rows of two files, in two tasks, and a tally of their days and late rows
    Dataset<Row> df = rows(
        new Object[] {"a.csv", "w1", 100L, true, "7"},
        new Object[] {"a.csv", "x1", 1L, false, "3"},
        new Object[] {"b.csv", "y1", 3L, false, null},
        new Object[] {"a.csv", "x2", 5L, false, "12"}).repartition(1)
        .union(rows(new Object[] {"c.csv", "z1", 1L, false, "4"}));
    Path dir = tempDir("landing-parts-tally");

    // When they are written with the tally
    long[] totals = LandingParts.writeInKeyOrder(df, "file", "key", "late", dir.toString(),
        new DaysTally());

    // Then the totals cover the rows of both tasks: 7 + 3 + 12 + 4 days, one late row
    Assertions.assertArrayEquals(new long[] {26, 1}, totals);
    // and the tallied column "days" is not written (the routing ones never are)
    assertEquals(List.of("id", "x1", "x2", "w1"), Files.readAllLines(dir.resolve("a.csv")));
    assertEquals(List.of("id", "z1"), Files.readAllLines(dir.resolve("c.csv")));
  }

  @Test
  void joinsEachTasksPartAfterTheHeaderInPartitionOrder() throws IOException {
    // Given three partitions, the last one (say, planted rows) holding a null day
    Dataset<Row> df = rows(
        new Object[] {"a.csv", "x1", 1L, false, "3"},
        new Object[] {"a.csv", "x2", 2L, true, "12"})
        .union(rows(new Object[] {"a.csv", "y1", 3L, false, "7"}))
        .union(rows(new Object[] {"a.csv", "z1", 4L, false, null}))
        .select("id", "days");
    Path file = tempDir("landing-joined").resolve("joined.csv");

    // When they are written as one file, with a tally of the days
    LandingParts.Written w = LandingParts.writeJoined(df, file.toString(), new RowTally() {
      @Override
      public List<String> columns() {
        return List.of();
      }

      @Override
      public List<String> names() {
        return List.of("days");
      }

      @Override
      public void add(long[] totals, InternalRow row, int[] at) {
        totals[0] += row.isNullAt(1) ? 0 : Long.parseLong(row.getUTF8String(1).toString());
      }
    });

    // Then the file is the header and the rows in partition order, null as an empty field;
    // the lines and the tally count every row (3 + 12 + 7 days)
    assertEquals(List.of("id;days", "x1;3", "x2;12", "y1;7", "z1;"), Files.readAllLines(file));
    assertEquals(4, w.lines());
    Assertions.assertArrayEquals(new long[] {22}, w.totals());
    // and no temporary part is left beside it
    assertEquals(List.of("joined.csv"), filesIn(file.getParent()));
  }

  @Test
  void refusesRowsOutOfKeyOrderRatherThanWritingAnotherOrder() throws IOException {
    // Given a file whose rows arrive with key 5 before key 1
    Dataset<Row> df = rows(
        new Object[] {"a.csv", "x2", 5L, false, "12"},
        new Object[] {"a.csv", "x1", 1L, false, "3"});
    Path dir = tempDir("landing-parts-order");

    // When they are written, then the write fails naming the file and both keys
    Exception e = assertThrows(Exception.class,
        () -> LandingParts.writeInKeyOrder(df, "file", "key", "late", dir.toString()));
    Assertions.assertTrue(messageChain(e).contains("file a.csv: key 1 comes after 5"), messageChain(e));
    // and no landing file is left behind
    assertEquals(List.of(), filesIn(dir));
  }

  @Test
  void refusesLateRowsThatDoNotComeAfterTheOthers() throws IOException {
    // Given a late row whose key (4) lies below another row's (5)
    Dataset<Row> df = rows(
        new Object[] {"a.csv", "x1", 1L, false, "3"},
        new Object[] {"a.csv", "w1", 4L, true, "7"},
        new Object[] {"a.csv", "x2", 5L, false, "12"});
    Path dir = tempDir("landing-parts-late");

    Exception e = assertThrows(Exception.class,
        () -> LandingParts.writeInKeyOrder(df, "file", "key", "late", dir.toString()));
    Assertions.assertTrue(messageChain(e).contains("late key 4 does not come after the last other key 5"),
        messageChain(e));
  }

  @Test
  void refusesAColumnThatIsNotTextRatherThanFormatItItself() {
    // The caller formats numbers and dates: a typed column written as it is would be bytes
    Dataset<Row> df = rows(new Object[] {"a.csv", "x1", 1L, false, "3"})
        .withColumn("count", org.apache.spark.sql.functions.lit(7L));

    Exception e = assertThrows(IllegalArgumentException.class,
        () -> LandingParts.writeInKeyOrder(df, "file", "key", "late",
            tempDir("landing-parts-typed").toString()));
    Assertions.assertTrue(e.getMessage().contains("column count is bigint"), e.getMessage());
  }

  @Test
  void refusesAValueHoldingTheSeparator() throws IOException {
    // The files are written without quoting, so a value that would need it is an error
    Dataset<Row> df = rows(new Object[] {"a.csv", "x;1", 1L, false, "3"});
    Path dir = tempDir("landing-parts-separator");

    Exception e = assertThrows(Exception.class,
        () -> LandingParts.writeInKeyOrder(df, "file", "key", "late", dir.toString()));
    Assertions.assertTrue(messageChain(e).contains("file a.csv, column id: the value 'x;1' holds a separator"),
        messageChain(e));
  }
}
