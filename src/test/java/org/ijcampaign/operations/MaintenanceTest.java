package org.ijcampaign.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.config.ConfigError;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.RunLog;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class MaintenanceTest extends SparkTestBase {

  private static List<Long> ids(Dataset<Row> d) {
    return d.orderBy("id").collectAsList().stream().map(r -> r.getLong(0)).toList();
  }

  @Test
  void compactsAndVacuumsWithoutBreakingTimeTravelInsideTheRetention() {
    DeltaStore store = new DeltaStore(spark(), tempDir("wh").toString());
    store.overwrite(spark().range(0, 40).repartition(8).toDF(), "t");
    store.overwrite(spark().range(100, 140).repartition(8).toDF(), "t");
    long filesBefore = io.delta.tables.DeltaTable.forPath(spark(), store.path("t")).detail()
        .select("numFiles").head().getLong(0);
    Maintenance.run(store, new RunLog(store, "maintenance", Map.of(), "test", "h"), 168,
        List.of());
    long filesAfter = io.delta.tables.DeltaTable.forPath(spark(), store.path("t")).detail()
        .select("numFiles").head().getLong(0);
    Assertions.assertTrue(filesAfter < filesBefore, filesBefore + " -> " + filesAfter);
    assertEquals(ids(spark().range(100, 140).toDF()), ids(store.read("t")));
    // Version 0 is younger than the retention: its files are still there.
    Dataset<Row> v0 = spark().read().format("delta").option("versionAsOf", 0)
        .load(store.path("t"));
    assertEquals(ids(spark().range(0, 40).toDF()), ids(v0));
    assertEquals(List.of("t"), Maintenance.tables(store));
  }

  @Test
  void refusesARetentionBelowDeltasSafetyCheck() {
    DeltaStore store = new DeltaStore(spark(), tempDir("wh").toString());
    assertThrows(ConfigError.class, () -> Maintenance.run(store,
        new RunLog(store, "maintenance", Map.of(), "test", "h"), 24, List.of()));
  }
}
