package org.ijcampaign.lab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.lab.LabConfig;
import org.ijcampaign.lab.generate.GenerateSpec;
import org.ijcampaign.lab.generate.Geography;
import org.ijcampaign.lab.generate.LandingZone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo landing zone of {@code pipeline --demo}: generated once under
 * {@code <work-dir>/demo} with the lab configuration's {@code demo.gps} and {@code demo.seed}, and
 * reused by later runs while those settings do not change (a marker file records them).
 */
public final class DemoLanding {
  private static final Logger LOG = LoggerFactory.getLogger(DemoLanding.class);
  private static final String MARKER = "_DEMO_SETTINGS";

  private DemoLanding() {}

  public static String ensure(SparkSession spark, AppConfig cfg, LabConfig lab) {
    Path out = new Path(cfg.workDir(), "demo");
    String settings = "gps=" + lab.demo().gps() + " seed=" + lab.demo().seed() + " years="
        + lab.generate().firstYear() + "-" + lab.generate().lastYear();
    try {
      FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path marker = new Path(out, MARKER);
      if (fs.exists(marker)) {
        try (FSDataInputStream in = fs.open(marker)) {
          if (new String(in.readAllBytes(), StandardCharsets.UTF_8).equals(settings)) {
            LOG.info("[pipeline] reusing the demo landing zone " + out + " ("
                + settings + ")");
            return new Path(out, "landing").toString();
          }
        }
      }
      LOG.info("[pipeline] --demo: generating the demo landing zone in "
          + out + " (" + settings + ")");
      fs.delete(out, true);
      generate(spark, cfg, lab, lab.demo().gps(), lab.demo().seed(), null, out.toString());
      try (FSDataOutputStream o = fs.create(marker, true)) {
        o.write(settings.getBytes(StandardCharsets.UTF_8));
      }
      return new Path(out, "landing").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Generates a landing zone and its truth under {@code out}, as the generate job does. */
  public static void generate(SparkSession spark, AppConfig cfg, LabConfig lab, int gps,
      long seed, String reference, String out) {
    generate(spark, spec(cfg, lab, gps, seed), reference, out);
  }

  /** The spec the demo and benchmark zones are generated from. */
  public static GenerateSpec spec(AppConfig cfg, LabConfig lab, int gps, long seed) {
    return new GenerateSpec(gps, seed, lab.generate().firstYear(),
        lab.generate().lastYear(), lab.generate().partitions(), false,
        cfg.territory().kmeans().k(), lab.generate().campaignScale(), lab.generate().scenario());
  }

  public static void generate(SparkSession spark, GenerateSpec spec, String reference, String out) {
    Geography geography = reference == null ? Geography.synthetic(spark, spec)
        : GenerateCommand.referenceGeography(spark, reference);
    GenerateCommand.write(spark, LandingZone.build(spark, spec, geography), out,
        new GenerateCommand.Progress());
  }
}
