package org.ijcampaign.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.LandingContract.LandingFile;

/**
 * A complete landing zone of a few hand-written rows per file, with one bad row of a known
 * reason in most files, for end-to-end checks of the ingestion.
 */
public final class TinyLanding {
  private TinyLanding() {}

  public static Map<LandingFile, List<String>> rows() {
    Map<LandingFile, List<String>> m = new LinkedHashMap<>();
    m.put(LandingContract.PHYSICIANS, List.of(
        "10000000001;01;LIBERAL;751010101;11;2010-01-01;1970;F",
        "10000000002;01;SALARIED_CENTER;2A0040000;94;2023-06-01;1985;M",
        "10000000003;02;LIBERAL;751010101;11;2001-01-01;1960;M",
        "10000000004;01;LIBERAL;7510101;11;2001-01-01;1960;M"));
    m.put(LandingContract.PATIENTS, List.of(
        "P1;1980;F;;;;;2015-01-01;",
        "P2;1990;M;2020-01-01;;2023-01-01;2023-12-31;2012-05-01;",
        "P3;1955;F;;;;;;",
        "P2;1990;M;2020-01-01;;2023-01-01;2023-12-31;2012-05-01;"));
    m.put(LandingContract.MT_LINKS, List.of(
        "P1;10000000001;2019-01-01;",
        "P2;10000000001;2019-01-01;2024-03-31",
        "P2;10000000002;2024-04-01;",
        "P9;10000000001;2019-01-01;"));
    m.put(LandingContract.CLAIMS, List.of(
        "C1;S1;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;14;511.00;MALADIE;",
        "C2;S1;PROLONGATION;P1;10000000001;2024-03-15;2024-03-18;2024-03-31;14;511.00;MALADIE;",
        "C3;S2;INITIAL;P2;10000000002;2024-05-02;2024-05-05;2024-05-10;6;210.00;AT_MP;",
        "C4;S3;INITIAL;P2;10000000077;2024-05-02;2024-05-05;2024-05-10;6;210.00;MALADIE;",
        "R1;S1;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;14;511.00;MALADIE;C2"));
    m.put(LandingContract.REPLACEMENTS, List.of(
        "10000000001;10000000099;2024-07-01;2024-07-31",
        "10000000001;10000000099;2024-09-01;2024-08-31"));
    m.put(LandingContract.IRIS_INDICATORS, List.of(
        "751010101;75101;11;2500;31000.5;0.08;0.06;0.05;0.09",
        "2A0040000;2A004;94;800;21000;0.18;0.12;0.2;",
        "2A0040000;2A004;94;800;21000;0.18;0.12;0.2;"));
    m.put(LandingContract.IRIS_CLUSTERS, List.of(
        "751010101;1",
        "2A0040000;0"));
    m.put(LandingContract.APL, List.of(
        "75101;2023;4.1;NONE",
        "2A004;2023;2.1;ZIP",
        "2A004;2024;2.1;ZAP"));
    m.put(LandingContract.CAMPAIGN_HISTORY, List.of(
        "10000000001;2023;EXCHANGE;2023-10-01;;",
        "10000000001;2023;MSO;2024-01-15;7.5;REACHED",
        "10000000055;2023;MSAP;2024-01-15;;"));
    return m;
  }

  /** Quarantine reasons the rows above must produce, as "landing_file:reason". */
  public static List<String> expectedReasons() {
    return List.of(
        "apl.csv:invalid_value",
        "campaign_history.csv:unknown_physician",
        "ij_claims:unknown_prescriber",
        "iris_clusters.csv:invalid_value",
        "iris_indicators.csv:duplicate_iris_code",
        "mt_links.csv:unknown_patient",
        "patients.csv:duplicate_patient_id",
        "physicians.csv:invalid_iris_code",
        "replacements.csv:invalid_date_range");
  }

  /**
   * Writes every file as CSV, except the optional {@code iris_clusters} written as Parquet
   * (string columns, as a CSV export would carry them) to exercise the second format.
   */
  public static Path write(SparkSession spark, Path dir) {
    try {
      Files.createDirectories(dir.resolve(LandingContract.CLAIMS.path()));
      for (Map.Entry<LandingFile, List<String>> e : rows().entrySet()) {
        LandingFile f = e.getKey();
        String header = String.join(";", f.columnNames());
        if (f.equals(LandingContract.IRIS_CLUSTERS)) {
          StructType schema = new StructType();
          for (String c : f.columnNames()) {
            schema = schema.add(c, DataTypes.StringType);
          }
          // CSV text, not hand-made rows: each line split in its header's order, as a reader.
          List<Row> rows = e.getValue().stream()
              .map(l -> RowFactory.create((Object[]) l.split(";", -1))).toList();
          spark.createDataFrame(rows, schema).coalesce(1).write()
              .parquet(dir.resolve("iris_clusters.parquet").toString());
        } else if (f.directory()) {
          List<String> all = e.getValue();
          // Two part files, to exercise file-name order.
          writeLines(dir.resolve(f.path()).resolve("part-a.csv"), header,
              all.subList(0, 2));
          writeLines(dir.resolve(f.path()).resolve("part-b.csv"), header,
              all.subList(2, all.size()));
        } else {
          writeLines(dir.resolve(f.path()), header, e.getValue());
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void writeLines(Path file, String header, List<String> lines) throws IOException {
    StringBuilder b = new StringBuilder(header).append('\n');
    lines.forEach(l -> b.append(l).append('\n'));
    Files.writeString(file, b.toString());
  }
}
