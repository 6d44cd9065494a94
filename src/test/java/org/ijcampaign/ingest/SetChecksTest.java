package org.ijcampaign.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.ijcampaign.ingest.IngestFixtures.header;
import static org.ijcampaign.ingest.IngestFixtures.lines;
import static org.ijcampaign.ingest.IngestFixtures.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.Quarantine;
import org.junit.jupiter.api.Test;

class SetChecksTest extends SparkTestBase {

  private Dataset<Row> claims(String sourceFile, String... data) {
    return lines(spark(), LandingContract.CLAIMS, sourceFile, data);
  }

  private static String claim(String id, int days, String reversalOf) {
    return id + ";S1;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;" + days
        + ";100.00;MALADIE;" + (reversalOf == null ? "" : reversalOf);
  }

  private Dataset<Row> check(Dataset<Row> raw) {
    Dataset<Row> rowChecked = RowChecks.apply(raw, LandingContract.CLAIMS,
        header(LandingContract.CLAIMS, "ij_claims/a.csv", "ij_claims/b.csv"));
    return SetChecks.reversals(SetChecks.duplicates(rowChecked, List.of(Claims.CLAIM_ID),
        List.of("ij_claims/a.csv", "ij_claims/b.csv")));
  }

  @Test
  void theFileOrderGivenByTheCallerDecidesNothingButMustNameEveryFile() {
    Dataset<Row> raw = claims("ij_claims/b.csv", claim("C1", 10, null))
        .unionByName(claims("ij_claims/a.csv", claim("C1", 10, null)));
    Dataset<Row> rowChecked = RowChecks.apply(raw, LandingContract.CLAIMS,
        header(LandingContract.CLAIMS, "ij_claims/a.csv", "ij_claims/b.csv"));
    // Listed in the other order: the first occurrence is still in a.csv, which sorts first.
    Dataset<Row> d = SetChecks.duplicates(rowChecked, List.of(Claims.CLAIM_ID),
        List.of("ij_claims/b.csv", "ij_claims/a.csv"));
    assertEquals("repeats the same claim_id of ij_claims/a.csv line 2",
        d.where("source_file = 'ij_claims/b.csv'").head().getAs(Quarantine.DETAIL));
    // A file left out of the list would have no place in the order: the job fails, loudly.
    Exception e = assertThrows(Exception.class, () -> SetChecks.duplicates(rowChecked,
        List.of(Claims.CLAIM_ID), List.of("ij_claims/a.csv", "ij_claims/c.csv")).collect());
    org.junit.jupiter.api.Assertions.assertTrue(
        String.valueOf(e.getMessage()).contains("ij_claims/b.csv"), e.getMessage());
    // The same with a single file given.
    Exception one = assertThrows(Exception.class, () -> SetChecks.duplicates(rowChecked,
        List.of(Claims.CLAIM_ID), List.of("ij_claims/a.csv")).collect());
    org.junit.jupiter.api.Assertions.assertTrue(
        String.valueOf(one.getMessage()).contains("ij_claims/b.csv"), one.getMessage());
  }

  @Test
  void keepsTheFirstOfIdenticalRepeatsInFileNameOrderAndQuarantinesTheOthers() {
    // a.csv sorts before b.csv: its line 2 is the first occurrence, whatever the read order.
    Dataset<Row> raw = claims("ij_claims/b.csv", claim("C1", 10, null))
        .unionByName(claims("ij_claims/a.csv", claim("C1", 10, null), claim("C1", 10, null)));
    Dataset<Row> d = check(raw);
    assertEquals(List.of("2:ok", "3:" + Quarantine.duplicateOf(Claims.CLAIM_ID),
        "2:" + Quarantine.duplicateOf(Claims.CLAIM_ID)), verdicts(d));
    Row repeat = d.where("source_file = 'ij_claims/b.csv'").head();
    assertEquals("repeats the same claim_id of ij_claims/a.csv line 2",
        repeat.getAs(Quarantine.DETAIL));
  }

  @Test
  void quarantinesEveryRowOfAClaimIdCarriedByDifferentRows() {
    Dataset<Row> d = check(claims("ij_claims/a.csv",
        claim("C1", 10, null), claim("C1", 11, null), claim("C1", 10, null),
        claim("C2", 10, null)));
    String conflict = Quarantine.conflictingOf(Claims.CLAIM_ID);
    assertEquals(List.of("2:" + conflict, "3:" + conflict, "4:" + conflict, "5:ok"),
        verdicts(d));
  }

  /**
   * A key carried by more rows than a window keeps in an array (4,096 by default; beyond, Spark's
   * spillable sorter holds them): the first is kept, the 4,999 others repeat it, the claim next
   * to them passes.
   */
  @Test
  void aKeyRepeatedThousandsOfTimesKeepsItsFirstRowOnly() {
    String[] data = new String[5_001];
    Arrays.fill(data, claim("C1", 10, null));
    data[5_000] = claim("C2", 10, null);
    Dataset<Row> d = check(claims("ij_claims/a.csv", data));
    Map<String, Long> byVerdict = new TreeMap<>();
    verdicts(d).forEach(v -> byVerdict.merge(v.substring(v.indexOf(':') + 1), 1L, Long::sum));
    assertEquals(Map.of("ok", 2L, Quarantine.duplicateOf(Claims.CLAIM_ID), 4_999L),
        byVerdict);
    // The claim kept is C1's first line (2), and C2's only line (5002).
    assertEquals(List.of("C1:2", "C2:5002"), d.where(col(Quarantine.REASON).isNull())
        .orderBy(Quarantine.SOURCE_LINE)
        .select(concat_ws(":", col(Claims.CLAIM_ID), col(Quarantine.SOURCE_LINE)))
        .as(Encoders.STRING()).collectAsList());
  }

  @Test
  void aRowAlreadyQuarantinedTakesNoPartInTheDuplicateCheck() {
    Dataset<Row> d = check(claims("ij_claims/a.csv",
        claim("C1", -3, null), claim("C1", 10, null)));
    assertEquals(List.of("2:" + Quarantine.NEGATIVE_PAID_DAYS, "3:ok"), verdicts(d));
  }

  @Test
  void acceptsAReversalOfAnAcceptedClaimAndFlagsTheClaimAsReversed() {
    Dataset<Row> d = check(claims("ij_claims/a.csv",
        claim("C1", 10, null), claim("R1", 10, "C1"), claim("C2", 10, null)));
    assertEquals(List.of("2:ok", "3:ok", "4:ok"), verdicts(d));
    List<String> reversed = d.where(SetChecks.REVERSED).select(Claims.CLAIM_ID)
        .collectAsList().stream().map(r -> r.getString(0)).toList();
    assertEquals(List.of("C1"), reversed);
  }

  @Test
  void quarantinesAReversalOfAnUnknownClaimOrOfAnotherReversal() {
    Dataset<Row> d = check(claims("ij_claims/a.csv",
        claim("C1", 10, null), claim("R1", 10, "C1"), claim("R2", 10, "R1"),
        claim("R3", 10, "C404"), claim("C5", 10, null), claim("C5", 12, null),
        claim("R5", 10, "C5")));
    String conflict = Quarantine.conflictingOf(Claims.CLAIM_ID);
    assertEquals(List.of("2:ok", "3:ok", "4:" + Quarantine.REVERSAL_OF_UNKNOWN_CLAIM,
        "5:" + Quarantine.REVERSAL_OF_UNKNOWN_CLAIM, "6:" + conflict, "7:" + conflict,
        // C5 was quarantined as conflicting: it is not an accepted claim.
        "8:" + Quarantine.REVERSAL_OF_UNKNOWN_CLAIM), verdicts(d));
  }

  @Test
  void quarantinesIdenticalRepeatsOfAFileWithoutKeyAsDuplicateRows() {
    Dataset<Row> raw = lines(spark(), LandingContract.MT_LINKS, "mt_links.csv",
        "P1;10000000001;2020-01-01;", "P1;10000000001;2020-01-01;",
        "P1;10000000001;2020-01-01;2024-01-01");
    Dataset<Row> d = SetChecks.duplicates(RowChecks.apply(raw, LandingContract.MT_LINKS,
        header(LandingContract.MT_LINKS, "mt_links.csv")), List.of(), List.of("mt_links.csv"));
    assertEquals(List.of("2:ok", "3:" + Quarantine.DUPLICATE_ROW, "4:ok"), verdicts(d));
  }
}
