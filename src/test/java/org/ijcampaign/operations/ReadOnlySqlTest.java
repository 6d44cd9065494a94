package org.ijcampaign.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tricks of issue 16 against the {@code sql} job's guard, on a two-table Delta warehouse
 * whose analyst view {@code targeting} is registered and whose patient table
 * {@code claims_clean} is not: each is refused before it runs, and the tables are intact.
 */
class ReadOnlySqlTest extends SparkTestBase {
  private static final Set<String> VIEWS = Set.of("targeting", "fairness");
  private Path wh;
  private Path secret;

  @BeforeEach
  void warehouse() throws Exception {
    wh = tempDir("ro-sql");
    TableRows.of(new StructType().add("physician_id", DataTypes.StringType)
            .add("status", DataTypes.StringType))
        .row("physician_id", "10000000001", "status", "TARGETED")
        .row("physician_id", "10000000002", "status", "NOT_ELIGIBLE")
        .toDataset(spark()).write().format("delta").save(wh.resolve("targeting").toString());
    TableRows.of(new StructType().add("claim_id", DataTypes.StringType)
            .add("patient_id", DataTypes.StringType))
        .row("claim_id", "C1", "patient_id", "P-SECRET")
        .toDataset(spark()).write().format("delta").save(wh.resolve("claims_clean").toString());
    spark().read().format("delta").load(wh.resolve("targeting").toString())
        .createOrReplaceTempView("targeting");
    spark().read().format("delta").load(wh.resolve("targeting").toString())
        .groupBy("status").count().createOrReplaceTempView("fairness");
    secret = wh.resolve("secret.txt");
    Files.writeString(secret, "password=hunter2\n");
  }

  private String refusal(String sql) {
    return assertThrows(ReadOnlySql.Refused.class,
        () -> ReadOnlySql.query(spark(), sql, VIEWS), sql).getMessage();
  }

  private long targetingRows() {
    return spark().read().format("delta").load(wh.resolve("targeting").toString()).count();
  }

  @Test
  void answersQueriesOverTheViewsWithCtesSubqueriesJoinsAndWindows() {
    Dataset<Row> r = ReadOnlySql.query(spark(), "WITH t AS (SELECT * FROM targeting) "
        + "SELECT t.physician_id, f.count, row_number() OVER (ORDER BY t.physician_id) AS n "
        + "FROM t JOIN fairness f ON f.status = t.status "
        + "WHERE t.physician_id IN (SELECT physician_id FROM targeting) ORDER BY n", VIEWS);
    assertEquals(List.of("10000000001 1 1", "10000000002 1 2"), r.collectAsList().stream()
        .map(x -> x.get(0) + " " + x.get(1) + " " + x.get(2)).toList());
    assertEquals(3L, ReadOnlySql.query(spark(), "SELECT count(*) FROM range(3)", VIEWS)
        .head().getLong(0));
  }

  @Test
  void refusesDeleteAndInsertByViewOrByPathAndLeavesTheRows() {
    String path = wh.resolve("targeting").toString();
    Assertions.assertTrue(refusal("DELETE FROM targeting").contains("only queries"));
    refusal("DELETE FROM delta.`" + path + "`");
    refusal("INSERT INTO delta.`" + path + "` SELECT * FROM targeting");
    refusal("UPDATE delta.`" + path + "` SET status = 'X'");
    refusal("MERGE INTO delta.`" + path + "` t USING targeting s ON t.physician_id = "
        + "s.physician_id WHEN MATCHED THEN DELETE");
    assertEquals(2L, targetingRows());
  }

  @Test
  void refusesCreateTableWithALocationAndWritesNothingThere() {
    Path elsewhere = wh.resolve("elsewhere");
    refusal("CREATE TABLE t USING delta LOCATION '" + elsewhere + "' AS SELECT * FROM targeting");
    refusal("CREATE OR REPLACE TEMP VIEW targeting AS SELECT 1");
    refusal("CACHE TABLE targeting");
    Assertions.assertFalse(Files.exists(elsewhere));
  }

  @Test
  void refusesSetAndVacuumSoTheHistoryStays() {
    refusal("SET spark.databricks.delta.retentionDurationCheck.enabled=false");
    refusal("RESET");
    refusal("VACUUM delta.`" + wh.resolve("targeting") + "` RETAIN 0 HOURS");
    refusal("OPTIMIZE delta.`" + wh.resolve("targeting") + "`");
    assertEquals("true", spark().conf()
        .get("spark.databricks.delta.retentionDurationCheck.enabled", "true"));
  }

  @Test
  void refusesPathBasedReadsOfPatientTablesAndOfAnyFile() {
    Assertions.assertTrue(refusal("SELECT patient_id FROM delta.`" + wh.resolve("claims_clean") + "`")
        .contains("is not one of the views"));
    refusal("SELECT * FROM claims_clean");
    refusal("SELECT * FROM text.`" + secret + "`");
    refusal("SELECT * FROM csv.`" + secret + "`");
    refusal("SELECT * FROM parquet.`" + wh + "`");
    refusal("SELECT * FROM spark_catalog.default.targeting");
    // Hidden one level down: a subquery, a CTE, a join.
    refusal("SELECT * FROM targeting WHERE status IN (SELECT value FROM text.`" + secret + "`)");
    refusal("WITH s AS (SELECT * FROM text.`" + secret + "`) SELECT * FROM s");
    refusal("SELECT * FROM targeting JOIN text.`" + secret + "` ON true");
    refusal("SELECT * FROM table_changes_by_path('" + wh.resolve("claims_clean") + "', 0)");
  }

  @Test
  void refusesCodeThatRunsOutsideTheEngine() {
    refusal("SELECT reflect('java.lang.System', 'getenv', 'HOME')");
    refusal("SELECT java_method('java.lang.System', 'getProperty', 'user.home')");
    refusal("SELECT TRANSFORM(status) USING 'cat /etc/passwd' FROM targeting");
    refusal("ADD JAR '/tmp/x.jar'");
  }

  @Test
  void aSyntaxErrorOrAnUnknownNameIsOneLine() {
    String syntax = refusal("SELEC * FROM targeting");
    Assertions.assertTrue(syntax.contains("PARSE_SYNTAX_ERROR") && !syntax.contains("\n"), syntax);
    String column = refusal("SELECT no_such_column FROM targeting");
    Assertions.assertTrue(column.contains("no_such_column") && !column.contains("\n"), column);
    Assertions.assertTrue(refusal("SELECT * FROM no_such_table").contains("no_such_table"));
  }

  @Test
  void theLockedDownSessionReadsNoFileByPathEvenWithoutTheGuard() {
    String before = spark().conf().get(ReadOnlySql.RUN_SQL_ON_FILES, "true");
    try {
      ReadOnlySql.lockDown(spark());
      assertThrows(Exception.class,
          () -> spark().sql("SELECT * FROM text.`" + secret + "`").collectAsList());
    } finally {
      spark().conf().set(ReadOnlySql.RUN_SQL_ON_FILES, before);
    }
  }
}
