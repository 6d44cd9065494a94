package org.ijcampaign.io;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.config.AppConfig;

/** Builds the one SparkSession of a job from the environment configuration. */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession create(AppConfig cfg) {
    // SparkConf() picks up what spark-submit set; its master wins over the file's.
    SparkConf launched = new SparkConf();
    SparkSession.Builder b = SparkSession.builder().appName(cfg.spark().appName());
    if (!launched.contains("spark.master")) {
      b.master(cfg.spark().master());
    }
    for (Map.Entry<String, String> e : defaults(cfg.spark().shufflePartitions()).entrySet()) {
      b.config(e.getKey(), e.getValue());
    }
    cfg.spark().extra().forEach(b::config);
    return b.getOrCreate();
  }

  /** Settings every session of the project needs, tests included. */
  public static Map<String, String> defaults(int shufflePartitions) {
    return Map.of(
        "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
        "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
        "spark.sql.shuffle.partitions", String.valueOf(shufflePartitions),
        // Dates are calendar dates: no time zone may shift them.
        "spark.sql.session.timeZone", "UTC",
        // Unparseable dates become null (and are quarantined) instead of failing the job.
        "spark.sql.legacy.timeParserPolicy", "CORRECTED",
        "spark.sql.ansi.enabled", "false",
        "spark.databricks.delta.schema.autoMerge.enabled", "false");
  }
}
