package org.ijcampaign.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.junit.jupiter.api.Assertions;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.schema.LandingContract;
import org.junit.jupiter.api.Test;

class RejectedRowsTest extends SparkTestBase {
  private static Row row(String file, long line) {
    return RowFactory.create("claims", file, line, null, "r", "d");
  }

  @Test
  void keepsRowsUpToItsCapThenOverflowsForGood() {
    RejectedRows a = new RejectedRows(2);
    Assertions.assertTrue(a.isZero());
    a.add(row("x.csv", 1));
    a.add(row("x.csv", 2));
    assertEquals(2, a.value().size());
    Assertions.assertFalse(a.overflowed());
    a.add(row("x.csv", 3));
    Assertions.assertTrue(a.overflowed());
    assertEquals(0, a.value().size(), "past the cap the rows are read again, not kept");
    a.add(row("x.csv", 4));
    Assertions.assertTrue(a.overflowed());
    a.reset();
    Assertions.assertTrue(a.isZero());
  }

  @Test
  void aMergeOverflowsWhenEitherSideDidOrTheirSumPassesTheCap() {
    RejectedRows a = new RejectedRows(3);
    a.add(row("x.csv", 1));
    RejectedRows b = a.copy();
    b.add(row("x.csv", 2));
    a.merge(b);
    assertEquals(3, a.value().size(), "1 + the copy's 2");
    Assertions.assertFalse(a.overflowed());
    a.merge(b);
    Assertions.assertTrue(a.overflowed(), "3 + 2 > 3");
    RejectedRows c = new RejectedRows(3);
    RejectedRows over = new RejectedRows(0);
    over.add(row("y.csv", 1));
    c.merge(over);
    Assertions.assertTrue(c.overflowed());
  }

  /** Hand-made checked rows: line 2 and 4 rejected, 1 and 3 accepted. */
  private Dataset<Row> checked() {
    return spark().sql("select 'claims' as landing_file, 'claims/x.csv' as source_file, "
        + "1L as source_line, cast(null as string) as raw, cast(null as string) as reason, "
        + "cast(null as string) as detail, 'C1' as claim_id union all "
        + "select 'claims', 'claims/x.csv', 2L, null, 'duplicate_claim_id', 'repeats', 'C1' "
        + "union all select 'claims', 'claims/x.csv', 3L, null, null, null, 'C3' "
        + "union all select 'claims', 'claims/x.csv', 4L, 'a;b', 'missing_value', 'column', "
        + "null").repartition(2);
  }

  private static List<String> lines(Dataset<Row> d) {
    return d.collectAsList().stream().map(r -> r.getAs("landing_file") + ":"
        + r.getAs("source_line") + ":" + r.getAs("reason") + ":" + r.getAs("raw")).sorted()
        .toList();
  }

  @Test
  void theWriteKeepsTheAcceptedRowsAndGathersTheOthersOnceEach() {
    RejectedRows gathered = RejectedRows.register(spark(), "test", 10);
    Dataset<Row> accepted = gathered.accepted(checked(), "claims");
    assertEquals(List.of("claims:1:null:null", "claims:3:null:null"), lines(accepted));
    // Run twice, as a retried task would: each rejected row is still there once.
    lines(accepted);
    assertEquals(4, gathered.value().size());
    assertEquals(List.of("claims:2:duplicate_claim_id:null", "claims:4:missing_value:a;b"),
        lines(Ingestion.rejected(spark(), LandingContract.CLAIMS, checked(), gathered)));
  }

  @Test
  void pastTheCapTheRejectedRowsAreReadAgainFromTheCheckedRows() {
    RejectedRows gathered = RejectedRows.register(spark(), "test", 1);
    assertEquals(2, gathered.accepted(checked(), "claims").count());
    Assertions.assertTrue(gathered.overflowed());
    assertEquals(List.of("claims:2:duplicate_claim_id:null", "claims:4:missing_value:a;b"),
        lines(Ingestion.rejected(spark(), LandingContract.CLAIMS, checked(), gathered)));
  }
}
