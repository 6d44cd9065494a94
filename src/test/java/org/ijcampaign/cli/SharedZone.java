package org.ijcampaign.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.ConfigLoader;

/**
 * The generated landing zone the end-to-end and generator tests share, generated once per test
 * JVM (a generation costs more than most test classes): 150 GPs, seed 5, the 2023 campaign ten
 * times its national share, so that about fifteen GPs are treated and the evaluation has
 * something to match. Tests read it and write their warehouses elsewhere.
 */
final class SharedZone {
  static final int GPS = 150;
  static final long SEED = 5;
  /** Ten times the national share of GPs under the 2023 campaign: about 15 treated GPs. */
  static final double CAMPAIGN_SCALE = 10;
  private static Path dir;

  private SharedZone() {}

  /** The zone's folder, holding {@code landing/} and {@code truth/}. */
  static synchronized Path get(SparkSession spark) {
    if (dir == null) {
      AppConfig cfg = ConfigLoader.loadApp(new java.io.File("conf/local.conf"));
      try {
        Path d = Files.createTempDirectory("shared-zone");
        DemoLanding.generate(spark, DemoLanding.spec(cfg, GPS, SEED)
            .withCampaignScale(CAMPAIGN_SCALE), null, d.toString());
        dir = d;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return dir;
  }
}
