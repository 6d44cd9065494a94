package org.ijcampaign.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.ConfigError;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.lab.generate.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's settings live in lab.conf, not in the product's reference.conf, and are read from
 * the same environment file as the product's: each loader checks its own sections only.
 */
class LabConfigTest {
  @TempDir Path dir;

  private File env(String text) throws IOException {
    Path p = dir.resolve("env.conf");
    Files.writeString(p, "include required(file(\"conf/local.conf\"))\n" + text);
    return p.toFile();
  }

  @Test
  void theBundledDefaultsAreTheOnesTheJobsAndTestsWereWrittenFor() {
    for (LabConfig lab : new LabConfig[] {LabConfig.load(null),
        LabConfig.load(new File("conf/local.conf"))}) {
      assertEquals(new LabConfig.Demo(200, 20240101), lab.demo());
      assertEquals(new LabConfig.Generate(2022, 2024, 8, 1.0, Scenario.CALIBRATED), lab.generate());
    }
  }

  @Test
  void anEnvironmentFileSetsTheLabKeysAndTheProductIgnoresThem() throws IOException {
    File f = env("ijcampaign.demo.gps = 50\nijcampaign.generate.first-year = 2021\n");
    LabConfig lab = LabConfig.load(f);
    assertEquals(50, lab.demo().gps());
    assertEquals(20240101, lab.demo().seed());
    assertEquals(new LabConfig.Generate(2021, 2024, 8, 1.0, Scenario.CALIBRATED), lab.generate());
    // The product loads the same file, and its hash does not follow the lab's keys.
    AppConfig cfg = ConfigLoader.loadApp(f);
    assertEquals(ConfigLoader.loadApp(new File("conf/local.conf")).contentHash(),
        cfg.contentHash());
  }

  @Test
  void theLabChecksItsKeysAsTheProductDid() throws IOException {
    ConfigError years = assertThrows(ConfigError.class, () -> LabConfig.load(
        env("ijcampaign.generate { first-year = 2024, last-year = 2023 }\n")));
    assertTrue(years.getMessage().contains("ijcampaign.generate.last-year is before first-year"),
        years.getMessage());
    ConfigError unknown = assertThrows(ConfigError.class, () -> LabConfig.load(
        env("ijcampaign.generate.first-yaer = 2021\n")));
    assertTrue(unknown.getMessage().contains("unknown key(s) ijcampaign.generate.first-yaer"),
        unknown.getMessage());
    ConfigError type = assertThrows(ConfigError.class, () -> LabConfig.load(
        env("ijcampaign.demo.gps = many\n")));
    assertTrue(type.getMessage().contains("demo.gps"), type.getMessage());
    ConfigError positive = assertThrows(ConfigError.class, () -> LabConfig.load(
        env("ijcampaign.generate.partitions = 0\n")));
    assertTrue(positive.getMessage().contains("generate.partitions must be positive"),
        positive.getMessage());
  }

  @Test
  void aScenarioIsReadWholeAndAnImpossibleOneNamesItsKey() throws IOException {
    LabConfig lab = LabConfig.load(env("ijcampaign.generate.scenario {\n"
        + "  shock-correlation = 0.6, year-shock-share = 0.5, patient-frailty-sigma = 0.3,\n"
        + "  over-factor-min = 1.9, over-factor-max = 2.8, over-length-share = 0.5,\n"
        + "  practice-drift-sigma = 0.1 }\n"));
    assertEquals(new Scenario(0.25, 0.20, 0.6, 0.5, 0.02, 1.9, 2.8, 0.3, 0.5, 0.1),
        lab.generate().scenario());
    ConfigError rho = assertThrows(ConfigError.class, () -> LabConfig.load(
        env("ijcampaign.generate.scenario.shock-correlation = 1.0\n")));
    assertTrue(rho.getMessage().contains("ijcampaign.generate.scenario.shock-correlation must"
        + " lie in [0, 1), not 1.0"), rho.getMessage());
    ConfigError range = assertThrows(ConfigError.class, () -> LabConfig.load(
        env("ijcampaign.generate.scenario.over-factor-max = 2.0\n")));
    assertTrue(range.getMessage().contains("over-factor-min/max"), range.getMessage());
    ConfigError length = assertThrows(ConfigError.class, () -> LabConfig.load(
        env("ijcampaign.generate.scenario.over-length-share = 1.5\n")));
    assertTrue(length.getMessage().contains("ijcampaign.generate.scenario.over-length-share must"
        + " lie in [0, 1], not 1.5"), length.getMessage());
  }

  @Test
  void theProductSchemaHasNoLabKeysAndStillRefusesAMisspeltSection() throws IOException {
    String reference = Files.readString(Path.of("src/main/resources/reference.conf"));
    assertTrue(!reference.contains("demo {") && !reference.contains("generate {"), reference);
    ConfigError e = assertThrows(ConfigError.class,
        () -> ConfigLoader.loadApp(env("ijcampaign.generat.first-year = 2021\n")));
    assertTrue(e.getMessage().contains("unknown key(s) ijcampaign.generat.first-year"),
        e.getMessage());
  }
}
