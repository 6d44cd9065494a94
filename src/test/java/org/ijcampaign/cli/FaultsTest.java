package org.ijcampaign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.ingest.TinyLanding;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.WarehouseLock;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.Tables;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Faults a scheduler meets, with real processes: a second run started while one holds the
 * warehouse, and a run killed with SIGKILL in the middle of its writes, then re-run (in this
 * JVM: the recovery is the job's code, whatever process runs it).
 */
class FaultsTest extends SparkTestBase {

  /**
   * Waits for a child job. The bound only keeps a hung child from hanging the build; on a loaded
   * machine a Spark job in a fresh JVM can take minutes, so it is generous.
   */
  private static void finish(Process p, Path log) throws Exception {
    if (!p.waitFor(30, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      Assertions.fail("the child job did not end: " + Files.readString(log));
    }
  }

  @Test
  void aSecondRunIsRefusedAndAKilledRunLeavesNoPartialOrDuplicatedData() throws Exception {
    Path dir = tempDir("faults");
    Path landing = TinyLanding.write(spark(), dir.resolve("landing"));
    Path wh = dir.resolve("warehouse");
    // The embedded default with two shuffle partitions: on a tiny zone, fewer tasks per stage.
    String[] ingest = {"ingest", "--env", PlantedTruth.ENV, "--landing",
        landing.toString(), "--warehouse", wh.toString()};

    Process first = ChildJvm.start(dir.resolve("first.log"), ingest);
    Assertions.assertTrue(ChildJvm.awaitFile(wh.resolve(WarehouseLock.FILE).toFile(), first,
        1_800_000), "the first run never took the lock");

    Process second = ChildJvm.start(dir.resolve("second.log"), ingest);
    finish(second, dir.resolve("second.log"));
    String secondLog = Files.readString(dir.resolve("second.log"));
    assertEquals(ExitCodes.BUSY, second.exitValue(), secondLog);
    Assertions.assertTrue(secondLog.contains("is locked by another run"), secondLog);

    // Kill the first run once it has started writing the second table.
    File midway = wh.resolve(Tables.PATIENTS).resolve("_delta_log").toFile();
    Assertions.assertTrue(ChildJvm.awaitFile(midway, first, 1_800_000),
        Files.readString(dir.resolve("first.log")));
    first.destroyForcibly().waitFor();

    // The re-run finds the killed run's lock and half-written tables: what it does with them is
    // the job's code, not its process, so it runs here, in this JVM, on the same configuration
    // (a third child JVM would only add its start-up and JIT warm-up, about a minute).
    AppConfig cfg = ConfigLoader.loadApp(new File(PlantedTruth.ENV))
        .withWarehouse(wh.toString());
    try (JobContext ctx = JobContext.open("ingest", cfg, spark())) {
      IngestCommand.ingest(ctx, landing.toString());
    }

    DeltaStore store = new DeltaStore(spark(), wh.toString());
    List<String> claims = store.read(Tables.CLAIMS_CLEAN).select(Claims.CLAIM_ID)
        .orderBy(Claims.CLAIM_ID).collectAsList().stream().map(r -> r.getString(0)).toList();
    assertEquals(List.of("C1", "C2", "C3", "R1"), claims);
    List<String> reasons = store.read(Tables.QUARANTINE)
        .selectExpr("concat(landing_file, ':', reason)").collectAsList().stream()
        .map(r -> r.getString(0)).sorted().toList();
    assertEquals(TinyLanding.expectedReasons(), reasons);
    List<String> runs = store.read(Tables.RUNS).orderBy("started_at").collectAsList().stream()
        .map(r -> r.<String>getAs("job") + ":" + r.<String>getAs("status")).toList();
    // The refused run never started a job; the killed one stays visible as RUNNING.
    assertEquals(List.of("ingest:RUNNING", "ingest:SUCCEEDED"), runs);
    Row ok = store.read(Tables.RUNS).where("status = 'SUCCEEDED'").head();
    Assertions.assertTrue(ok.<Double>getAs("duration_s") > 0);
    Assertions.assertFalse(wh.resolve(WarehouseLock.FILE).toFile().exists());
  }
}
