package org.ijcampaign.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import org.junit.jupiter.api.Assertions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.InputError;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.Quarantine;
import org.ijcampaign.schema.Tables;
import org.junit.jupiter.api.Test;

class IngestionTest extends SparkTestBase {
  /** One ingestion of the tiny landing zone, shared by the tests that only read its output. */
  private static DeltaStore ingested;
  private static Path landing;
  private static List<RunLog.Count> counts;

  private DeltaStore ingested() {
    if (ingested == null) {
      landing = TinyLanding.write(spark(), tempDir("landing"));
      DeltaStore store = store();
      counts = Ingestion.run(store, log(store), landing.toString());
      ingested = store;
    }
    return ingested;
  }

  private DeltaStore store() {
    return new DeltaStore(spark(), tempDir("wh").toString());
  }

  private RunLog log(DeltaStore store) {
    return new RunLog(store, "ingest", Map.of(), "test", "h");
  }

  private static List<String> strings(Dataset<Row> d) {
    return d.collectAsList().stream().map(r -> r.mkString("|")).sorted().toList();
  }

  @Test
  void quarantinesEachBadRowWithItsReasonAndReconcilesEveryFile() {
    DeltaStore store = ingested();
    List<String> reasons = strings(store.read(Tables.QUARANTINE)
        .selectExpr("concat(landing_file, ':', reason)"));
    assertEquals(TinyLanding.expectedReasons(), reasons);
    for (RunLog.Count c : counts) {
      assertEquals(c.read(), c.accepted() + c.quarantined(), c.item());
    }
    // Per source file: claims part-b holds C3, C4 (unknown prescriber) and R1.
    Assertions.assertTrue(counts.contains(new RunLog.Count("ij_claims/part-b.csv", 3, 2, 1)),
        counts.toString());
    Assertions.assertTrue(counts.contains(new RunLog.Count("physicians.csv", 4, 3, 1)),
        counts.toString());
  }

  @Test
  void keepsProvenanceAndFlagsReversedClaimsInClaimsClean() {
    DeltaStore store = ingested();
    List<String> claims = strings(store.read(Tables.CLAIMS_CLEAN)
        .select(Claims.CLAIM_ID, SetChecks.REVERSED, Quarantine.SOURCE_FILE,
            Quarantine.SOURCE_LINE));
    assertEquals(List.of("C1|false|ij_claims/part-a.csv|2", "C2|true|ij_claims/part-a.csv|3",
        "C3|false|ij_claims/part-b.csv|2", "R1|false|ij_claims/part-b.csv|4"), claims);

    Row bad = store.read(Tables.QUARANTINE).where("reason = 'unknown_prescriber'").head();
    assertEquals("ij_claims/part-b.csv", bad.getAs(Quarantine.SOURCE_FILE));
    assertEquals(3L, (long) bad.getAs(Quarantine.SOURCE_LINE));
    assertEquals(TinyLanding.rows().get(LandingContract.CLAIMS).get(3),
        bad.getAs(Quarantine.RAW));
    assertEquals("column prescriber_id: '10000000077' is not in the accepted rows of its "
        + "reference file", bad.getAs(Quarantine.DETAIL));
  }

  @Test
  void everyQuarantinedCsvRowCarriesTheTextOfItsLine() throws IOException {
    // Rows rejected by a row check keep their text from the checks, the others (duplicates,
    // unknown references, reversals) get it from a second read of their file: both must be
    // the line at source_line.
    DeltaStore store = ingested();
    List<Row> bad = store.read(Tables.QUARANTINE)
        .where("source_file like '%.csv'").collectAsList();
    Assertions.assertTrue(bad.size() >= 5, "too few quarantined CSV rows: " + bad.size());
    for (Row r : bad) {
      List<String> lines = Files.readAllLines(landing.resolve((String) r.getAs(
          Quarantine.SOURCE_FILE)), java.nio.charset.StandardCharsets.UTF_8);
      long line = r.getAs(Quarantine.SOURCE_LINE);
      assertEquals(lines.get((int) line - 1), r.getAs(Quarantine.RAW), r.mkString("|"));
    }
  }

  @Test
  void findsTheTextOfRowsRejectedWithoutItByRowIdAndByReadingTheWholeFileAlike()
      throws IOException {
    Path dir = tempDir("requarantine");
    Path parquet = dir.resolve("p.parquet");
    spark().sql("select 'pa' as a, 'pb' as b").coalesce(1).write().parquet(parquet.toString());
    long size;
    try (java.util.stream.Stream<Path> parts = Files.list(parquet)) {
      size = parts.mapToLong(f -> f.toFile().length()).sum();
    }
    List<SourceFile> sources = List.of(RawLinesTest.write(dir, "x.csv", 40, false),
        RawLinesTest.write(dir, "y.csv", 10, true), new SourceFile(parquet.toUri().toString(),
            "claims/p.parquet", SourceFile.Format.PARQUET, List.of("a", "b"), size));
    RawLines.Read read = RawLines.read(spark(), "claims", sources);
    // Two rejected rows without text (a set check's), one with it (a row check's).
    Dataset<Row> rejected = spark().sql("select 'claims' as landing_file, "
        + "'claims/x.csv' as source_file, 17L as source_line, cast(null as string) as raw, "
        + "'duplicate_claim_id' as reason, 'd' as detail union all "
        + "select 'claims', 'claims/y.csv', 11L, null, 'unknown_patient', 'd' union all "
        + "select 'claims', 'claims/p.parquet', 2L, null, 'unknown_patient', 'd' union all "
        + "select 'claims', 'claims/x.csv', 5L, 'as checked', 'missing_value', 'd'");
    List<String> expected = List.of("claims/p.parquet:2 {\"a\":\"pa\",\"b\":\"pb\"}",
        "claims/x.csv:17 line-17;\"x.csv\"", "claims/x.csv:5 as checked",
        "claims/y.csv:11 line-11;\"y.csv\"");
    for (long byIdUpTo : new long[] {Ingestion.RESCAN_BY_ID_ROWS, 0}) {
      List<String> got = Ingestion.quarantined(spark(), List.of(rejected),
              Map.of("claims", read), byIdUpTo)
          .collectAsList().stream().map(r -> r.getAs(Quarantine.SOURCE_FILE) + ":"
              + r.getAs(Quarantine.SOURCE_LINE) + " " + r.getAs(Quarantine.RAW))
          .sorted().toList();
      assertEquals(expected, got, "rows found by id up to " + byIdUpTo);
    }
  }

  @Test
  void readsAParquetFileWithTheContractColumns() {
    DeltaStore store = ingested();
    assertEquals(List.of("751010101|1|iris_clusters.parquet|2"),
        strings(store.read(Tables.IRIS_CLUSTERS)));
    Row bad = store.read(Tables.QUARANTINE).where("landing_file = 'iris_clusters.csv'").head();
    assertEquals("{\"iris_code\":\"2A0040000\",\"cluster\":\"0\"}", bad.getAs(Quarantine.RAW));
    assertEquals(3L, (long) bad.getAs(Quarantine.SOURCE_LINE));
  }

  @Test
  void reRunningOnTheSameLandingZoneLeavesEveryTableUnchanged() {
    DeltaStore store = ingested();
    Map<String, List<String>> before = new java.util.TreeMap<>();
    for (LandingContract.LandingFile f : LandingContract.ALL) {
      before.put(f.table(), strings(store.read(f.table())));
    }
    before.put(Tables.QUARANTINE, strings(store.read(Tables.QUARANTINE)));
    long version = store.version(Tables.CLAIMS_CLEAN);
    Ingestion.run(store, log(store), landing.toString());
    Assertions.assertTrue(store.version(Tables.CLAIMS_CLEAN) > version);
    for (Map.Entry<String, List<String>> e : before.entrySet()) {
      assertEquals(e.getValue(), strings(store.read(e.getKey())), e.getKey());
    }
  }

  @Test
  void aMissingFileStopsTheRunBeforeAnythingIsWrittenAndNamesTheFile() throws IOException {
    Path dir = TinyLanding.write(spark(), tempDir("landing"));
    Files.delete(dir.resolve("mt_links.csv"));
    DeltaStore store = store();
    InputError e = assertThrows(InputError.class,
        () -> Ingestion.run(store, log(store), dir.toString()));
    Assertions.assertTrue(e.getMessage().contains("missing required file mt_links.csv"),
        e.getMessage());
    assertFalse(store.exists(Tables.PHYSICIANS));
  }

  @Test
  void aMissingOrUnknownColumnStopsTheRunNamingFileAndColumn() throws IOException {
    Path dir = TinyLanding.write(spark(), tempDir("landing"));
    TinyLanding.writeLines(dir.resolve("apl.csv"), "commune_code;year;apl;zonage",
        List.of("75101;2023;4.1;NONE"));
    DeltaStore store = store();
    InputError e = assertThrows(InputError.class,
        () -> Ingestion.run(store, log(store), dir.toString()));
    Assertions.assertTrue(e.getMessage().contains(
        "apl.csv: unknown column 'zonage' in the header (line 1, field 4)"), e.getMessage());
    Assertions.assertTrue(e.getMessage().contains("apl.csv: missing column 'zoning'"),
        e.getMessage());
    assertFalse(store.exists(Tables.PHYSICIANS));
  }
  /**
   * Files are checked two at a time: when one fails, the others are still awaited (no thread
   * may write once the scratch copies are dropped), and the failure goes up as it was thrown,
   * a checked Spark exception included. Only the files whose rows name another file's entities
   * wait for the first phase's tables.
   */
  @Test
  void aFileThatFailsStopsTheRunAfterTheOthersFinishWithItsOwnError() {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors
        .newFixedThreadPool(Ingestion.FILES_AT_ONCE);
    try {
      java.util.concurrent.CompletionService<Void> running =
          new java.util.concurrent.ExecutorCompletionService<>(pool);
      java.util.concurrent.atomic.AtomicBoolean slowFinished =
          new java.util.concurrent.atomic.AtomicBoolean();
      Exception thrown = new Exception("a checked failure, as Spark's own are");
      running.submit(() -> {
        Thread.sleep(300);
        slowFinished.set(true);
        return null;
      });
      running.submit(() -> {
        throw thrown;
      });

      Exception e = assertThrows(Exception.class,
          () -> Ingestion.awaitAll(spark(), "no-job-has-this-tag", running, 2));

      Assertions.assertSame(thrown, e);
      Assertions.assertTrue(slowFinished.get());
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of(LandingContract.MT_LINKS, LandingContract.CLAIMS,
            LandingContract.REPLACEMENTS, LandingContract.CAMPAIGN_HISTORY),
        LandingContract.ALL.stream().filter(Ingestion::referencesOthers).toList());
  }

  /**
   * After a file fails, another file's Spark job is cancelled even when that file submits it
   * later (a second after the failure): it would count 400 rows at 50 ms a row on two cores,
   * about ten seconds, and never gets to the end; the file is still awaited, and the first
   * failure goes up.
   */
  @Test
  void aJobSubmittedAfterAFileFailedIsCancelledToo() {
    String tag = "ingest-test-" + java.util.UUID.randomUUID();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors
        .newFixedThreadPool(Ingestion.FILES_AT_ONCE);
    java.util.concurrent.atomic.AtomicBoolean counted =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicBoolean ended =
        new java.util.concurrent.atomic.AtomicBoolean();
    org.apache.spark.api.java.function.MapFunction<Long, Long> slow = x -> {
      Thread.sleep(50);
      return x;
    };
    IllegalStateException thrown = new IllegalStateException("a bad file");
    try {
      java.util.concurrent.CompletionService<Void> running =
          new java.util.concurrent.ExecutorCompletionService<>(pool);
      running.submit(() -> {
        spark().sparkContext().addJobTag(tag);
        try {
          Thread.sleep(1000);
          spark().range(0, 400, 1, 2).map(slow, org.apache.spark.sql.Encoders.LONG()).count();
          counted.set(true);
        } finally {
          spark().sparkContext().removeJobTag(tag);
          ended.set(true);
        }
        return null;
      });
      running.submit(() -> {
        throw thrown;
      });

      Exception e = assertThrows(Exception.class,
          () -> Ingestion.awaitAll(spark(), tag, running, 2));

      Assertions.assertSame(thrown, e);
      Assertions.assertTrue(ended.get());
      Assertions.assertFalse(counted.get());
    } finally {
      pool.shutdownNow();
    }
  }
}
