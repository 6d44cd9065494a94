package org.ijcampaign.cli;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.IngestMarker;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.io.SparkSessions;
import org.ijcampaign.io.WarehouseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What jobs need at their edges: validated configuration, the session and the warehouse,
 * locked for as long as the context is open. Configuration is loaded before Spark starts so
 * that a bad file fails fast. Each job run inside gets its own lineage record.
 */
public final class JobContext implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobContext.class);
  final AppConfig cfg;
  final SparkSession spark;
  private final WarehouseLock lock;
  /** Whether {@link #close()} stops the session: not when the caller lent it. */
  private final boolean ownsSpark;

  private JobContext(AppConfig cfg, SparkSession spark, WarehouseLock lock, boolean ownsSpark) {
    this.cfg = cfg;
    this.spark = spark;
    this.lock = lock;
    this.ownsSpark = ownsSpark;
  }

  public static AppConfig config(CommonOptions common) {
    AppConfig cfg = ConfigLoader.loadApp(common.envFile());
    cfg = common.warehouse == null ? cfg : cfg.withWarehouse(common.warehouse);
    LOG.debug("configuration {} (environment {}): warehouse {}, work folder {}", cfg.source(),
        cfg.environment(), cfg.warehouse(), cfg.workDir());
    return cfg;
  }

  /** Takes the warehouse lock first, so a refused run fails fast, then starts Spark. */
  static JobContext open(String job, AppConfig cfg) {
    WarehouseLock lock = WarehouseLock.acquire(cfg.warehouse(), hadoopConf(cfg),
        UUID.randomUUID().toString(), job);
    try {
      return new JobContext(cfg, SparkSessions.create(cfg), lock, true);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * The same, on a session the caller already runs and keeps (a program that embeds the jobs,
   * a test JVM): the lock is taken and released as for a launched job, the session left running.
   */
  static JobContext open(String job, AppConfig cfg, SparkSession spark) {
    return new JobContext(cfg, spark, WarehouseLock.acquire(cfg.warehouse(), hadoopConf(cfg),
        UUID.randomUUID().toString(), job), false);
  }

  /**
   * The Hadoop settings Spark would use, without starting Spark: the site files on the
   * classpath, then spark.hadoop.* from spark-submit and from the environment file.
   */
  private static Configuration hadoopConf(AppConfig cfg) {
    Configuration conf = new Configuration();
    SparkConf launched = new SparkConf();
    for (scala.Tuple2<String, String> kv : launched.getAll()) {
      if (kv._1().startsWith("spark.hadoop.")) {
        conf.set(kv._1().substring("spark.hadoop.".length()), kv._2());
      }
    }
    cfg.spark().extra().forEach((k, v) -> {
      if (k.startsWith("spark.hadoop.")) {
        conf.set(k.substring("spark.hadoop.".length()), v);
      }
    });
    return conf;
  }

  /** Runs one job, recording it (RUNNING, then SUCCEEDED or FAILED) in the runs table. */
  void run(String job, Map<String, String> params, String configHash,
      Consumer<Job> body) {
    DeltaStore store = new DeltaStore(spark, cfg.warehouse());
    if (!job.equals("ingest")) {
      IngestMarker.requireComplete(store);
    }
    RunLog log = new RunLog(store, job, params, cfg.environment(), configHash);
    log.start();
    try {
      body.accept(new Job(cfg, store, log));
      log.succeed();
    } catch (RuntimeException e) {
      log.fail(e);
      throw e;
    }
  }

  /** One job's handles. */
  record Job(AppConfig cfg, DeltaStore store, RunLog log) {}

  @Override
  public void close() {
    try {
      lock.close();
    } finally {
      if (ownsSpark) {
        spark.stop();
      }
    }
  }
}
