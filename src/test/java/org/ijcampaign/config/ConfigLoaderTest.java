package org.ijcampaign.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private File write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p.toFile();
  }

  @Test
  void loadsTheShippedLocalEnvironment() {
    AppConfig cfg = ConfigLoader.loadApp(new File("conf/local.conf"));
    assertEquals("local[*]", cfg.spark().master());
    assertEquals(List.of(2.5, 3.5, 4.5), cfg.territory().aplThresholds());
    assertEquals(30, cfg.territory().minTerritorySize());
    assertEquals(ReplacementRule.STOPS, cfg.profile().rule());
    assertEquals(ReplacementRule.OFF, cfg.withReplacementRule(false).profile().rule());
    assertEquals("127.0.0.1", cfg.spark().extra().get("spark.driver.host"));
  }

  @Test
  void theNationalEnvironmentIsTheLocalOneWithMoreShufflePartitions() {
    AppConfig local = ConfigLoader.loadApp(new File("conf/local.conf"));
    AppConfig national = ConfigLoader.loadApp(new File("conf/national.conf"));
    assertEquals(8, local.spark().shufflePartitions());
    assertEquals(32, national.spark().shufflePartitions());
    assertEquals(local.spark().master(), national.spark().master());
    assertEquals(local.spark().extra(), national.spark().extra());
    assertEquals(local.warehouse(), national.warehouse());
  }

  @Test
  void loadsEveryShippedClusterEnvironment() {
    // An unknown key in an example would stop a real run at start-up: load each one.
    assertEquals("hdfs:", ConfigLoader.loadApp(new File("conf/yarn.conf")).warehouse()
        .substring(0, 5));
    assertEquals("s3a:", ConfigLoader.loadApp(new File("conf/k8s.conf")).warehouse()
        .substring(0, 4));
    assertEquals("hdfs:", ConfigLoader.loadApp(new File("conf/cluster-example.conf"))
        .warehouse().substring(0, 5));
  }

  @Test
  void loadsTheShippedCampaignWithEveryRuleOfTheDesign() {
    CampaignConfig c = ConfigLoader.loadCampaign(new File("conf/campaigns/2025-2026"));
    assertEquals("2025-2026", c.name());
    assertEquals(LocalDate.of(2025, 9, 1), c.start());
    assertEquals(LocalDate.of(2024, 1, 1), c.observation().start());
    assertEquals(LocalDate.of(2024, 12, 31), c.observation().end());
    assertEquals(2.0, c.ratioThreshold());
    assertEquals(0.90, c.regionalPercentRank());
    assertTrue(c.safeguard().enabled());
    assertEquals(3.09, c.safeguard().funnelZ());
    assertEquals(100, c.minActivePatients());
    assertEquals(2, c.minYearsInstalled());
    assertEquals(24, c.exchangeLookbackMonths());
    assertEquals(2, c.waves().size());
    assertEquals(LocalDate.of(2026, 2, 28), c.waves().get(0).end());
    assertEquals(-0.25, c.objectives().get(1).reduction());
    assertEquals("2023", c.evaluation().campaign());
    assertEquals(Period.semester("2022S2"), c.evaluation().baseline());
    assertEquals(Period.semester("2024S2"), c.evaluation().followUp());
  }

  @Test
  void refusesAnUnknownKeyNamingItAndTheFile() throws IOException {
    File f = write("bad.conf", "ijcampaign { territory { min-teritory-size = 3 } }");
    ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.loadApp(f));
    assertTrue(e.getMessage().contains("bad.conf"), e.getMessage());
    assertTrue(e.getMessage().contains("ijcampaign.territory.min-teritory-size"), e.getMessage());
  }

  @Test
  void refusesAWrongTypeNamingTheKey() throws IOException {
    File f = write("bad.conf", "ijcampaign { territory { min-territory-size = many } }");
    ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.loadApp(f));
    assertTrue(e.getMessage().contains("min-territory-size"), e.getMessage());
    assertTrue(e.getMessage().contains("bad.conf"), e.getMessage());
  }

  @Test
  void refusesACampaignWaveWithAMissingKey() throws IOException {
    File f = write("c.conf", "campaign { waves = [ { name = \"1\", start = \"2025-09-01\" } ] }");
    ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.loadCampaign(f));
    assertTrue(e.getMessage().contains("campaign.waves[0]"), e.getMessage());
  }

  @Test
  void refusesAnUnknownPersistentPrior() throws IOException {
    File f = write("c.conf", "campaign { persistent { prior = \"STUDENT\" } }");
    ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.loadCampaign(f));
    assertTrue(e.getMessage().contains("campaign.persistent.prior"), e.getMessage());
  }

  /** The noise of a GP's mean is SEMESTERS unless a campaign says WINDOW; another word fails. */
  @Test
  void readsThePersistentNoiseAndRefusesAnUnknownOne() throws IOException {
    assertEquals(CampaignConfig.PersistentNoise.SEMESTERS,
        ConfigLoader.loadCampaign(write("d.conf", "campaign { }")).persistent().noise());
    assertEquals(CampaignConfig.PersistentNoise.WINDOW, ConfigLoader.loadCampaign(
        write("w.conf", "campaign { persistent { noise = \"WINDOW\" } }")).persistent().noise());
    File f = write("c.conf", "campaign { persistent { noise = \"YEARS\" } }");
    ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.loadCampaign(f));
    assertTrue(e.getMessage().contains("campaign.persistent.noise must be SEMESTERS or WINDOW"),
        e.getMessage());
  }

  /**
   * The persistent campaign takes the window's noise; the study's variant is the same campaign
   * under its own name with the former model (SEMESTERS).
   */
  @Test
  void theSemestersVariantIsThePersistentCampaignWithTheFormerNoise() {
    CampaignConfig persistent = ConfigLoader.loadCampaign(
        new File("conf/campaigns/2025-2026-persistent.conf"));
    CampaignConfig semesters = ConfigLoader.loadCampaign(
        new File("conf/campaigns/2025-2026-persistent-semesters.conf"));
    assertEquals("2025-2026-persistent-semesters", semesters.name());
    assertEquals(CampaignConfig.PersistentNoise.WINDOW, persistent.persistent().noise());
    assertEquals(CampaignConfig.PersistentNoise.SEMESTERS, semesters.persistent().noise());
    assertEquals(persistent.persistent().minProbability(),
        semesters.persistent().minProbability());
    assertEquals(persistent.persistent().prior(), semesters.persistent().prior());
    assertEquals(persistent.waves(), semesters.waves());
    assertEquals(persistent.start(), semesters.start());
  }

  /**
   * A GP's days are his own unless a campaign asks for a credible stop length, which reads his
   * stops over the window: with the semesters' noise it is refused, naming both keys.
   */
  @Test
  void readsTheStopLengthAndRefusesACredibleOneWithoutTheWindow() throws IOException {
    assertEquals(CampaignConfig.PersistentStopLength.OWN,
        ConfigLoader.loadCampaign(write("d.conf", "campaign { }")).persistent().stopLength());
    CampaignConfig credible = ConfigLoader.loadCampaign(
        new File("conf/campaigns/2025-2026-persistent-credible.conf"));
    assertEquals("2025-2026-persistent-credible", credible.name());
    assertEquals(CampaignConfig.PersistentStopLength.CREDIBLE,
        credible.persistent().stopLength());
    assertEquals(CampaignConfig.PersistentNoise.WINDOW, credible.persistent().noise());
    File f = write("c.conf", "campaign { persistent { stop-length = \"CREDIBLE\" } }");
    ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.loadCampaign(f));
    assertTrue(e.getMessage().contains("campaign.persistent.stop-length = CREDIBLE needs "
        + "campaign.persistent.noise = WINDOW, not 'SEMESTERS'"), e.getMessage());
  }

  @Test
  void refusesAnUnparseableCampaignDate() throws IOException {
    File f = write("c.conf", "campaign { start = \"2025-13-01\" }");
    ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.loadCampaign(f));
    assertTrue(e.getMessage().contains("campaign.start"), e.getMessage());
  }

  @Test
  void refusesAMissingFile() {
    ConfigError e = assertThrows(ConfigError.class,
        () -> ConfigLoader.loadApp(new File("conf/nope.conf")));
    assertTrue(e.getMessage().contains("conf/nope.conf"));
  }

  @Test
  void hashesContentSoThatAChangedThresholdChangesTheHash() throws IOException {
    File a = write("a.conf", "campaign { thresholds { ratio = 2.0 } }");
    File b = write("b.conf", "campaign { thresholds { ratio = 2.1 } }");
    assertFalse(ConfigLoader.loadCampaign(a).contentHash()
        .equals(ConfigLoader.loadCampaign(b).contentHash()));
  }
}
