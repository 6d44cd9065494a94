package org.ijcampaign.ingest;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.TableRows;
import org.ijcampaign.schema.LandingContract.LandingFile;
import org.ijcampaign.schema.Quarantine;

/** Raw landing lines written inline, as the reader would produce them. */
final class IngestFixtures {
  private IngestFixtures() {}

  /** Data lines of one source file with the contract header; line 2 is the first. */
  static Dataset<Row> lines(SparkSession spark, LandingFile file, String sourceFile,
      String... data) {
    TableRows rows = TableRows.of(RawLines.SCHEMA);
    for (int i = 0; i < data.length; i++) {
      rows.row(RawLines.LANDING_FILE, file.path(), Quarantine.SOURCE_FILE, sourceFile,
          Quarantine.SOURCE_LINE, (long) i + 2, Quarantine.RAW, data[i]);
    }
    return rows.toDataset(spark);
  }

  static Map<String, List<String>> header(LandingFile file, String... sourceFiles) {
    Map<String, List<String>> h = new TreeMap<>();
    for (String s : sourceFiles) {
      h.put(s, file.columnNames());
    }
    return h;
  }

  /** "line:reason" of every row, reason "ok" when accepted, sorted by line. */
  static List<String> verdicts(Dataset<Row> checked) {
    return checked.orderBy(col(Quarantine.SOURCE_FILE), col(Quarantine.SOURCE_LINE))
        .collectAsList().stream()
        .map(r -> r.getAs(Quarantine.SOURCE_LINE) + ":"
            + (r.getAs(Quarantine.REASON) == null ? "ok" : r.getAs(Quarantine.REASON)))
        .toList();
  }
}
