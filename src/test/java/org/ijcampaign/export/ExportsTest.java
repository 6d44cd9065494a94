package org.ijcampaign.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.ConfigError;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.io.WarehouseLock;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Tables;
import org.ijcampaign.schema.Targeting;
import org.ijcampaign.schema.Territory;
import org.junit.jupiter.api.Test;

class ExportsTest extends SparkTestBase {
  private static final CampaignConfig C2025 =
      ConfigLoader.loadCampaign(new File("conf/campaigns/2025-2026.conf"));

  /** A GP expected at 8.0 in a territory of 42 GPs (mean 8.5, sd 2.5): ratio rate / 8. */
  private static Object[] gp(String id, String status, String iris, double rate) {
    return new Object[] {Targeting.CAMPAIGN, "2025-2026", Targeting.STATUS, status,
        Profile.PHYSICIAN_ID, id, Profile.REGION_CODE, "11", Profile.PRACTICE_IRIS, iris,
        Targeting.WAVE, "1", Targeting.QUALIFYING_EVENT, "EXCHANGE 2024-03-01",
        Profile.ACTIVE_PATIENTS, 900L, Expected.OBSERVED_RATE, rate, Expected.EXPECTED_RATE, 8.0,
        Expected.RATIO, rate / 8.0, Expected.SHRUNK_RATIO, rate / 8.0 - 0.1, Expected.Z, 4.2,
        Expected.REGION_PERCENT_RANK, 0.97, Territory.TERRITORY, "3|2|11",
        Territory.TERRITORY_SIZE, 42L, Territory.TERRITORY_MEAN_RATE, 8.5,
        Territory.TERRITORY_SD_RATE, 2.5, Targeting.OBJECTIVE_REDUCTION, -0.2,
        Targeting.TARGET_RATE, rate * 0.8, Targeting.EXPLANATION, "texte"};
  }

  private Dataset<Row> targeting() {
    return TableRows.of(Tables.TARGETING)
        .row(gp("10000000001", Targeting.TARGETED, "751010101", 20.0))
        .row(gp("10000000002", Targeting.TARGETED, "2A0040000", 16.0))
        .row(gp("10000000003", Targeting.TARGETED, "971010000", 18.0))
        .row(gp("10000000004", Targeting.BELOW_THRESHOLD, "751010102", 9.0))
        .row(gp("10000000005", Targeting.FAILS_SAFEGUARD, "751010103", 19.0))
        .toDataset(spark());
  }

  @Test
  void cutsTheTargetedGpsByDepartementCorsicaAndOverseasIncluded() {
    List<String> got = Exports.fundList(targeting()).orderBy(Profile.PHYSICIAN_ID)
        .collectAsList().stream().map(r -> r.getAs(Profile.PHYSICIAN_ID) + ":"
            + r.getAs(Exports.DEPARTEMENT)).toList();
    assertEquals(List.of("10000000001:75", "10000000002:2A", "10000000003:971"), got);
    assertEquals(List.of(Exports.FUND_COLUMNS), List.of(Exports.fundList(targeting())
        .columns()));
  }

  @Test
  void theLetterShowsTheFiguresTheGpWillBeAskedAbout() {
    Row r = targeting().where("physician_id = '10000000001'").head();
    List<String> lines = List.of(Exports.letter(r, "2025-2026", "2024").split("\n"));
    assertEquals("Médecin (RPPS) : 10000000001", lines.get(1));
    assertEquals("Patients actifs (médecin traitant, 16-64 ans, salariés) : 900", lines.get(3));
    assertEquals("Votre taux : 20,0 jours d'IJ par patient actif et par an", lines.get(4));
    assertEquals("Taux attendu pour votre patientèle et votre territoire : 8,0", lines.get(5));
    assertEquals("Ratio (votre taux / taux attendu) : 2,50 (estimation prudente 2,40)",
        lines.get(6));
    assertEquals("Groupe de comparaison (3|2|11) : 42 médecins, taux moyen 8,5, écart-type 2,5",
        lines.get(7));
    assertEquals("Rang dans votre région : 97 % des médecins ont un taux inférieur",
        lines.get(8));
    // A 20 % reduction of 20.0 days: 16.0.
    assertEquals("Objectif : réduction de 20 %, soit un taux cible de 16,0 jours par patient "
        + "actif et par an (vague 1)", lines.get(9));
  }

  @Test
  void writesOneCsvPerDepartementAndOneLetterPerTargetedGp() throws IOException {
    DeltaStore store = new DeltaStore(spark(), tempDir("exp-wh").toString());
    store.overwrite(targeting(), Tables.TARGETING, Targeting.CAMPAIGN);
    Path out = tempDir("exports");
    Map<String, Long> byDep = ExportJob.run(store,
        new RunLog(store, "export", Map.of(), "test", "h"), C2025, out.toString());
    assertEquals(Map.of("2A", 1L, "75", 1L, "971", 1L), byDep);
    Path root = out.resolve("2025-2026");
    List<String> paris = Files.readAllLines(root.resolve("departements/targeting_75.csv"));
    assertEquals(2, paris.size());
    assertEquals(String.join(";", Exports.FUND_COLUMNS), paris.get(0));
    assertEquals("10000000001", paris.get(1).split(";")[0]);
    List<String> letters = new ArrayList<>();
    try (var files = Files.list(root.resolve("letters"))) {
      files.forEach(p -> letters.add(p.getFileName().toString()));
    }
    assertEquals(List.of("10000000001.txt", "10000000002.txt", "10000000003.txt"),
        letters.stream().sorted().toList());
    assertEquals(List.of("departement;targeted_gps", "2A;1", "75;1", "971;1"),
        Files.readAllLines(root.resolve("summary.csv")));
    Row r = targeting().where("physician_id = '10000000002'").head();
    assertEquals(Exports.letter(r, "2025-2026", C2025.observation().label()),
        Files.readString(root.resolve("letters/10000000002.txt")));
  }

  @Test
  void aCampaignNamedLikeAPathDeletesAndWritesNothingOutsideTheExportFolder()
      throws IOException {
    DeltaStore store = new DeltaStore(spark(), tempDir("exp-wh").toString());
    store.overwrite(targeting(), Tables.TARGETING, Targeting.CAMPAIGN);
    Path work = tempDir("work");
    Path out = work.resolve("exports");
    Files.createDirectories(out);
    Path victim = Files.createDirectories(work.resolve("victim"));
    Files.writeString(victim.resolve("keep.txt"), "keep");
    for (String name : new String[] {"../victim", ".."}) {
      CampaignConfig c = new CampaignConfig(C2025.source(), name, C2025.start(),
          C2025.observation(), C2025.ratioThreshold(), C2025.regionalPercentRank(),
          C2025.safeguard(), C2025.minActivePatients(), C2025.minYearsInstalled(),
          C2025.exchangeLookbackMonths(), C2025.priorProcedures(), C2025.waves(),
          C2025.objectives(), C2025.evaluation(), C2025.persistent(), C2025.contentHash());
      assertThrows(ConfigError.class, () -> ExportJob.run(store,
          new RunLog(store, "export", Map.of(), "test", "h"), c, out.toString()));
    }
    assertEquals("keep", Files.readString(victim.resolve("keep.txt")));
    assertEquals(List.of("exports", "victim"), listing(work));
    assertEquals(List.of(), listing(out));
  }

  /**
   * Two pipelines sharing a work folder: the second export waits while the first holds the
   * folder, leaving the first's files alone, then replaces them whole and releases it.
   */
  @Test
  void anExportWaitsForAnotherRunsExportToTheSameFolderThenReplacesIt() throws Exception {
    DeltaStore store = new DeltaStore(spark(), tempDir("exp-wh").toString());
    store.overwrite(targeting(), Tables.TARGETING, Targeting.CAMPAIGN);
    Path out = tempDir("exports");
    Path first = Files.createDirectories(out.resolve("2025-2026/letters"));
    Files.writeString(first.resolve("10000000009.txt"), "the first run's letter");
    CompletableFuture<Map<String, Long>> second;
    try (WarehouseLock held = WarehouseLock.awaitFolder(out.toString(), new Configuration(),
        "first", "export", Duration.ZERO)) {
      second = CompletableFuture.supplyAsync(() -> ExportJob.run(store,
          new RunLog(store, "export", Map.of(), "test", "h"), C2025, out.toString()));
      Thread.sleep(1500);
      assertFalse(second.isDone());
      assertEquals("the first run's letter",
          Files.readString(first.resolve("10000000009.txt")));
    }
    assertEquals(Map.of("2A", 1L, "75", 1L, "971", 1L), second.get());
    assertEquals(List.of("10000000001.txt", "10000000002.txt", "10000000003.txt"),
        listing(first));
    assertEquals(List.of("2025-2026"), listing(out));
  }

  private static List<String> listing(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void explainsThePersistentFiguresInTheLetterAndSaysWhenTheyWereNotComputed() {
    Row old = targeting().where("physician_id = '10000000002'").head();
    org.junit.jupiter.api.Assertions.assertTrue(Exports.letter(old, "2025-2026", "2024")
        .contains("Ratio persistant : non calculé pour cette campagne."));
    Dataset<Row> withPersistent = targeting()
        .withColumn(Targeting.SELECTION_RULE, org.apache.spark.sql.functions.lit("PERSISTENT"))
        .withColumn(org.ijcampaign.schema.Persistent.PERSISTENT_RATIO,
            org.apache.spark.sql.functions.lit(2.4))
        .withColumn(org.ijcampaign.schema.Persistent.PERSISTENT_RATIO_LOW95,
            org.apache.spark.sql.functions.lit(2.1))
        .withColumn(org.ijcampaign.schema.Persistent.PERSISTENT_RATIO_HIGH95,
            org.apache.spark.sql.functions.lit(2.7))
        .withColumn(org.ijcampaign.schema.Persistent.PROBABILITY_AT_THRESHOLD,
            org.apache.spark.sql.functions.lit(0.97))
        .withColumn(org.ijcampaign.schema.Persistent.RATIO_THRESHOLD,
            org.apache.spark.sql.functions.lit(2.0))
        .withColumn(org.ijcampaign.schema.Persistent.SEMESTERS,
            org.apache.spark.sql.functions.lit(6L))
        .withColumn(org.ijcampaign.schema.Persistent.PERIODS,
            org.apache.spark.sql.functions.lit("2022S1,2022S2,2023S1,2023S2,2024S1,2024S2"))
        .withColumn(org.ijcampaign.schema.Persistent.DAYS_AS_SUBSTITUTE,
            org.apache.spark.sql.functions.expr(
                "CASE WHEN physician_id = '10000000002' THEN 412D ELSE 0D END"))
        .withColumn(org.ijcampaign.schema.Persistent.EXCLUDE_SUBSTITUTE_DAYS,
            org.apache.spark.sql.functions.lit(true))
        .withColumn(org.ijcampaign.schema.Persistent.STOP_LENGTH_RATIO,
            org.apache.spark.sql.functions.lit(1.43))
        .withColumn(org.ijcampaign.schema.Persistent.CREDIBLE_STOP_LENGTH_RATIO,
            org.apache.spark.sql.functions.lit(1.05));
    String letter = Exports.letter(withPersistent.where("physician_id = '10000000002'").head(),
        "2025-2026-persistent", "2024");
    org.junit.jupiter.api.Assertions.assertTrue(letter.contains("Ratio persistant : 2,40 "
        + "(intervalle à 95 % selon le modèle : 2,10 à 2,70), estimé sur 6 semestres "
        + "(2022S1,2022S2,2023S1,2023S2,2024S1,2024S2)"), letter);
    org.junit.jupiter.api.Assertions.assertTrue(letter.contains(
        "Probabilité, selon le modèle, que votre ratio persistant soit d'au moins 2,0 : 97 %"),
        letter);
    org.junit.jupiter.api.Assertions.assertTrue(letter.contains("ne tiennent pas compte des "
        + "particularités de votre patientèle"), letter);
    org.junit.jupiter.api.Assertions.assertTrue(letter.contains("qui a servi à vous "
        + "sélectionner"), letter);
    org.junit.jupiter.api.Assertions.assertTrue(letter.contains("Les 412 jours que vous avez "
        + "prescrits en remplaçant un confrère, à ses patients, n'y sont pas comptés"), letter);
    org.junit.jupiter.api.Assertions.assertTrue(letter.contains("vos arrêts ont duré en moyenne "
        + "1,43 fois ceux de vos confrères, l'estimation en retient 1,05."), letter);
    // An estimate on his own stops' length says nothing of it.
    org.junit.jupiter.api.Assertions.assertFalse(Exports.letter(withPersistent
        .withColumn(org.ijcampaign.schema.Persistent.CREDIBLE_STOP_LENGTH_RATIO,
            org.apache.spark.sql.functions.lit(null).cast("double"))
        .where("physician_id = '10000000002'").head(), "2025-2026-persistent", "2024")
        .contains("Il repose sur le nombre de vos arrêts"));
    // Without days as a substitute, or with a campaign that keeps them, nothing is said.
    org.junit.jupiter.api.Assertions.assertFalse(Exports.letter(withPersistent
        .where("physician_id = '10000000001'").head(), "2025-2026-persistent", "2024")
        .contains("prescrits en remplaçant"));
    org.junit.jupiter.api.Assertions.assertFalse(Exports.letter(withPersistent
        .withColumn(org.ijcampaign.schema.Persistent.EXCLUDE_SUBSTITUTE_DAYS,
            org.apache.spark.sql.functions.lit(false))
        .where("physician_id = '10000000002'").head(), "2025-2026-persistent", "2024")
        .contains("prescrits en remplaçant"));
    assertEquals(List.of("2.4", "0.97", "6"), List.of(Exports.fundList(withPersistent)
        .where("physician_id = '10000000002'").head()).stream().flatMap(r -> java.util.stream
            .Stream.of(r.getAs(org.ijcampaign.schema.Persistent.PERSISTENT_RATIO).toString(),
                r.getAs(org.ijcampaign.schema.Persistent.PROBABILITY_AT_THRESHOLD).toString(),
                r.getAs(org.ijcampaign.schema.Persistent.SEMESTERS).toString())).toList());
  }
}
