package org.ijcampaign;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.ijcampaign.io.LocalFileSystemWithoutProcesses;
import org.ijcampaign.io.SparkSessions;
import org.junit.jupiter.api.BeforeEach;

/**
 * One SparkSession for the whole test run (spark-testing-base under Jupiter: its JUnit 4
 * hooks are called by hand), local[2], UTC, two shuffle partitions, Delta enabled,
 * expressions interpreted rather than compiled.
 */
public abstract class SparkTestBase extends JavaDataFrameSuiteBase {
  /** Spark's whole-stage code generation (on by default; off in the tests' session). */
  public static final String WHOLE_STAGE_CODEGEN = "spark.sql.codegen.wholeStage";
  /** How Spark builds projections and predicates: generated code, else interpreted. */
  public static final String CODEGEN_FACTORY_MODE = "spark.sql.codegen.factoryMode";
  /** Hadoop's local file system class, for the {@code FileSystem} and {@code FileContext} APIs. */
  public static final String LOCAL_FS = "spark.hadoop.fs.file.impl";
  public static final String LOCAL_FILE_CONTEXT = "spark.hadoop.fs.AbstractFileSystem.file.impl";

  @Override
  public SparkConf conf() {
    SparkConf c = super.conf().setMaster("local[2]").setAppName("ij-campaign-tests")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.databricks.delta.snapshotPartitions", "2")
        // Delta's VACUUM lists files in this many tasks (10,000 by default): a minute per call.
        .set("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2")
        .set("spark.sql.adaptive.coalescePartitions.enabled", "true")
        // As conf/local.conf: no chmod or readlink process for each file written and renamed.
        .set(LOCAL_FS, LocalFileSystemWithoutProcesses.class.getName())
        .set(LOCAL_FILE_CONTEXT, LocalFileSystemWithoutProcesses.Fs.class.getName())
        // Hand-made rows are evaluated faster than Spark compiles Java for them: interpreted
        // expressions cut a quarter of the heavy classes' time. The generated-code path the
        // jobs run is still tested: the shared zone is generated with it (SharedZone), and the
        // loopback test runs every job with it, on a cluster.
        .set(WHOLE_STAGE_CODEGEN, "false")
        .set(CODEGEN_FACTORY_MODE, "NO_CODEGEN");
    for (Map.Entry<String, String> e : SparkSessions.defaults(2).entrySet()) {
      c.set(e.getKey(), e.getValue());
    }
    return c;
  }

  @Override
  public boolean enableHiveSupport() {
    return false;
  }

  /**
   * Starts the context once for the whole test run: the suite base keeps it in a static field,
   * and runAfterClass() is deliberately never called, so every test class shares it; Spark's
   * shutdown hook stops it when the test JVM exits.
   */
  @BeforeEach
  public void startSpark() {
    runBefore();
  }

  /** A new temporary folder, deleted when the test run's JVM exits ({@link TestDirs}). */
  protected static Path tempDir(String prefix) {
    return TestDirs.create(prefix);
  }
}
