package org.ijcampaign.targeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.HistoryEvents;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.schema.Persistent;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Tables;
import org.ijcampaign.schema.Targeting;
import org.junit.jupiter.api.Test;

/**
 * The persistent rule beside the published one on six GPs, all eligible for wave 1 with 500
 * patients, installed in 2010: each GP's 2024 ratio and z against his persistent ratio, its
 * probability of reaching 2 and its semesters.
 */
class PersistentSelectionTest extends SparkTestBase {
  private static final CampaignConfig PUBLISHED =
      ConfigLoader.loadCampaign(new File("conf/campaigns/2025-2026.conf"));
  private static final CampaignConfig PERSISTENT =
      ConfigLoader.loadCampaign(new File("conf/campaigns/2025-2026-persistent.conf"));

  /** id, 2024 ratio, z, region percent rank, persistent ratio, probability, semesters. */
  private static final Object[][] GPS = {
      // A bad 2024 hides a persistent over-prescriber.
      {"P1", 1.6, 2.0, 0.95, 2.4, 0.97, 6L},
      // A bad 2024 of a GP whose level is ordinary.
      {"P2", 2.6, 4.0, 0.97, 1.7, 0.10, 6L},
      // Persistently around 2 but not surely at it.
      {"P3", 2.2, 3.5, 0.96, 2.1, 0.60, 6L},
      // Surely high, on three semesters only.
      {"P4", 2.9, 5.0, 0.99, 2.8, 0.99, 3L},
      // Surely high, out of his region's top decile of rates.
      {"P5", 3.1, 5.0, 0.85, 3.1, 0.99, 6L},
      // No persistent estimate.
      {"P6", 2.5, 4.0, 0.95, null, null, null}};

  private Dataset<Row> expected() {
    TableRows rows = TargetingInputs.expectedIj();
    for (Object[] g : GPS) {
      double ratio = (double) g[1];
      rows.row(TargetingInputs.expected((String) g[0], ratio, g[2], g[3], ratio, 500L));
    }
    return rows.toDataset(spark());
  }

  private Dataset<Row> profile() {
    TableRows rows = TargetingInputs.profile();
    for (Object[] g : GPS) {
      rows.row(TargetingInputs.profile(g[0], "2010-01-01"));
    }
    return rows.toDataset(spark());
  }

  private Dataset<Row> history() {
    TableRows rows = HistoryEvents.rows();
    for (Object[] g : GPS) {
      rows.row(HistoryEvents.event(g[0], "2024", "EXCHANGE", "2024-03-01", null));
    }
    return rows.toDataset(spark());
  }

  /**
   * The persistent_ratio rows of the GPs that have one (the other figures do not matter), in the
   * table's declared schema, as the store reads them: Persistent.SCHEMA, the job's output, would
   * refuse its null noise_scale.
   */
  private Dataset<Row> persistent() {
    TableRows rows = TableRows.of(Tables.PERSISTENT_RATIO);
    for (Object[] g : GPS) {
      if (g[4] == null) {
        continue;
      }
      double r = (double) g[4];
      rows.row(Persistent.CAMPAIGN, "2025-2026-persistent", Persistent.LAST_PERIOD, "2024S2",
          Persistent.PHYSICIAN_ID, g[0], Persistent.SEMESTERS, g[6],
          Persistent.PERIODS, "2022S1,...,2024S2", Persistent.PERSISTENT_RATIO, r,
          Persistent.PERSISTENT_RATIO_LOW95, r - 0.3, Persistent.PERSISTENT_RATIO_HIGH95, r + 0.3,
          Persistent.RATIO_THRESHOLD, 2.0, Persistent.PROBABILITY_AT_THRESHOLD, g[5],
          Persistent.MEAN_LOG_RATIO, -0.05, Persistent.TAU2_PERSISTENT, 0.07,
          Persistent.SIGMA2_SEMESTER, 0.04, Persistent.MOMENT_GPS, 1000L,
          // P1 replaced colleagues: 640 days as a substitute, left out of his estimate.
          Persistent.DAYS_AS_SUBSTITUTE, "P1".equals(g[0]) ? 640.0 : 0.0,
          Persistent.EXCLUDE_SUBSTITUTE_DAYS, true,
          // P1's estimate read a credible stop length: his own 1.43, 1.05 retained.
          Persistent.STOP_LENGTH_RATIO, "P1".equals(g[0]) ? 1.43 : null,
          Persistent.CREDIBLE_STOP_LENGTH_RATIO, "P1".equals(g[0]) ? 1.05 : null);
    }
    return rows.toDataset(spark());
  }

  private Map<String, Row> target(CampaignConfig c, boolean withPersistent) {
    Map<String, Row> m = new TreeMap<>();
    CampaignTargeting.target(expected(), profile(), history(),
            withPersistent ? persistent() : null, c).collectAsList()
        .forEach(r -> m.put(r.getAs(Profile.PHYSICIAN_ID), r));
    return m;
  }

  private static String status(Row r) {
    return r.getAs(Targeting.STATUS) + " " + r.getAs(Targeting.OBJECTIVE_REDUCTION);
  }

  @Test
  void thePersistentCampaignIsThePublishedOneWithAnotherSelectionRule() {
    assertEquals(CampaignConfig.SelectionRule.PUBLISHED, PUBLISHED.persistent().rule());
    assertEquals(CampaignConfig.SelectionRule.PERSISTENT, PERSISTENT.persistent().rule());
    assertEquals(0.95, PERSISTENT.persistent().minProbability());
    assertEquals(false, PUBLISHED.persistent().excludeSubstituteDays());
    assertEquals(true, PERSISTENT.persistent().excludeSubstituteDays());
    assertEquals(CampaignConfig.PersistentPrior.NORMAL, PUBLISHED.persistent().prior());
    assertEquals(CampaignConfig.PersistentPrior.MIXTURE, PERSISTENT.persistent().prior());
    assertEquals(PUBLISHED.waves(), PERSISTENT.waves());
    assertEquals(PUBLISHED.observation(), PERSISTENT.observation());
    assertEquals(PUBLISHED.ratioThreshold(), PERSISTENT.ratioThreshold());
    assertEquals(PUBLISHED.regionalPercentRank(), PERSISTENT.regionalPercentRank());
    assertEquals(PUBLISHED.minActivePatients(), PERSISTENT.minActivePatients());
    assertEquals(PUBLISHED.minYearsInstalled(), PERSISTENT.minYearsInstalled());
    assertEquals(PUBLISHED.objectives(), PERSISTENT.objectives());
  }

  @Test
  void selectsOnThePersistentRatioItsProbabilityAndItsSemestersKeepingTheTopDecile() {
    Map<String, Row> t = target(PERSISTENT, true);
    // P1's band is his persistent ratio's, 2.4: −20 %; P4's would be 2.8's: −25 %.
    assertEquals("TARGETED -0.2", status(t.get("P1")));
    assertEquals("BELOW_THRESHOLD null", status(t.get("P2")));
    assertEquals("FAILS_SAFEGUARD -0.2", status(t.get("P3")));
    assertEquals("FAILS_SAFEGUARD -0.25", status(t.get("P4")));
    assertEquals("BELOW_THRESHOLD null", status(t.get("P5")));
    assertEquals("BELOW_THRESHOLD null", status(t.get("P6")));
    Row p1 = t.get("P1");
    assertEquals("PERSISTENT", p1.getAs(Targeting.SELECTION_RULE));
    assertEquals(true, p1.getAs(Targeting.PASSES_PERSISTENT_RULE));
    assertEquals(false, p1.getAs(Targeting.PASSES_PUBLISHED_RULE));
    assertEquals(true, t.get("P2").getAs(Targeting.PASSES_PUBLISHED_RULE));
    String letter = p1.getAs(Targeting.EXPLANATION);
    org.junit.jupiter.api.Assertions.assertTrue(letter.contains("votre ratio persistant est estimé à 2.40 (intervalle à "
        + "95 % selon le modèle : 2.10 à 2.70) ; probabilité, selon le modèle, qu'il atteigne "
        + "2.0 : 97 %."), letter);
    org.junit.jupiter.api.Assertions.assertTrue(letter.contains("C'est ce ratio persistant"), letter);
    org.junit.jupiter.api.Assertions.assertTrue(letter.contains("Les 640 jours que vous avez "
        + "prescrits en remplaçant un confrère, à ses patients, n'y sont pas comptés"), letter);
    org.junit.jupiter.api.Assertions.assertTrue(letter.contains("Il repose sur le nombre de vos "
        + "arrêts ; leur durée n'y entre que pour ce que ce nombre permet d'établir, quelques "
        + "arrêts longs pouvant relever du hasard : vos arrêts ont duré en moyenne 1.43 fois "
        + "ceux de vos confrères, l'estimation en retient 1.05."), letter);
    // A GP who never replaced anyone is not told about it, nor one whose estimate read his own
    // stops' length.
    org.junit.jupiter.api.Assertions.assertFalse(t.get("P2").<String>getAs(Targeting.EXPLANATION)
        .contains("prescrits en remplaçant"));
    org.junit.jupiter.api.Assertions.assertFalse(t.get("P2").<String>getAs(Targeting.EXPLANATION)
        .contains("Il repose sur le nombre de vos arrêts"));
  }

  @Test
  void thePublishedCampaignIsUnchangedAndCarriesThePersistentFiguresWhenItHasThem() {
    Map<String, Row> with = target(PUBLISHED, true);
    Map<String, Row> without = target(PUBLISHED, false);
    for (Object[] g : GPS) {
      assertEquals(status(without.get((String) g[0])), status(with.get((String) g[0])));
    }
    assertEquals("BELOW_THRESHOLD null", status(with.get("P1")));
    assertEquals("TARGETED -0.25", status(with.get("P2")));
    assertEquals("PUBLISHED", with.get("P2").getAs(Targeting.SELECTION_RULE));
    assertEquals(1.7, with.get("P2").<Double>getAs(Persistent.PERSISTENT_RATIO), 1e-12);
    assertNull(without.get("P2").getAs(Persistent.PERSISTENT_RATIO));
    assertEquals(false, without.get("P2").getAs(Targeting.PASSES_PERSISTENT_RULE));
    String letter = with.get("P2").getAs(Targeting.EXPLANATION);
    org.junit.jupiter.api.Assertions.assertTrue(letter.contains("ratio persistant est estimé à 1.70"), letter);
    org.junit.jupiter.api.Assertions.assertFalse(letter.contains("C'est ce ratio persistant"), letter);
  }

  @Test
  void theFairnessAuditSetsTheOtherRulesTargetedBesideTheCampaignsOwn() {
    Dataset<Row> persistent = CampaignTargeting.target(expected(), profile(), history(),
        persistent(), PERSISTENT);
    Dataset<Row> persistentOff = CampaignTargeting.target(expected(), profile(), history(),
        persistent(), PERSISTENT.withSafeguard(false));
    Dataset<Row> published = CampaignTargeting.target(expected(), profile(), history(),
        persistent(), PERSISTENT.withSelection(CampaignConfig.SelectionRule.PUBLISHED));
    Dataset<Row> territories = TargetingInputs.sixTerritories(spark(), "P1", "P2", "P3", "P4",
        "P5", "P6");

    List<Row> sex = FairnessAudit.audit(persistent, persistentOff, published, territories,
        PERSISTENT).where("dimension = 'sex'").collectAsList();

    // Six women: the persistent rule targets P1 (P3 and P4 too without its probability); the
    // published one, as the 2024 figures and z: P2 and P6 (and P3, P4; P1 is under 2).
    assertEquals(1, sex.size());
    Row f = sex.get(0);
    assertEquals(1L, f.<Long>getAs(FairnessAudit.TARGETED_GPS));
    assertEquals(3L, f.<Long>getAs(FairnessAudit.TARGETED_NO_SAFEGUARD));
    assertEquals("PUBLISHED", f.getAs(FairnessAudit.OTHER_RULE));
    assertEquals(4L, f.<Long>getAs(FairnessAudit.TARGETED_OTHER_RULE));
  }
}
