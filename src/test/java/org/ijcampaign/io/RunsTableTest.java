package org.ijcampaign.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.schema.Runs;
import org.ijcampaign.schema.Tables;
import org.junit.jupiter.api.Test;

/**
 * The runs table keeps one row per run: a run's RUNNING row is replaced by its final one, and
 * never touches another run's row, whether the table is new or already holds runs.
 */
class RunsTableTest extends SparkTestBase {
  @Test
  void eachRunEndsAsOneRowWithItsFinalStatusBesideTheOthers() {
    DeltaStore store = new DeltaStore(spark(), tempDir("runs").toString());
    RunLog first = new RunLog(store, "ingest", Map.of(), "test", "hash");
    first.start();
    first.succeed();
    RunLog second = new RunLog(store, "profile", Map.of(), "test", "hash");
    second.start();
    // A run killed here stays visible as RUNNING beside the finished one.
    assertEquals(List.of("ingest:SUCCEEDED", "profile:RUNNING"), statuses(store));
    second.fail(new IllegalStateException("boom"));
    RunLog third = new RunLog(store, "model", Map.of(), "test", "hash");
    third.start();
    third.succeed();
    assertEquals(List.of("ingest:SUCCEEDED", "model:SUCCEEDED", "profile:FAILED"),
        statuses(store));
    assertEquals("boom", store.read(Tables.RUNS).where(Runs.JOB + " = 'profile'").head()
        .getAs(Runs.ERROR));
  }

  private static List<String> statuses(DeltaStore store) {
    return store.read(Tables.RUNS)
        .selectExpr("concat(" + Runs.JOB + ", ':', " + Runs.STATUS + ")")
        .orderBy(Runs.JOB)
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }
}
