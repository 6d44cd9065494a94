package org.ijcampaign.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.Quarantine;
import org.ijcampaign.schema.Tables;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Values that once killed the ingestion or passed as good ones, in one real claim file of an
 * otherwise tiny landing zone: each becomes a quarantined row, the run ends, and the rest of the
 * zone is ingested.
 */
class BadValuesTest extends SparkTestBase {
  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void aYear0024AHugeAmountAndNonUtf8BytesAreQuarantinedRowsNotACrash() throws Exception {
    Path landing = TinyLanding.write(spark(), tempDir("landing"));
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(latin1(String.join(";", LandingContract.CLAIMS.columnNames()) + "\n"));
    file.write(latin1("Y1;S7;INITIAL;P1;10000000001;0024-05-01;2024-03-04;2024-03-17;14;"
        + "511.00;MALADIE;\n"));
    file.write(latin1("A1;S7;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;14;"
        + "9".repeat(400) + ";MALADIE;\n"));
    // Two claim ids differing in one byte that is not UTF-8 (Latin-1 é and è).
    byte[] e1 = latin1("E\u00e9;S7;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;14;"
        + "511.00;MALADIE;");
    byte[] e2 = latin1("E\u00e8;S7;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;14;"
        + "511.00;MALADIE;");
    file.write(e1);
    file.write('\n');
    file.write(e2);
    file.write('\n');
    file.write(latin1("OK1;S7;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;14;"
        + "511.00;MALADIE;\n"));
    Files.write(landing.resolve("ij_claims/part-c.csv"), file.toByteArray());

    DeltaStore store = new DeltaStore(spark(), tempDir("wh").toString());
    List<RunLog.Count> counts = Ingestion.run(store,
        new RunLog(store, "ingest", Map.of(), "test", "h"), landing.toString());

    RunLog.Count c = counts.stream().filter(x -> x.item().equals("ij_claims/part-c.csv"))
        .findFirst().orElseThrow();
    assertEquals("5=1+4", c.read() + "=" + c.accepted() + "+" + c.quarantined());
    List<String> q = store.read(Tables.QUARANTINE)
        .where("source_file = 'ij_claims/part-c.csv'").orderBy(Quarantine.SOURCE_LINE)
        .collectAsList().stream()
        .map(r -> r.getAs(Quarantine.SOURCE_LINE) + ":" + r.getAs(Quarantine.REASON)).toList();
    assertEquals(List.of("2:" + Quarantine.UNPARSEABLE_DATE, "3:" + Quarantine.UNPARSEABLE_NUMBER,
        "4:" + Quarantine.INVALID_ENCODING, "5:" + Quarantine.INVALID_ENCODING), q);
    // Each line's exact bytes are kept, so the two ids stay two.
    List<Row> bad = store.read(Tables.QUARANTINE)
        .where("reason = '" + Quarantine.INVALID_ENCODING + "'").orderBy(Quarantine.SOURCE_LINE)
        .collectAsList();
    for (int i = 0; i < 2; i++) {
      String detail = bad.get(i).getAs(Quarantine.DETAIL);
      String hex = HexFormat.of().withUpperCase().formatHex(i == 0 ? e1 : e2);
      Assertions.assertTrue(detail.endsWith(hex), detail);
      Assertions.assertTrue(((String) bad.get(i).getAs(Quarantine.RAW)).startsWith("E\uFFFD;"));
    }
    assertEquals(List.of("OK1"), store.read(Tables.CLAIMS_CLEAN).where("stop_id = 'S7'")
        .select(Claims.CLAIM_ID).collectAsList().stream().map(r -> r.getString(0)).toList());
  }
}
