package org.ijcampaign.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.ingest.Ingestion;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.lab.PlantedEffects;
import org.ijcampaign.operations.PrivacyScan;
import org.ijcampaign.schema.Evaluation;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Runs;
import org.ijcampaign.schema.Tables;
import org.ijcampaign.schema.Targeting;
import org.junit.jupiter.api.Assertions;

/**
 * A whole pipeline run's warehouse and exports held to the generator's planted truth: quarantine
 * counts per file and reason, rows read per file (read = accepted + quarantined), in-scope days
 * per semester, one targeting row per GP profiled in the observation year and one letter per
 * targeted GP, the evaluation's interval around the planted effect, and no patient-level figure
 * in the analyst-facing tables. Everything is read from the tables and files the run left, so
 * that it holds for a run launched as a scheduler launches it (the loopback test's, on a
 * cluster).
 */
final class PlantedTruth {
  /** The environment of the loopback test's runs: conf/local.conf, two shuffle partitions. */
  static final String ENV = "src/test/resources/it-env.conf";
  /** The 2025-2026 rules with thresholds low enough for the small zone to have targeted GPs. */
  static final String CAMPAIGN = "src/test/resources/campaigns/it-small-zone.conf";

  private PlantedTruth() {}

  /**
   * Asserts the run of the pipeline job with {@link #CAMPAIGN} on the zone {@code zone}
   * (landing/ and truth/), which wrote {@code warehouse} and exported to {@code exports}.
   */
  static void assertRunMatches(SparkSession spark, Path zone, Path warehouse, Path exports)
      throws IOException {
    AppConfig cfg = ConfigLoader.loadApp(new File(ENV));
    CampaignConfig c = ConfigLoader.loadCampaign(new File(CAMPAIGN));
    DeltaStore store = new DeltaStore(spark, warehouse.toString());

    Map<String, String> quarantined = new TreeMap<>();
    for (Row r : Ingestion.reasons(store.read(Tables.QUARANTINE)).collectAsList()) {
      quarantined.put(r.getString(0) + ":" + r.getString(1), String.valueOf(r.getLong(2)));
    }
    assertEquals(truth(spark, zone, "planted_bad_rows.csv", 0, 1, 2), quarantined,
        "quarantined rows per file and reason");

    // The ingest run's counts, per landing file (the claims' files summed).
    Map<String, Long> read = new HashMap<>();
    List<Row> counts = store.read(Tables.RUNS)
        .where(col(Runs.JOB).equalTo("ingest").and(col(Runs.STATUS).equalTo(RunLog.SUCCEEDED)))
        .select(explode(col(Runs.ROW_COUNTS)).as("c")).select("c.*").collectAsList();
    Assertions.assertFalse(counts.isEmpty(), "no row counts of a succeeded ingest run");
    for (Row k : counts) {
      String item = k.getAs("item");
      long in = k.getAs("read");
      long accepted = k.getAs("accepted");
      long bad = k.getAs("quarantined");
      assertEquals(in, accepted + bad, item + ": read = accepted + quarantined");
      read.merge(item.startsWith("ij_claims/") ? "ij_claims" : item, in, Long::sum);
    }
    truth(spark, zone, "landing_rows.csv", 0, -1, 1).forEach((file, rows) ->
        assertEquals(Long.parseLong(rows), read.get(file), file + ": rows read"));

    Map<String, Double> profileDays = new HashMap<>();
    for (Row r : store.read(Tables.GP_PERIOD_PROFILE).groupBy(Profile.PERIOD)
        .agg(sum(Profile.IJ_DAYS).as("days")).collectAsList()) {
      profileDays.put(r.getString(0), r.getDouble(1));
    }
    truth(spark, zone, "in_scope_days.csv", 0, -1, 3).forEach((semester, days) -> {
      double expected = Double.parseDouble(days);
      Assertions.assertNotNull(profileDays.get(semester), semester + " not profiled");
      assertEquals(expected, profileDays.get(semester), 1e-3 + 1e-9 * expected,
          semester + ": in-scope days");
    });

    // Every GP profiled in the observation year has a targeting status.
    long profiled = store.read(Tables.GP_PERIOD_PROFILE).where(col(Profile.PROFILED)
        .and(col(Profile.PERIOD).equalTo(c.observation().label()))).count();
    List<Row> statuses = store.read(Tables.TARGETING)
        .where(col(Targeting.CAMPAIGN).equalTo(c.name())).groupBy(Targeting.STATUS).count()
        .collectAsList();
    assertEquals(profiled, statuses.stream().mapToLong(r -> r.getLong(1)).sum(),
        "targeting rows against GPs profiled in " + c.observation().label());
    long targeted = statuses.stream().filter(r -> Targeting.TARGETED.equals(r.getString(0)))
        .mapToLong(r -> r.getLong(1)).sum();
    Assertions.assertTrue(targeted > 0, "nobody targeted: nothing to export");
    assertEquals(targeted, letters(exports.resolve(c.name()).resolve("letters")),
        "letters against targeted GPs");

    // The planted effect (MSO x0.80, MSAP x0.75 on the stops started from 2024) on the treated
    // GPs' follow-up paid days lies in the headline's interval.
    Row headline = store.read(Tables.CAMPAIGN_EVALUATION)
        .where(col(Evaluation.HEADLINE).and(col(Evaluation.CAMPAIGN)
            .equalTo(c.evaluation().campaign()))).head();
    assertEquals(Evaluation.ESTIMATED, headline.getAs(Evaluation.STATUS));
    long treated = headline.getAs(Evaluation.TREATED_EVALUATED);
    Assertions.assertTrue(treated >= 10, "treated " + treated);
    double lo = headline.getAs(Evaluation.DID_CI_LOW);
    double hi = headline.getAs(Evaluation.DID_CI_HIGH);
    double effect = PlantedEffects.followUpDays(store,
        PlantedEffects.physicians(spark, zone.toString()), c.evaluation().campaign(),
        c.evaluation().followUp()).effect();
    System.out.printf("[planted] effect %.3f; headline %.3f [%.3f, %.3f]%n", effect,
        (double) headline.getAs(Evaluation.DID_LOG), lo, hi);
    Assertions.assertTrue(effect < -0.1, "planted effect " + effect);
    Assertions.assertTrue(lo <= effect && effect <= hi,
        "headline CI [" + lo + ", " + hi + "] misses the planted effect " + effect);

    assertEquals(List.of(), PrivacyScan.scan(store, cfg.privacy().minCellPatients()));
  }

  private static long letters(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".txt")).count();
    }
  }

  private static Map<String, String> truth(SparkSession spark, Path zone, String file, int key1,
      int key2, int value) {
    Map<String, String> m = new TreeMap<>();
    for (Row r : spark.read().option("sep", ";").option("header", "true")
        .csv(zone.resolve("truth").resolve(file).toString()).collectAsList()) {
      m.put(r.getString(key1) + (key2 < 0 ? "" : ":" + r.getString(key2)), r.getString(value));
    }
    return m;
  }
}
