package org.ijcampaign.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.config.Period;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The truth-side measures of {@code accuracy}, on a hand-written truth file. */
class AccuracyCommandTest extends SparkTestBase {
  @TempDir Path dir;

  /**
   * A's latent intensity is 1 then 1.4 in 2024 (mean 1.2), B's 3 and 3.4 (3.2): the GPs' mean
   * is 2.2, so A is at 1.2 / 2.2 and B at 3.2 / 2.2. Semesters outside the year are ignored.
   */
  @Test
  void relativeIntensityIsTheObservationYearsLatentOverTheGpsMean() throws IOException {
    Files.createDirectories(dir.resolve("truth"));
    Files.writeString(dir.resolve("truth/gp_semester_intensity.csv"), String.join("\n",
        "physician_id;semester;shock;latent_intensity",
        "A;2023S2;1;9", "A;2024S1;1;1", "A;2024S2;1.4;1.4",
        "B;2024S1;1;3", "B;2024S2;1;3.4", "B;2025S1;1;0") + "\n");
    Map<String, Double> got = new TreeMap<>();
    AccuracyCommand.relativeIntensity(spark(), dir.toString(),
            Period.of(java.time.LocalDate.of(2024, 1, 1), java.time.LocalDate.of(2024, 12, 31)))
        .collectAsList().forEach(r -> got.put(r.getString(0), r.getDouble(1)));
    assertEquals(2, got.size());
    assertEquals(1.2 / 2.2, got.get("A"), 1e-12);
    assertEquals(3.2 / 2.2, got.get("B"), 1e-12);
  }

  /**
   * Two semesters whose latent intensities average 1 over the GPs. A (latent 0.5 both times)
   * shows a weighted log ratio 0.1 above ln 0.5, B (1.5) 0.1 below ln 1.5: distances ±0.1,
   * mean 0, sample sd √0.02. Their model se 0.1 and 0.2 average 0.15; D/O = 4/400 and 9/900, so
   * √(D/O) = 0.1; their window dispersions, four times those, √(D_w/O) = 0.2 (none for the
   * planted GPs, as under SEMESTERS noise). A's interval [0.4, 0.6] holds his persistent truth 0.5, B's [1.6, 2] misses
   * 1.5: coverage 1/2. The planted C and D (latent 1) sit at 0 and 0.4 below: mean −0.2, sd
   * √0.08. E, in one semester only, and the newly installed F do not count.
   */
  @Test
  void measuresHowFarTheEstimateSitsFromTheTruthBesideWhatTheModelSays() {
    org.apache.spark.sql.types.StructType estimateSchema = new org.apache.spark.sql.types
        .StructType().add("physician_id", "string").add("semesters", "long")
        .add("periods", "string").add("weighted_log_ratio", "double")
        .add("weighted_log_ratio_se", "double").add("gp_stop_dispersion", "double")
        .add("observed_days", "double").add("persistent_ratio_low95", "double")
        .add("persistent_ratio_high95", "double").add("window_stop_dispersion", "double");
    java.util.List<org.apache.spark.sql.Row> est = java.util.List.of(
        estimate("A", 2, Math.log(0.5) + 0.1, 0.1, 4, 400, 0.4, 0.6),
        estimate("B", 2, Math.log(1.5) - 0.1, 0.2, 9, 900, 1.6, 2.0),
        estimate("C", 2, 0.0, 0.1, 4, 400, 0.5, 2.0),
        estimate("D", 2, -0.4, 0.1, 4, 400, 0.5, 2.0),
        estimate("E", 1, 3.0, 0.1, 4, 400, 0.5, 2.0),
        estimate("F", 2, 3.0, 0.1, 4, 400, 0.5, 2.0));
    org.apache.spark.sql.types.StructType truthSchema = new org.apache.spark.sql.types
        .StructType().add("physician_id", "string").add("over_prescriber", "string")
        .add("is_new", "string").add(AccuracyCommand.TRUE_PERSISTENT, "double");
    java.util.List<org.apache.spark.sql.Row> truth = java.util.List.of(
        org.apache.spark.sql.RowFactory.create("A", "false", "false", 0.5),
        org.apache.spark.sql.RowFactory.create("B", "false", "false", 1.5),
        org.apache.spark.sql.RowFactory.create("C", "true", "false", 1.0),
        org.apache.spark.sql.RowFactory.create("D", "true", "false", 1.0),
        org.apache.spark.sql.RowFactory.create("E", "false", "false", 1.0),
        org.apache.spark.sql.RowFactory.create("F", "false", "true", 1.0));
    org.apache.spark.sql.types.StructType latentSchema = new org.apache.spark.sql.types
        .StructType().add("physician_id", "string").add("semester", "string")
        .add("latent_intensity", "string");
    java.util.List<org.apache.spark.sql.Row> latent = new java.util.ArrayList<>();
    String[][] levels = {{"A", "0.5"}, {"B", "1.5"}, {"C", "1"}, {"D", "1"}};
    for (String semester : new String[] {"2024S1", "2024S2"}) {
      for (String[] l : levels) {
        latent.add(org.apache.spark.sql.RowFactory.create(l[0], semester, l[1]));
      }
    }

    Map<String, org.apache.spark.sql.Row> got = new TreeMap<>();
    AccuracyCommand.distanceFromTruth(spark().createDataFrame(est, estimateSchema),
            spark().createDataFrame(truth, truthSchema),
            spark().createDataFrame(latent, latentSchema))
        .collectAsList().forEach(r -> got.put(r.getString(0), r));

    assertEquals(java.util.Set.of("not planted", "planted"), got.keySet());
    org.apache.spark.sql.Row a = got.get("not planted");
    assertEquals(2L, a.<Long>getAs("gps"));
    assertEquals(2L, a.<Long>getAs("semesters"));
    assertEquals(0.0, a.<Double>getAs("mean_distance"), 1e-12);
    assertEquals(Math.sqrt(0.02), a.<Double>getAs("sd_distance"), 1e-12);
    assertEquals(0.15, a.<Double>getAs("model_se"), 1e-12);
    assertEquals(0.1, a.<Double>getAs("pooled_noise_sd"), 1e-12);
    assertEquals(0.2, a.<Double>getAs("window_noise_sd"), 1e-12);
    assertNull(got.get("planted").getAs("window_noise_sd"));
    assertEquals(0.5, a.<Double>getAs("coverage"), 1e-12);
    assertEquals(-0.2, got.get("planted").<Double>getAs("mean_distance"), 1e-12);
    assertEquals(Math.sqrt(0.08), got.get("planted").<Double>getAs("sd_distance"), 1e-12);
    assertEquals(1.0, got.get("planted").<Double>getAs("coverage"), 1e-12);
  }

  private static org.apache.spark.sql.Row estimate(String gp, long semesters, double y, double se,
      double d, double observed, double low, double high) {
    // The window's dispersion, four times the semesters' for the GPs not planted, none for the
    // planted ones (as under SEMESTERS noise).
    Double window = gp.equals("A") || gp.equals("B") ? 4 * d : null;
    return org.apache.spark.sql.RowFactory.create(gp, semesters,
        semesters == 2 ? "2024S1,2024S2" : "2024S2", y, se, d, observed, low, high, window);
  }

  /**
   * Eligible GPs with a wave, by true level: A 3.0 planted, B 2.8 planted, C 2.6 not, D 2.4
   * planted, E 2.2 planted, F 2.0 planted, G 1.9 not, H 1.8 planted; planted found among the
   * top k: 1, 2, 2, 3, 4, 5, 5, 6. At precision 0.9 only k = 1 and 2 qualify: A and B. At 0.8,
   * k = 5 (4/5) and 6 (5/6) qualify too, and 6 finds the most: A to F, C with them. I (planted,
   * level 5, not eligible) and J (level 4, no wave) are never chosen. At 0.5 every ranked GP
   * qualifies and all eight are chosen; K, planted and eligible but without a level (no
   * estimate), is not ranked, so not chosen (ranked last he would make it nine, 7/9).
   */
  @Test
  void theBestCutTargetsTheHighestLevelsDownToTheCutWithTheMostPlantedAtThePrecision() {
    org.apache.spark.sql.types.StructType truthSchema = new org.apache.spark.sql.types
        .StructType().add("physician_id", "string").add("over_prescriber", "string")
        .add("eligible_2025_2026", "string").add("wave_2025_2026", "string")
        .add(AccuracyCommand.TRUE_PERSISTENT, "double");
    java.util.List<org.apache.spark.sql.Row> truth = new java.util.ArrayList<>();
    Object[][] gps = {{"A", "true", 3.0}, {"B", "true", 2.8}, {"C", "false", 2.6},
        {"D", "true", 2.4}, {"E", "true", 2.2}, {"F", "true", 2.0}, {"G", "false", 1.9},
        {"H", "true", 1.8}};
    for (Object[] g : gps) {
      truth.add(org.apache.spark.sql.RowFactory.create(g[0], g[1], "true", "W1", g[2]));
    }
    truth.add(org.apache.spark.sql.RowFactory.create("I", "true", "false", "W1", 5.0));
    truth.add(org.apache.spark.sql.RowFactory.create("J", "false", "true", null, 4.0));
    truth.add(org.apache.spark.sql.RowFactory.create("K", "true", "true", "W1", null));
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> t =
        spark().createDataFrame(truth, truthSchema);
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> profile = spark().createDataFrame(
        java.util.List.of(org.apache.spark.sql.RowFactory.create("A", 500L)),
        new org.apache.spark.sql.types.StructType().add("physician_id", "string")
            .add("active_patients", "long"));

    Map<String, org.apache.spark.sql.Row> at90 = new TreeMap<>();
    AccuracyCommand.bestCut(t, AccuracyCommand.TRUE_PERSISTENT, profile, 0.9).collectAsList()
        .forEach(r -> at90.put(r.getAs("physician_id"), r));
    assertEquals(11, at90.size());
    assertEquals(java.util.Set.of("A", "B"), targeted(at90));
    assertEquals(500L, at90.get("A").<Long>getAs("active_patients"));
    assertEquals("BELOW_THRESHOLD", at90.get("I").getAs("status"));

    Map<String, org.apache.spark.sql.Row> at80 = new TreeMap<>();
    AccuracyCommand.bestCut(t, AccuracyCommand.TRUE_PERSISTENT, profile, 0.8).collectAsList()
        .forEach(r -> at80.put(r.getAs("physician_id"), r));
    assertEquals(java.util.Set.of("A", "B", "C", "D", "E", "F"), targeted(at80));

    Map<String, org.apache.spark.sql.Row> at50 = new TreeMap<>();
    AccuracyCommand.bestCut(t, AccuracyCommand.TRUE_PERSISTENT, profile, 0.5).collectAsList()
        .forEach(r -> at50.put(r.getAs("physician_id"), r));
    assertEquals(java.util.Set.of("A", "B", "C", "D", "E", "F", "G", "H"), targeted(at50));
  }

  /**
   * Of four GPs, three targeted: A, truly 1.2×, who prescribed 600 of his 1,000 days as a
   * substitute (400 left in his estimate), is listed with a substitute share of 0.6; B, planted
   * and truly 2.5×, is not; C, an innocent replaced titular truly 1.8×, is, with his higher
   * probability first; D, truly 1.0× but not targeted, is not.
   */
  @Test
  void listsTheTargetedGpsWhoAreTrulyLowOrInnocentTitularsWithTheirSubstituteShare() {
    org.apache.spark.sql.types.StructType targetingSchema = new org.apache.spark.sql.types
        .StructType().add("physician_id", "string").add("status", "string");
    org.apache.spark.sql.types.StructType truthSchema = new org.apache.spark.sql.types
        .StructType().add("physician_id", "string").add("over_prescriber", "string")
        .add("replaced", "string").add(AccuracyCommand.TRUE_PERSISTENT, "double");
    org.apache.spark.sql.types.StructType estimateSchema = new org.apache.spark.sql.types
        .StructType().add("physician_id", "string").add("probability_at_threshold", "double")
        .add("persistent_ratio", "double").add("pooled_ratio", "double")
        .add("observed_days", "double").add("days_as_substitute", "double")
        .add("exclude_substitute_days", "boolean");
    org.apache.spark.sql.types.StructType profileSchema = new org.apache.spark.sql.types
        .StructType().add("physician_id", "string").add("non_mt_share", "double")
        .add("active_patients", "long");
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> targeting = spark().createDataFrame(
        java.util.List.of(org.apache.spark.sql.RowFactory.create("A", "TARGETED"),
            org.apache.spark.sql.RowFactory.create("B", "TARGETED"),
            org.apache.spark.sql.RowFactory.create("C", "TARGETED"),
            org.apache.spark.sql.RowFactory.create("D", "BELOW_THRESHOLD")), targetingSchema);
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> truth = spark().createDataFrame(
        java.util.List.of(org.apache.spark.sql.RowFactory.create("A", "false", "false", 1.2),
            org.apache.spark.sql.RowFactory.create("B", "true", "false", 2.5),
            org.apache.spark.sql.RowFactory.create("C", "false", "true", 1.8),
            org.apache.spark.sql.RowFactory.create("D", "false", "false", 1.0)), truthSchema);
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> estimate = spark().createDataFrame(
        java.util.List.of(
            org.apache.spark.sql.RowFactory.create("A", 0.92, 2.3, 3.0, 400.0, 600.0, true),
            org.apache.spark.sql.RowFactory.create("B", 0.99, 2.6, 2.7, 900.0, 0.0, true),
            org.apache.spark.sql.RowFactory.create("C", 0.97, 2.2, 2.4, 800.0, 0.0, false),
            org.apache.spark.sql.RowFactory.create("D", 0.10, 1.0, 1.0, 500.0, 0.0, true)),
        estimateSchema);
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> profile = spark().createDataFrame(
        java.util.List.of(org.apache.spark.sql.RowFactory.create("A", 0.1, 300L),
            org.apache.spark.sql.RowFactory.create("C", 0.05, 900L)), profileSchema);

    java.util.List<org.apache.spark.sql.Row> out =
        AccuracyCommand.harmed(targeting, truth, estimate, profile).collectAsList();

    assertEquals(java.util.List.of("C", "A"),
        out.stream().map(r -> r.<String>getAs("physician_id")).toList());
    assertEquals(0.0, out.get(0).<Double>getAs(AccuracyCommand.SUBSTITUTE_SHARE), 1e-12);
    assertEquals("true", out.get(0).getAs("replaced"));
    assertEquals(0.6, out.get(1).<Double>getAs(AccuracyCommand.SUBSTITUTE_SHARE), 1e-12);
    assertEquals(300L, out.get(1).<Long>getAs("active_patients"));
  }

  private static java.util.Set<String> targeted(Map<String, org.apache.spark.sql.Row> rows) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    rows.forEach((gp, r) -> {
      if ("TARGETED".equals(r.getAs("status"))) {
        out.add(gp);
      }
    });
    return out;
  }

  /**
   * A (not chosen by the past campaign) and B, C (MSO) are eligible planted GPs; D is planted
   * but not eligible and E eligible but not planted, so neither counts. A's pooled ratio is his
   * truth (distance 0), his persistent ratio e^-0.1 of it; B's pooled ratio is e^0.2 over his,
   * his persistent ratio equal to it; C has no estimate and stays out of the distances.
   */
  @Test
  void groupsTheEligiblePlantedGpsByWhatThePastCampaignDidWithThem() {
    org.apache.spark.sql.types.StructType statusSchema = new org.apache.spark.sql.types
        .StructType().add("physician_id", "string").add("status", "string");
    org.apache.spark.sql.types.StructType truthSchema = new org.apache.spark.sql.types
        .StructType().add("physician_id", "string").add("over_prescriber", "string")
        .add("eligible_2025_2026", "string").add("wave_2025_2026", "string")
        .add(AccuracyCommand.PAST_CAMPAIGN_EVENT, "string")
        .add(AccuracyCommand.TRUE_PERSISTENT, "double");
    org.apache.spark.sql.types.StructType estimateSchema = new org.apache.spark.sql.types
        .StructType().add("physician_id", "string").add("pooled_ratio", "double")
        .add("persistent_ratio", "double");
    java.util.function.Function<String[], org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>>
        statuses = pairs -> {
          java.util.List<org.apache.spark.sql.Row> rows = new java.util.ArrayList<>();
          for (int i = 0; i < pairs.length; i += 2) {
            rows.add(org.apache.spark.sql.RowFactory.create(pairs[i], pairs[i + 1]));
          }
          return spark().createDataFrame(rows, statusSchema);
        };
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> published = statuses.apply(
        new String[] {"A", "BELOW_THRESHOLD", "B", "TARGETED", "C", "TARGETED",
            "D", "TARGETED", "E", "TARGETED"});
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> persistent = statuses.apply(
        new String[] {"A", "TARGETED", "B", "TARGETED", "C", "FAILS_SAFEGUARD",
            "D", "TARGETED", "E", "TARGETED"});
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> truth = spark().createDataFrame(
        java.util.List.of(
            org.apache.spark.sql.RowFactory.create("A", "true", "true", "1", null, 2.5),
            org.apache.spark.sql.RowFactory.create("B", "true", "true", "2", "MSO", 2.0),
            org.apache.spark.sql.RowFactory.create("C", "true", "true", "1", "MSO", 1.8),
            org.apache.spark.sql.RowFactory.create("D", "true", "false", null, "MSO", 3.0),
            org.apache.spark.sql.RowFactory.create("E", "false", "true", "1", null, 1.0)),
        truthSchema);
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> estimate = spark().createDataFrame(
        java.util.List.of(
            org.apache.spark.sql.RowFactory.create("A", 2.5, 2.5 * Math.exp(-0.1)),
            org.apache.spark.sql.RowFactory.create("B", 2.0 * Math.exp(0.2), 2.0),
            org.apache.spark.sql.RowFactory.create("D", 3.0, 3.0),
            org.apache.spark.sql.RowFactory.create("E", 4.0, 4.0)),
        estimateSchema);

    java.util.List<org.apache.spark.sql.Row> out = AccuracyCommand.byPastCampaign(published,
        persistent, truth, estimate, 2.0).collectAsList();

    assertEquals(java.util.List.of("MSO", "none"),
        out.stream().map(r -> r.<String>getAs("event")).toList());
    org.apache.spark.sql.Row mso = out.get(0);
    assertEquals(2L, mso.<Long>getAs("planted_eligible"));
    assertEquals(1L, mso.<Long>getAs("truly_at_threshold"));
    assertEquals(2L, mso.<Long>getAs("found_published"));
    assertEquals(1L, mso.<Long>getAs("found_persistent"));
    assertEquals(0.2, mso.<Double>getAs("pooled_distance"), 1e-12);
    assertEquals(0.0, mso.<Double>getAs("persistent_distance"), 1e-12);
    org.apache.spark.sql.Row none = out.get(1);
    assertEquals(1L, none.<Long>getAs("planted_eligible"));
    assertEquals(1L, none.<Long>getAs("truly_at_threshold"));
    assertEquals(0L, none.<Long>getAs("found_published"));
    assertEquals(1L, none.<Long>getAs("found_persistent"));
    assertEquals(0.0, none.<Double>getAs("pooled_distance"), 1e-12);
    assertEquals(-0.1, none.<Double>getAs("persistent_distance"), 1e-12);
  }

  @Test
  void ratesOfGroupsOfDifferentSizesReadPerThousand() {
    assertEquals("37 of 3,000 (12.3 per 1,000)", AccuracyCommand.perThousand(37, 3000));
    assertEquals("0 of 0", AccuracyCommand.perThousand(0, 0));
  }
}
