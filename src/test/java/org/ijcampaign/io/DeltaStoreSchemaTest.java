package org.ijcampaign.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;


import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TestDirs;
import org.ijcampaign.profile.ProfileJob;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.TableSchema;
import org.ijcampaign.schema.TableSchemas;
import org.ijcampaign.schema.Tables;
import org.junit.jupiter.api.Test;

/** Every table is written in its declared schema: order, types, comments and description. */
class DeltaStoreSchemaTest extends SparkTestBase {

  /** The cluster centres declared, built from SQL so the columns come in another order. */
  private Dataset<Row> centres(String select) {
    TableSchema t = TableSchemas.of(Tables.CLUSTER_CENTRES).orElseThrow();
    StringBuilder values = new StringBuilder();
    for (TableSchema.Column c : t.columns()) {
      values.append(values.length() == 0 ? "" : ", ").append("CAST(NULL AS ")
          .append(c.type().sql()).append(") AS `").append(c.name()).append('`');
    }
    Dataset<Row> typed = spark().sql("SELECT " + values).limit(0);
    return select == null ? typed : typed.selectExpr(select.split(","));
  }

  @Test
  void writesTheDeclaredColumnOrderWithCommentsAndTheTableDescription() {
    DeltaStore store = new DeltaStore(spark(), tempDir("schema").toString());
    TableSchema t = TableSchemas.of(Tables.CLUSTER_CENTRES).orElseThrow();
    List<String> names = t.columnNames();
    List<String> reversed = new java.util.ArrayList<>(names);
    java.util.Collections.reverse(reversed);
    store.overwrite(centres(String.join(",", reversed.stream().map(n -> "`" + n + "`")
        .toList())), Tables.CLUSTER_CENTRES);
    // A second write keeps the description the table was created with.
    store.overwrite(centres(null), Tables.CLUSTER_CENTRES);
    Dataset<Row> written = store.read(Tables.CLUSTER_CENTRES);
    assertEquals(names, List.of(written.columns()));
    for (TableSchema.Column c : t.columns()) {
      assertEquals(c.meaning(), written.schema().apply(c.name()).metadata()
          .getString(TableSchema.COMMENT), c.name());
    }
    Row detail = spark().sql("DESCRIBE DETAIL delta.`" + store.path(Tables.CLUSTER_CENTRES)
        + "`").head();
    assertEquals(t.description(), detail.<String>getAs("description"));
  }

  @Test
  void createsTheTableUnderARelativeWarehouseLikeTheDefaultOne() throws Exception {
    // conf/local.conf's warehouse is "warehouse", relative to the working directory.
    java.nio.file.Path dir = TestDirs.create(java.nio.file.Path.of("target"), "relative-wh");
    String relative = java.nio.file.Path.of("").toAbsolutePath().relativize(
        dir.toAbsolutePath()).toString();
    DeltaStore store = new DeltaStore(spark(), relative);
    store.overwrite(centres(null), Tables.CLUSTER_CENTRES);
    assertEquals(0, store.read(Tables.CLUSTER_CENTRES).count());
    org.junit.jupiter.api.Assertions.assertTrue(java.nio.file.Files.isDirectory(
        dir.resolve(Tables.CLUSTER_CENTRES).resolve("_delta_log")));
  }

  @Test
  void refusesAMissingOrMistypedColumnNamingTheTableAndTheColumn() {
    DeltaStore store = new DeltaStore(spark(), tempDir("schema").toString());
    String first = TableSchemas.of(Tables.CLUSTER_CENTRES).orElseThrow().columnNames().get(0);
    Dataset<Row> missing = centres(null).drop(first);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> store.overwrite(missing, Tables.CLUSTER_CENTRES));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("cluster_centres")
        && e.getMessage().contains("missing column " + first), e.getMessage());
    Dataset<Row> mistyped = centres(null).withColumn(first,
        org.apache.spark.sql.functions.lit(java.sql.Date.valueOf("2024-01-01")));
    e = assertThrows(IllegalStateException.class,
        () -> store.overwrite(mistyped, Tables.CLUSTER_CENTRES));
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage().contains("column " + first + " is date, declared "), e.getMessage());
    org.junit.jupiter.api.Assertions.assertFalse(store.exists(Tables.CLUSTER_CENTRES),
        "nothing written");
  }

  /** One row of a declared table: its first column {@code value}, the others null. */
  private Dataset<Row> oneRow(String table, String value) {
    TableSchema t = TableSchemas.of(table).orElseThrow();
    StringBuilder values = new StringBuilder();
    for (TableSchema.Column c : t.columns()) {
      values.append(values.length() == 0 ? "'" + value + "'" : ", CAST(NULL AS "
          + c.type().sql() + ")").append(" AS `").append(c.name()).append('`');
    }
    return spark().sql("SELECT " + values);
  }

  /** The per-file statistics of the files a table's latest commit added, as Delta wrote them. */
  private List<String> addedFileStats(DeltaStore store, String table) {
    String commit = String.format("%s/_delta_log/%020d.json", store.path(table),
        store.version(table));
    return spark().read().json(commit).where("add IS NOT NULL").select("add.stats")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  private String property(DeltaStore store, String table, String key) {
    return spark().sql("SHOW TBLPROPERTIES delta.`" + store.path(table) + "`")
        .where(org.apache.spark.sql.functions.col("key").equalTo(key))
        .select("value").as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream()
        .findFirst().orElse(null);
  }

  /**
   * The ingested patient-level tables keep their files' row counts but no per-column minimum
   * and maximum (their files span every id and date, so those skip nothing); a table of an
   * earlier version, created with Delta's default, is given the property by its next write.
   */
  @Test
  void keepsNoColumnStatisticsWhereTheDeclarationSaysSoEvenOnATableCreatedBefore() {
    DeltaStore store = new DeltaStore(spark(), tempDir("stats").toString());
    store.overwrite(oneRow(Tables.MT_LINKS, "p1"), Tables.MT_LINKS);
    assertEquals("0", property(store, Tables.MT_LINKS, TableSchema.SKIPPING_INDEXED_COLUMNS));
    List<String> stats = addedFileStats(store, Tables.MT_LINKS);
    assertEquals(1, stats.size());
    org.junit.jupiter.api.Assertions.assertTrue(stats.get(0).contains("\"numRecords\":1")
        && !stats.get(0).contains("\"p1\""), stats.get(0));

    // The same table as an earlier version created it: Delta's default statistics.
    DeltaStore before = new DeltaStore(spark(), tempDir("stats-before").toString());
    oneRow(Tables.MT_LINKS, "p1").write().format("delta").save(before.path(Tables.MT_LINKS));
    assertEquals(null, property(before, Tables.MT_LINKS, TableSchema.SKIPPING_INDEXED_COLUMNS));
    org.junit.jupiter.api.Assertions.assertTrue(
        addedFileStats(before, Tables.MT_LINKS).get(0).contains("\"p1\""));
    before.overwrite(oneRow(Tables.MT_LINKS, "p2"), Tables.MT_LINKS);
    assertEquals("0", property(before, Tables.MT_LINKS, TableSchema.SKIPPING_INDEXED_COLUMNS));
    assertEquals(List.of("p2"), before.read(Tables.MT_LINKS).select(
        TableSchemas.of(Tables.MT_LINKS).orElseThrow().columnNames().get(0))
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    org.junit.jupiter.api.Assertions.assertFalse(
        addedFileStats(before, Tables.MT_LINKS).get(0).contains("\"p2\""));
    // A run killed while creating the table leaves its log folder empty: the next write
    // creates it whole, with its description and its property.
    DeltaStore killed = new DeltaStore(spark(), tempDir("stats-killed").toString());
    new java.io.File(killed.path(Tables.MT_LINKS), "_delta_log").mkdirs();
    killed.overwrite(oneRow(Tables.MT_LINKS, "p3"), Tables.MT_LINKS);
    assertEquals("0", property(killed, Tables.MT_LINKS, TableSchema.SKIPPING_INDEXED_COLUMNS));
    assertEquals(TableSchemas.of(Tables.MT_LINKS).orElseThrow().description(), spark()
        .sql("DESCRIBE DETAIL delta.`" + killed.path(Tables.MT_LINKS) + "`").head()
        .<String>getAs("description"));
    // A table declared without the property keeps Delta's statistics.
    store.overwrite(oneRow(Tables.PHYSICIANS, "d1"), Tables.PHYSICIANS);
    org.junit.jupiter.api.Assertions.assertTrue(
        addedFileStats(store, Tables.PHYSICIANS).get(0).contains("\"d1\""));
  }

  /**
   * The claims keep the statistics of their paid periods' dates and of no other column, so that
   * the span every profile asks first (the first start, the last end) comes from the table's
   * log: the query Spark runs holds no scan of the files.
   */
  @Test
  void theClaimsSpanIsReadFromTheLogOfTheirPeriodStatistics() {
    DeltaStore store = new DeltaStore(spark(), tempDir("span").toString());
    Dataset<Row> claims = oneRow(Tables.CLAIMS_CLEAN, "c1")
        .withColumn(Claims.PERIOD_START, functions.lit(java.sql.Date.valueOf("2022-03-01")))
        .withColumn(Claims.PERIOD_END, functions.lit(java.sql.Date.valueOf("2022-03-10")))
        .unionByName(oneRow(Tables.CLAIMS_CLEAN, "c2")
            .withColumn(Claims.PERIOD_START, functions.lit(java.sql.Date.valueOf("2021-12-30")))
            .withColumn(Claims.PERIOD_END, functions.lit(java.sql.Date.valueOf("2022-01-04"))));
    // One claim a file: the span is the minimum and maximum over the files' statistics.
    String perFile = "spark.sql.files.maxRecordsPerFile";
    spark().conf().set(perFile, "1");
    try {
      store.overwrite(claims, Tables.CLAIMS_CLEAN);
    } finally {
      spark().conf().unset(perFile);
    }
    assertEquals(Claims.PERIOD_START + "," + Claims.PERIOD_END,
        property(store, Tables.CLAIMS_CLEAN, TableSchema.SKIPPING_STATS_COLUMNS));
    List<String> stats = addedFileStats(store, Tables.CLAIMS_CLEAN);
    assertEquals(2, stats.size());
    for (String s : stats) {
      org.junit.jupiter.api.Assertions.assertTrue(s.contains("\"" + Claims.PERIOD_START + "\"")
          && !s.contains("\"" + Claims.CLAIM_ID + "\""), s);
    }
    Dataset<Row> read = store.read(Tables.CLAIMS_CLEAN);
    assertEquals(new ProfileJob.ClaimSpan(java.time.LocalDate.of(2021, 12, 30),
        java.time.LocalDate.of(2022, 3, 10)), ProfileJob.claimSpan(read));
    org.junit.jupiter.api.Assertions.assertTrue(spanFromTheLog(read));

    // The claims as the version before wrote them, without any column's statistics: the span
    // is scanned, still right, until the next ingestion gives the table its property.
    DeltaStore before = new DeltaStore(spark(), tempDir("span-before").toString());
    claims.createOrReplaceTempView("claims_written_before");
    spark().sql("CREATE TABLE delta.`" + before.path(Tables.CLAIMS_CLEAN) + "` USING delta "
        + "TBLPROPERTIES ('" + TableSchema.SKIPPING_INDEXED_COLUMNS + "' = '0') "
        + "AS SELECT * FROM claims_written_before");
    spark().catalog().dropTempView("claims_written_before");
    Dataset<Row> old = before.read(Tables.CLAIMS_CLEAN);
    assertEquals(ProfileJob.claimSpan(read), ProfileJob.claimSpan(old));
    org.junit.jupiter.api.Assertions.assertFalse(spanFromTheLog(old));
    before.overwrite(claims, Tables.CLAIMS_CLEAN);
    assertEquals(Claims.PERIOD_START + "," + Claims.PERIOD_END,
        property(before, Tables.CLAIMS_CLEAN, TableSchema.SKIPPING_STATS_COLUMNS));
    org.junit.jupiter.api.Assertions.assertTrue(spanFromTheLog(before.read(Tables.CLAIMS_CLEAN)));
  }

  /** Whether Spark answers the claims' span without scanning their files. */
  private static boolean spanFromTheLog(Dataset<Row> claims) {
    String plan = claims.agg(functions.min(Claims.PERIOD_START),
        functions.max(Claims.PERIOD_END)).queryExecution().executedPlan().toString();
    return plan.contains("LocalTableScan") && !plan.contains("FileScan");
  }

  /**
   * The ingestion reconciles a one-file table on the row count its overwrite committed: that
   * count is the rows written, and without Delta's operation metrics there is none (the caller
   * then counts the table).
   */
  @Test
  void anOverwriteCommitRecordsItsRowsUnlessDeltaMetricsAreOff() {
    DeltaStore store = new DeltaStore(spark(), tempDir("rows").toString());
    long created = store.overwrite(spark().range(3).toDF("n"), "numbers");
    assertEquals(java.util.OptionalLong.of(3), store.rowsOverwritten("numbers", created));
    long replaced = store.overwrite(spark().range(5).toDF("n").where("n > 0"), "numbers");
    assertEquals(java.util.OptionalLong.of(4), store.rowsOverwritten("numbers", replaced));
    String metrics = "spark.databricks.delta.history.metricsEnabled";
    spark().conf().set(metrics, "false");
    try {
      long unmeasured = store.overwrite(spark().range(2).toDF("n"), "numbers");
      assertEquals(java.util.OptionalLong.empty(), store.rowsOverwritten("numbers", unmeasured));
    } finally {
      spark().conf().unset(metrics);
    }
  }
}
