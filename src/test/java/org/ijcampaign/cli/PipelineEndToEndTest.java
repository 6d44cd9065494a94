package org.ijcampaign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.config.Period;
import org.ijcampaign.evaluation.EvaluationJob;
import org.ijcampaign.export.ExportJob;
import org.ijcampaign.ingest.Ingestion;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.lab.PlantedEffects;
import org.ijcampaign.lab.SharedZone;
import org.ijcampaign.lab.TableFingerprints;
import org.ijcampaign.model.ModelJob;
import org.ijcampaign.operations.PrivacyScan;
import org.ijcampaign.profile.ProfileJob;
import org.ijcampaign.schema.Tables;
import org.ijcampaign.schema.Targeting;
import org.ijcampaign.targeting.TargetJob;
import org.ijcampaign.territory.TerritoryJob;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on a small generated landing zone, checked against the generator's planted
 * truth: quarantine counts per file and reason, rows per file, in-scope days per semester, the
 * evaluation's interval around the planted effect, and no patient-level figure in the
 * analyst-facing tables. The warehouse is kept under {@code target/} for the loopback
 * integration test, which re-runs the pipeline over a copy of it on a cluster.
 */
class PipelineEndToEndTest extends SparkTestBase {

  private Map<String, String> truth(Path dir, String file, int key1, int key2, int value) {
    Map<String, String> m = new TreeMap<>();
    for (Row r : spark().read().option("sep", ";").option("header", "true")
        .csv(dir.resolve("truth").resolve(file).toString()).collectAsList()) {
      m.put(r.getString(key1) + (key2 < 0 ? "" : ":" + r.getString(key2)), r.getString(value));
    }
    return m;
  }

  @Test
  void generatedZoneRunsEndToEndAndReconcilesWithThePlantedTruth() throws Exception {
    // The loopback test's environment: conf/local.conf with the tests' two shuffle partitions.
    AppConfig cfg = ConfigLoader.loadApp(new java.io.File(ENV));
    // The 2025-2026 rules with low thresholds (the loopback test's campaign), so that the zone
    // has targeted GPs for the exports and notebooks the integration test runs on this warehouse.
    CampaignConfig c = ConfigLoader.loadCampaign(new java.io.File(CAMPAIGN));
    // The environment's shuffle partitions: sums then add in the order of the loopback test's
    // pipeline run, which finds the same bits in the cluster's tables.
    String partitions = spark().conf().get("spark.sql.shuffle.partitions");
    spark().conf().set("spark.sql.shuffle.partitions", cfg.spark().shufflePartitions());
    try {
      run(cfg, c);
    } finally {
      spark().conf().set("spark.sql.shuffle.partitions", partitions);
    }
  }

  private void run(AppConfig cfg, CampaignConfig c) throws Exception {
    // The 150-GP zone with about fifteen GPs treated by the 2023 campaign (SharedZone).
    Path dir = SharedZone.get(spark());
    Path warehouse = KEPT.toAbsolutePath();
    deleteTree(warehouse);
    Files.deleteIfExists(Path.of(KEPT + COMPLETE));
    Files.deleteIfExists(Path.of(KEPT + FINGERPRINTS));
    DeltaStore store = new DeltaStore(spark(), warehouse.toString());
    RunLog log = new RunLog(store, "e2e", Map.of(), "test", "h");

    List<RunLog.Count> counts = Ingestion.run(store, log, dir.resolve("landing").toString());
    Map<String, String> planted = truth(dir, "planted_bad_rows.csv", 0, 1, 2);
    Map<String, String> quarantined = new TreeMap<>();
    for (Row r : Ingestion.reasons(store.read(Tables.QUARANTINE)).collectAsList()) {
      quarantined.put(r.getString(0) + ":" + r.getString(1), String.valueOf(r.getLong(2)));
    }
    assertEquals(planted, quarantined);
    Map<String, Long> read = new HashMap<>();
    for (RunLog.Count k : counts) {
      assertEquals(k.read(), k.accepted() + k.quarantined(), k.item());
      String file = k.item().startsWith("ij_claims/") ? "ij_claims" : k.item();
      read.merge(file, k.read(), Long::sum);
    }
    Map<String, String> written = truth(dir, "landing_rows.csv", 0, -1, 1);
    written.forEach((file, rows) -> assertEquals(Long.parseLong(rows), read.get(file), file));

    List<Period> semesters = ProfileJob.claimSemesters(store.read(Tables.CLAIMS_CLEAN));
    List<Period> periods = ProfileJob.distinct(concat(List.of(c.observation()), semesters));
    Map<String, double[]> days = ProfileJob.run(store, log, periods, cfg.profile().rule(),
        cfg.privacy().minCellPatients());
    Map<String, String> inScope = truth(dir, "in_scope_days.csv", 0, -1, 3);
    for (Map.Entry<String, String> e : inScope.entrySet()) {
      double expected = Double.parseDouble(e.getValue());
      assertEquals(expected, days.get(e.getKey())[1], 1e-3 + 1e-9 * expected, e.getKey());
    }

    TerritoryJob.run(store, log, cfg.territory(), periods);
    ModelJob.run(store, log, cfg, c.observation());
    Map<String, Long> statuses = TargetJob.run(store, log, c);
    long profiled = store.read(Tables.GP_PERIOD_PROFILE)
        .where("profiled AND period = '" + c.observation().label() + "'").count();
    assertEquals(profiled, statuses.values().stream().mapToLong(Long::longValue).sum());
    // Exported here, in the pipeline's order, for the loopback test to compare with the
    // cluster's: one letter per targeted GP.
    deleteTree(KEPT_EXPORTS.toAbsolutePath());
    Map<String, Long> perDepartement = ExportJob.run(store, log, c,
        KEPT_EXPORTS.toAbsolutePath().toString());
    assertEquals(statuses.getOrDefault(Targeting.TARGETED, 0L),
        perDepartement.values().stream().mapToLong(Long::longValue).sum());
    Assertions.assertFalse(perDepartement.isEmpty(), "nobody targeted: nothing to export");
    EvaluationJob.Outcome o = EvaluationJob.run(store, log, cfg, c.evaluation());
    assertEquals(org.ijcampaign.schema.Evaluation.ESTIMATED, o.status());
    Assertions.assertTrue(o.headline().treated() >= 10, "treated " + o.headline().treated());
    // The planted effect (MSO x0.80, MSAP x0.75 on the stops started from 2024) on the treated
    // GPs' follow-up paid days lies in the headline's interval; the naive comparison, printed
    // beside it, carries the regression to the mean.
    double effect = PlantedEffects.followUpDays(store,
        PlantedEffects.physicians(spark(), dir.toString()), c.evaluation().campaign(),
        c.evaluation().followUp()).effect();
    System.out.printf("[e2e] planted %.3f; headline %.3f [%.3f, %.3f]; naive %.3f (bias "
            + "%+.3f)%n", effect, o.headline().log(), o.headline().lo(), o.headline().hi(),
        o.naiveDid(), o.naiveDid() - effect);
    Assertions.assertTrue(effect < -0.1, "planted effect " + effect);
    Assertions.assertTrue(o.headline().covers(effect), "headline CI [" + o.headline().lo()
        + ", " + o.headline().hi() + "] misses the planted effect " + effect);

    assertEquals(List.of(), PrivacyScan.scan(store, cfg.privacy().minCellPatients()));

    // The re-run of every job on this warehouse, which must change no table, is the loopback
    // integration test's: its cluster run re-runs the pipeline over a copy of it, and compares
    // its tables with these fingerprints, taken here in a warm JVM rather than in its cold one.
    TableFingerprints.write(spark(), warehouse, Path.of(KEPT + FINGERPRINTS));
    Files.writeString(Path.of(KEPT + COMPLETE), Path.of(CAMPAIGN).toAbsolutePath() + "\n");
  }

  /** The environment the test runs with, the loopback integration test's. */
  static final String ENV = "src/test/resources/it-env.conf";
  /** The campaign the test runs, the loopback integration test's. */
  static final String CAMPAIGN = "src/test/resources/campaigns/it-small-zone.conf";
  /** The warehouse, kept for the loopback integration test of the same build. */
  private static final Path KEPT = Path.of("target", "e2e-warehouse");
  /** The export job's folder on that warehouse, kept with it. */
  private static final Path KEPT_EXPORTS = Path.of("target", "e2e-exports");
  private static final String COMPLETE = ".complete";
  private static final String FINGERPRINTS = ".fingerprints";

  /**
   * The warehouse this test left when it passed with {@code campaign} in this build, else null.
   */
  static Path keptWarehouse(Path campaign) throws java.io.IOException {
    return kept(campaign, KEPT);
  }

  /** The exports this test wrote on {@link #keptWarehouse}, under the same condition. */
  static Path keptExports(Path campaign) throws java.io.IOException {
    return kept(campaign, KEPT_EXPORTS);
  }

  /**
   * The fingerprints of {@link #keptWarehouse}'s tables ({@link TableFingerprints}), by table;
   * empty under the same condition.
   */
  static Map<String, String> keptFingerprints(Path campaign) throws java.io.IOException {
    Path file = kept(campaign, Path.of(KEPT + FINGERPRINTS));
    return file == null ? Map.of() : TableFingerprints.load(file);
  }

  private static Path kept(Path campaign, Path what) throws java.io.IOException {
    Path done = Path.of(KEPT + COMPLETE);
    if (Files.isRegularFile(done) && Files.readString(done).trim()
        .equals(campaign.toAbsolutePath().toString())) {
      return what.toAbsolutePath();
    }
    return null;
  }

  private static void deleteTree(Path d) throws java.io.IOException {
    if (Files.exists(d)) {
      try (var walk = Files.walk(d)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static List<Period> concat(List<Period> a, List<Period> b) {
    List<Period> l = new java.util.ArrayList<>(a);
    l.addAll(b);
    return l;
  }

}
