package org.ijcampaign.lab;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.File;
import org.ijcampaign.config.ConfigError;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.lab.generate.Scenario;

/**
 * The lab's settings: {@code ijcampaign.demo} and {@code ijcampaign.generate} of the
 * environment file (conf/local.conf, ...) over the defaults of the bundled {@code lab.conf},
 * checked like the product's keys (an unknown key, a wrong type, a non-positive count or a last
 * year before the first is a {@link ConfigError}, exit code 2). The product's loader does not
 * read these sections; only the lab's jobs load this.
 */
public record LabConfig(String source, Demo demo, Generate generate) {
  /** The lab's defaults and schema, on the classpath. */
  public static final String RESOURCE = "lab.conf";

  /** The demo landing zone of {@code pipeline --demo}: its size and seed. */
  public record Demo(int gps, long seed) {}

  /**
   * The generated claims' years, claim files per year, the 2023 campaign's scale and the sizes
   * of the GP-level mechanisms.
   */
  public record Generate(int firstYear, int lastYear, int partitions, double campaignScale,
      Scenario scenario) {}

  /** The lab's settings of the environment file, or the bundled defaults when it is null. */
  public static LabConfig load(File envFile) {
    String source = envFile == null ? "classpath:" + RESOURCE : envFile.getPath();
    Config a = ConfigLoader.otherReader(envFile, RESOURCE);
    try {
      LabConfig lab = new LabConfig(source,
          new Demo(ConfigLoader.positive(a, "demo.gps", source), a.getLong("demo.seed")),
          new Generate(a.getInt("generate.first-year"), a.getInt("generate.last-year"),
              ConfigLoader.positive(a, "generate.partitions", source),
              a.getDouble("generate.campaign-2023-scale"), scenario(a)));
      if (lab.generate().lastYear() < lab.generate().firstYear()) {
        throw new ConfigError(source + ": ijcampaign.generate.last-year is before first-year");
      }
      return lab;
    } catch (ConfigException e) {
      throw new ConfigError(source + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ConfigError(source + ": ijcampaign.generate." + e.getMessage(), e);
    }
  }

  private static Scenario scenario(Config a) {
    Config s = a.getConfig("generate.scenario");
    return new Scenario(s.getDouble("practice-sigma"), s.getDouble("shock-sigma"),
        s.getDouble("shock-correlation"), s.getDouble("year-shock-share"),
        s.getDouble("over-prescriber-share"),
        s.getDouble("over-factor-min"), s.getDouble("over-factor-max"),
        s.getDouble("patient-frailty-sigma"), s.getDouble("over-length-share"),
        s.getDouble("practice-drift-sigma"));
  }
}
