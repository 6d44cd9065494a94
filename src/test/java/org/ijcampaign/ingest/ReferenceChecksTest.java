package org.ijcampaign.ingest;

import static org.ijcampaign.ingest.IngestFixtures.header;
import static org.ijcampaign.ingest.IngestFixtures.lines;
import static org.ijcampaign.ingest.IngestFixtures.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.MtLinks;
import org.ijcampaign.schema.Quarantine;
import org.junit.jupiter.api.Test;

class ReferenceChecksTest extends SparkTestBase {

  /** Links of P1 (known), P2 (unknown, twice), and a malformed line naming P3 (unknown). */
  private Dataset<Row> links() {
    return RowChecks.apply(lines(spark(), LandingContract.MT_LINKS, "mt_links.csv",
            "P1;10000000001;2024-01-01;", "P2;10000000001;2024-01-01;",
            "P2;10000000002;2024-02-01;", "P3;10000000001;not-a-date;"),
        LandingContract.MT_LINKS, header(LandingContract.MT_LINKS, "mt_links.csv"));
  }

  private Dataset<Row> ids(String... ids) {
    return spark().createDataset(List.of(ids), Encoders.STRING()).toDF("patient_id");
  }

  @Test
  void marksRowsNamingAnIdThatWasNotAcceptedAndKeepsAnEarlierReasonEitherWay() {
    Dataset<Row> d = ReferenceChecks.requireKnown(links(), MtLinks.PATIENT_ID, ids("P1", "P9"),
        Quarantine.UNKNOWN_PATIENT);
    assertEquals(List.of("2:ok", "3:" + Quarantine.UNKNOWN_PATIENT,
        "4:" + Quarantine.UNKNOWN_PATIENT, "5:" + Quarantine.UNPARSEABLE_DATE), verdicts(d));
    assertEquals("column patient_id: 'P2' is not in the accepted rows of its reference file",
        d.where("source_line = 3").head().getAs(Quarantine.DETAIL));
  }

  /**
   * The links and another file (naming P1 and P4) checked against the accepted P1 and P9 in one
   * pass: P2 and P4 are unknown; P3's row failed before, so the links name no P3. Marking the
   * links with that set gives what their own check gives.
   */
  @Test
  void twoFilesNamingTheSameFileAreCheckedInOnePassWithTheSameVerdicts() {
    for (boolean small : new boolean[] {true, false}) {
      Dataset<Row> unknown = ReferenceChecks.unknownIds(List.of(
          ReferenceChecks.named(links(), MtLinks.PATIENT_ID), ids("P1", "P4")),
          ids("P1", "P9"), small);
      assertEquals(List.of("P2", "P4"), unknown.select("_unknown_id").as(Encoders.STRING())
          .collectAsList().stream().sorted().toList(), "broadcast " + small);
      Dataset<Row> d = ReferenceChecks.markUnknown(links(), MtLinks.PATIENT_ID, unknown,
          Quarantine.UNKNOWN_PATIENT);
      assertEquals(List.of("2:ok", "3:" + Quarantine.UNKNOWN_PATIENT,
          "4:" + Quarantine.UNKNOWN_PATIENT, "5:" + Quarantine.UNPARSEABLE_DATE), verdicts(d),
          "broadcast " + small);
    }
  }
}
