package org.ijcampaign.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.LandingContract.LandingFile;
import org.ijcampaign.schema.Quarantine;
import org.junit.jupiter.api.Test;

/**
 * The row checks in Java ({@link RowChecks}) against their former formulation as Spark SQL
 * expressions ({@link SqlRowChecks}), on lines drawn at random from valid and broken values of
 * every kind the contract names: both must give every row the same typed values, reason and
 * detail. The draws mix values so that several checks fail on one line and the precedence of
 * reasons is exercised too.
 */
class RowChecksEquivalenceTest extends SparkTestBase {
  private static final int LINES_PER_FILE = 600;

  private static final String[] DATES = {"2024-03-04", "2022-01-01", "2024-02-29", "2023-02-29",
      "2024-02-30", "2024-13-01", "0024-03-04", "1899-12-31", "1900-01-01", "2100-12-31",
      "2101-01-01", "04/03/2024", "2024-3-4", "", "\"2024-03-05\"", "2024-03-04 ", "x"};
  private static final String[] INTS = {"14", "0", "-2", "007", "12.5", "999999999",
      "1000000000", "-999999999", "", "1e3", " 3", "\"15\"", "1950", "1899", "2101", "x"};
  private static final String[] DECIMALS = {"511.00", "0", "-5", "0.5", "1.0", "1.5", "511,00",
      "", ".5", "5.", "1e5", "-0.0", "\"36.5\"", "9".repeat(400), "9".repeat(400) + ".5",
      "NaN", "Infinity", "12 "};
  private static final String[] IDS = {"P1", "C1", "S1", "a b", "a\tb", "", "\"P2\"", "p\"3",
      "ÉLÈVE", "10000000001"};
  private static final String[] RPPS = {"10000000001", "10000000002", "1000000001", "",
      "1000000000A", "\"10000000003\"", "100000000011"};
  private static final String[] CODES = {"75056", "2A004", "2B033", "97411", "7505", "2C004",
      "", "750560101", "2A0040000", "97411ABCD", "11", "1", "AB", "01"};

  @Test
  void javaChecksGiveTheReasonsDetailsAndValuesOfTheSqlChecks() {
    Random random = new Random(20261201L);
    for (LandingFile file : LandingContract.ALL) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < LINES_PER_FILE; i++) {
        lines.add(line(file, random));
      }
      String source = file.path() + (file.directory() ? "/a.csv" : "");
      Dataset<Row> raw = IngestFixtures.lines(spark(), file, source,
          lines.toArray(new String[0]));
      var headers = IngestFixtures.header(file, source);
      List<Row> java = RowChecks.apply(raw, file, headers)
          .orderBy(Quarantine.SOURCE_LINE).collectAsList();
      List<Row> sql = SqlRowChecks.apply(SqlRowChecks.withFields(raw), file, headers)
          .orderBy(Quarantine.SOURCE_LINE).collectAsList();
      assertEquals(sql.get(0).schema(), java.get(0).schema(), file.path() + ": schema");
      long failed = java.stream()
          .filter(r -> !r.isNullAt(r.fieldIndex(Quarantine.REASON))).count();
      // Both accepted and quarantined lines must be exercised, or the comparison says little.
      org.junit.jupiter.api.Assertions.assertTrue(failed > 50 && failed < LINES_PER_FILE - 50,
          file.path() + ": " + failed + " of " + LINES_PER_FILE + " lines failed");
      for (int i = 0; i < sql.size(); i++) {
        assertEquals(sql.get(i), java.get(i), file.path() + " line " + lines.get(i));
      }
    }
  }

  /**
   * Mostly valid values, one field in as many as the file has drawn from the broken ones (so
   * that about a third of the lines is wholly valid); sometimes a field more or less.
   */
  private static String line(LandingFile file, Random r) {
    List<String> f = new ArrayList<>();
    for (LandingContract.Column c : file.columns()) {
      boolean broken = r.nextInt(file.columns().size()) == 0;
      f.add(value(c, r, broken));
    }
    int shape = r.nextInt(40);
    if (shape == 0) {
      f.remove(f.size() - 1);
    } else if (shape == 1) {
      f.add("extra");
    }
    return String.join(LandingContract.SEPARATOR, f);
  }

  private static String value(LandingContract.Column c, Random r, boolean broken) {
    String[] pool = switch (c.type()) {
      case DATE -> DATES;
      case INT -> INTS;
      case DECIMAL -> DECIMALS;
      default -> switch (c.rule()) {
        case RPPS -> RPPS;
        case IRIS, COMMUNE, REGION, SPECIALTY -> CODES;
        case ENUM -> c.values().stream().sorted().toArray(String[]::new);
        default -> IDS;
      };
    };
    if (!broken) {
      String[] valid = switch (c.rule()) {
        case IRIS -> new String[] {"750560101", "2A0040000"};
        case COMMUNE -> new String[] {"75056", "2B033"};
        case REGION, SPECIALTY -> new String[] {"11", "01"};
        case YEAR -> new String[] {"1950", "2024"};
        case FRACTION -> new String[] {"0.5", "0"};
        case POSITIVE -> new String[] {"3", "14"};
        case ENUM -> pool;
        default -> switch (c.type()) {
          // Ends after starts, days within the period: a valid line passes the cross-field rules.
          case DATE -> c.name().endsWith("end") || c.name().endsWith("end_date")
              ? new String[] {"2024-03-17", "2024-06-30"}
              : new String[] {"2024-03-04", "2022-01-01"};
          case INT -> new String[] {"14", "3", "0"};
          case DECIMAL -> new String[] {"511.00", "36.5", "0"};
          default -> java.util.Arrays.copyOf(pool, Math.min(3, pool.length));
        };
      };
      return valid[r.nextInt(valid.length)];
    }
    if (c.rule() == LandingContract.Rule.ENUM) {
      return r.nextBoolean() ? "" : pool[r.nextInt(pool.length)].toLowerCase();
    }
    return pool[r.nextInt(pool.length)];
  }
}
