package org.ijcampaign.ingest;

import static org.ijcampaign.ingest.IngestFixtures.header;
import static org.ijcampaign.ingest.IngestFixtures.lines;
import static org.ijcampaign.ingest.IngestFixtures.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.Physicians;
import org.ijcampaign.schema.Quarantine;
import org.junit.jupiter.api.Test;

class RowChecksTest extends SparkTestBase {
  private static final String OK_CLAIM =
      "C1;S1;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;14;511.00;MALADIE;";

  private Dataset<Row> claims(String... data) {
    return RowChecks.apply(lines(spark(), LandingContract.CLAIMS, "ij_claims/a.csv", data),
        LandingContract.CLAIMS, header(LandingContract.CLAIMS, "ij_claims/a.csv"));
  }

  private Dataset<Row> physicians(String... data) {
    return RowChecks.apply(lines(spark(), LandingContract.PHYSICIANS, "physicians.csv", data),
        LandingContract.PHYSICIANS, header(LandingContract.PHYSICIANS, "physicians.csv"));
  }

  @Test
  void acceptsAWellFormedClaimWithTypedValues() {
    Row r = claims(OK_CLAIM).head();
    assertTrue(r.isNullAt(r.fieldIndex(Quarantine.REASON)));
    assertEquals(Date.valueOf("2024-03-04"), r.<Date>getAs(Claims.PERIOD_START));
    assertEquals(14, (int) r.getAs(Claims.PAID_DAYS));
    assertEquals(511.0, (double) r.getAs(Claims.AMOUNT_EUR));
    assertTrue(r.isNullAt(r.fieldIndex(Claims.REVERSAL_OF)));
  }

  @Test
  void quarantinesEachBrokenClaimWithTheReasonOfDesign() {
    List<String> got = verdicts(claims(
        OK_CLAIM,
        "C2;S1;INITIAL;P1;10000000001;2024-03-01;2024-03-04;14;511.00;MALADIE;",
        "C3;S1;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-02-30;14;511.00;MALADIE;",
        "C4;S1;INITIAL;P1;10000000001;;2024-03-04;2024-03-17;14;511.00;MALADIE;",
        "C5;S1;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;12.5;511.00;MALADIE;",
        "C6;S1;INITIAL;P1;10000000001;2024-03-01;2024-03-17;2024-03-04;14;511.00;MALADIE;",
        "C7;S1;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;-2;511.00;MALADIE;",
        "C8;S1;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;15;511.00;MALADIE;",
        "C9;S1;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;14;-5;MALADIE;",
        "C10;S1;INITIAL;P1;1000000001;2024-03-01;2024-03-04;2024-03-17;14;511.00;MALADIE;",
        "C11;S1;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;14;511.00;MALADY;",
        "C12;S1;INITIAL;;10000000001;2024-03-01;2024-03-04;2024-03-17;14;511.00;MALADIE;",
        "C13;S1;INITIAL;P1;10000000001;01/03/2024;2024-03-04;2024-03-17;14;511,00;MALADIE;",
        ""));
    assertEquals(List.of(
        "2:ok",
        "3:" + Quarantine.MALFORMED_ROW,
        "4:" + Quarantine.UNPARSEABLE_DATE,
        "5:" + Quarantine.UNPARSEABLE_DATE,
        "6:" + Quarantine.UNPARSEABLE_NUMBER,
        "7:" + Quarantine.PERIOD_END_BEFORE_START,
        "8:" + Quarantine.NEGATIVE_PAID_DAYS,
        "9:" + Quarantine.PAID_DAYS_EXCEED_PERIOD,
        "10:" + Quarantine.NEGATIVE_AMOUNT,
        "11:" + Quarantine.INVALID_IDENTIFIER,
        "12:" + Quarantine.INVALID_VALUE,
        "13:" + Quarantine.MISSING_VALUE,
        // Two faults: the date column comes first in the contract, so its reason wins.
        "14:" + Quarantine.UNPARSEABLE_DATE,
        "15:" + Quarantine.MALFORMED_ROW), got);
  }

  @Test
  void quarantinesDatesOutsideTheContractYearsAsUnparseableKeepingThePrecedence() {
    List<String> got = verdicts(claims(
        "C1;S1;INITIAL;P1;10000000001;0024-05-01;2024-03-04;2024-03-17;14;511.00;MALADIE;",
        "C2;S1;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2101-01-01;14;511.00;MALADIE;",
        "C3;S1;INITIAL;P1;10000000001;1899-12-31;2024-03-04;2024-03-17;-2;511.00;MALADIE;",
        "C4;S1;INITIAL;P1;10000000001;1900-01-01;2024-03-04;2024-03-17;14;511.00;MALADIE;"));
    assertEquals(List.of("2:" + Quarantine.UNPARSEABLE_DATE, "3:" + Quarantine.UNPARSEABLE_DATE,
        "4:" + Quarantine.UNPARSEABLE_DATE, "5:ok"), got);
    Row r = claims(
        "C1;S1;INITIAL;P1;10000000001;0024-05-01;2024-03-04;2024-03-17;14;511.00;MALADIE;")
        .head();
    assertEquals("column prescription_date: '0024-05-01' is not a date yyyy-MM-dd between 1900 "
        + "and 2100", r.getAs(Quarantine.DETAIL));
    assertTrue(r.isNullAt(r.fieldIndex(Claims.PRESCRIPTION_DATE)));
  }

  @Test
  void quarantinesANumberTooLargeForADoubleInsteadOfStoringInfinity() {
    String huge = "9".repeat(400);
    Dataset<Row> d = claims(
        "C1;S1;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;14;" + huge + ";MALADIE;",
        "C2;S1;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;14;-" + huge
            + ".5;MALADIE;",
        "C3;S1;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;14;"
            + "9".repeat(300) + ";MALADIE;");
    assertEquals(List.of("2:" + Quarantine.UNPARSEABLE_NUMBER,
        "3:" + Quarantine.UNPARSEABLE_NUMBER, "4:ok"), verdicts(d));
    assertEquals("column amount_eur: a number of 400 characters is out of range",
        d.orderBy(Quarantine.SOURCE_LINE).head().getAs(Quarantine.DETAIL));
  }

  @Test
  void namesTheColumnAndTheValueInTheDetail() {
    Row r = claims(
        "C5;S1;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;12.5;511.00;MALADIE;")
        .head();
    assertEquals("column paid_days: '12.5' is not an integer", r.getAs(Quarantine.DETAIL));
  }

  @Test
  void acceptsCorsicanAndOverseasIrisCodesAndRefusesMalformedOnes() {
    List<String> got = verdicts(physicians(
        "10000000001;01;LIBERAL;2A0040101;94;2015-05-01;1970;F",
        "10000000002;01;LIBERAL;971010000;01;2015-05-01;1970;M",
        "10000000003;01;LIBERAL;75101010;11;2015-05-01;1970;M",
        "10000000004;01;LIBERAL;2C0040101;94;2015-05-01;1970;M",
        "10000000005;01;ALONE;751010101;11;2015-05-01;1970;M",
        "10000000006;01;LIBERAL;751010101;11;2015-05-01;1870;M"));
    assertEquals(List.of("2:ok", "3:ok", "4:" + Quarantine.INVALID_IRIS_CODE,
        "5:" + Quarantine.INVALID_IRIS_CODE, "6:" + Quarantine.INVALID_VALUE,
        "7:" + Quarantine.INVALID_VALUE), got);
  }

  @Test
  void acceptsASubstituteWithoutInstallationDate() {
    Dataset<Row> d = physicians("10000000001;01;LIBERAL;751010101;11;;1990;F",
        "10000000002;01;LIBERAL;751010101;11;2015-13-01;1990;F");
    assertEquals(List.of("2:ok", "3:" + Quarantine.UNPARSEABLE_DATE), verdicts(d));
    Row r = d.orderBy(Quarantine.SOURCE_LINE).head();
    assertTrue(r.isNullAt(r.fieldIndex(Physicians.INSTALLATION_DATE)));
  }

  @Test
  void quarantinesAnAldRangeEndingBeforeItStartsOrWithoutStart() {
    Dataset<Row> d = RowChecks.apply(lines(spark(), LandingContract.PATIENTS, "patients.csv",
            "P1;1980;F;2020-01-01;2019-01-01;;;;",
            "P2;1980;F;;2019-01-01;;;;",
            "P3;1980;F;2018-01-01;;;;2010-01-01;",
            "P4;1980;X;;;;;;"),
        LandingContract.PATIENTS, header(LandingContract.PATIENTS, "patients.csv"));
    assertEquals(List.of("2:" + Quarantine.INVALID_DATE_RANGE,
        "3:" + Quarantine.INVALID_DATE_RANGE, "4:ok", "5:" + Quarantine.INVALID_VALUE),
        verdicts(d));
  }

  @Test
  void readsColumnsByTheirHeaderNameWhateverTheirOrderInEachFile() {
    List<String> reordered = new java.util.ArrayList<>(LandingContract.APL.columnNames());
    java.util.Collections.reverse(reordered); // zoning;apl;year;commune_code
    Dataset<Row> raw = lines(spark(), LandingContract.APL, "apl.csv", "01001;2023;2.5;NONE")
        .unionByName(lines(spark(), LandingContract.APL, "apl_b.csv", "ZIP;1.9;2023;2B033"));
    Dataset<Row> d = RowChecks.apply(raw, LandingContract.APL, Map.of(
        "apl.csv", LandingContract.APL.columnNames(), "apl_b.csv", reordered));
    List<String> got = d.orderBy("source_file").collectAsList().stream()
        .map(r -> r.getAs("commune_code") + "|" + r.getAs("year") + "|" + r.getAs("apl") + "|"
            + r.getAs("zoning") + "|" + r.getAs(Quarantine.REASON)).toList();
    assertEquals(List.of("01001|2023|2.5|NONE|null", "2B033|2023|1.9|ZIP|null"), got);
  }

  @Test
  void unquotesValuesThatACsvWriterQuoted() {
    Row r = claims("\"C1\";S1;INITIAL;P1;\"10000000001\";2024-03-01;2024-03-04;2024-03-17;14;"
        + "511.00;MALADIE;\"\"").head();
    assertTrue(r.isNullAt(r.fieldIndex(Quarantine.REASON)));
    assertEquals("C1", r.getAs(Claims.CLAIM_ID));
    assertTrue(r.isNullAt(r.fieldIndex(Claims.REVERSAL_OF)));
  }
}
