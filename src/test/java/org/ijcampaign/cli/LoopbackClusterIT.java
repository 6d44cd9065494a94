package org.ijcampaign.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.lab.SharedZone;
import org.ijcampaign.lab.TableComparison;
import org.ijcampaign.lab.TableFingerprints;
import org.ijcampaign.schema.Tables;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline through a real Spark standalone cluster on loopback: a master and a worker
 * started from the shaded jar (no Spark distribution), the job submitted with the jar and the
 * launch script a scheduler uses ({@code jobs/pipeline.sh}, with
 * {@code jobs/spark-submit-from-jar.sh} as its spark-submit). Its tables must equal those of a
 * {@code local[*]} run on the same landing zone: the end-to-end test's, kept by the same build,
 * over a copy of which the cluster re-runs the whole pipeline (so equal tables also say that a
 * re-run changes nothing); run alone, the same script's embedded run beside it. The outputs
 * then feed the analysts' notebooks (executed by Jupyter) and the dashboard (rendered by
 * headless Chromium): see {@link AnalystOutputs}.
 *
 * <p>An integration test (failsafe, after {@code package}): it needs
 * {@code target/ij-campaign-0.1.0.jar}. Bounds on waits are generous (a loaded 2-core machine)
 * and only keep a hung process from hanging the build; nothing is asserted on speed.
 */
class LoopbackClusterIT extends SparkTestBase {
  private static final long PIPELINE_MINUTES = 30;
  /**
   * The 2025-2026 rules with low thresholds: the small test zone then has targeted GPs, so that the
   * exports, the notebooks and the dashboard have something to show.
   */
  private static final String CAMPAIGN = PipelineEndToEndTest.CAMPAIGN;
  private static final String CAMPAIGN_NAME = "it-small-zone";
  private static final long REGISTRATION_MILLIS = 5 * 60_000;

  /** The tables the pipeline must write (the analyst-facing ones and the ingested ones). */
  private static final List<String> EXPECTED_TABLES = List.of(Tables.CLAIMS_CLEAN,
      Tables.QUARANTINE, Tables.GP_PERIOD_PROFILE, Tables.TERRITORIES, Tables.EXPECTED_IJ,
      Tables.TARGETING, Tables.CAMPAIGN_EVALUATION);

  /**
   * The only columns left out of the comparison, all in the {@code runs} table: a random run id
   * and wall-clock times (start, end, duration, and each stage's seconds, removed from
   * {@code stages} below). The analyst-facing and ingested tables hold no run id, timestamp or
   * duration ({@code model_version} is a hash of the model's inputs, not a time), so they are
   * compared whole.
   */
  private static final List<String> RUNS_VOLATILE = List.of("run_id", "started_at", "ended_at",
      "duration_s");
  private static final String STAGES_WITHOUT_SECONDS = "transform(stages, s -> named_struct("
      + "'stage', s.stage, 'rows_in', s.rows_in, 'rows_out', s.rows_out))";
  /** The exports folder differs by construction (one per run): the other parameters must not. */
  private static final String PARAMETERS_WITHOUT_OUT =
      "filter(parameters, p -> p.key != 'out')";

  @Test
  void thePipelineOnALoopbackClusterWritesTheTablesOfALocalRunAndFeedsTheAnalysts() throws Exception {
    Path repo = Path.of("").toAbsolutePath();
    Path jar = repo.resolve("target/ij-campaign-0.1.0.jar");
    Assertions.assertTrue(Files.isRegularFile(jar),
        "no " + jar + ": an integration test, run after `package` (mvn verify)");
    Path script = repo.resolve("jobs/pipeline.sh");
    Path campaign = repo.resolve(CAMPAIGN);
    Path root = tempDir("loopback-cluster");
    Path kept = repo.resolve("target/analyst-outputs");
    Clock clock = new Clock();
    boolean passed = false;
    try {
      // The unit tests' 150-GP zone (with enough GPs treated by campaign 2023 for the
      // evaluation), generated again only when the integration test runs alone.
      String landing = SharedZone.reuseOrGet(spark()).resolve("landing").toString();
      clock.lap("landing zone of " + SharedZone.GPS + " GPs");

      Path clusterWh = root.resolve("warehouse-cluster");
      Path clusterLog = root.resolve("pipeline-cluster.log");
      // The local run to compare with: the end-to-end test's, when this build ran it on the
      // same zone with the same campaign (its warehouse is kept under target/); else the same
      // script in local[*], side by side with the cluster run.
      Path reference = PipelineEndToEndTest.keptWarehouse(campaign);
      boolean localRun = reference == null;
      Path localWh = localRun ? root.resolve("warehouse-local") : reference;
      Path localLog = root.resolve("pipeline-local.log");
      Path localExports = localRun ? root.resolve("exports-local")
          : PipelineEndToEndTest.keptExports(campaign);
      if (!localRun) {
        // The cluster run re-runs every job over a copy of that warehouse: equal tables then
        // say both that the cluster computes what local[*] computes and that a re-run of the
        // whole pipeline on the same landing zone changes no table.
        copyTree(reference, clusterWh);
        clock.lap("end-to-end test's warehouse copied for the re-run on the cluster");
      }
      try (Cluster cluster = Cluster.start(jar, root.resolve("cluster"))) {
        clock.lap("master and worker up at " + cluster.url());
        Process run = pipeline(script, Map.of(
            "SPARK_MASTER", cluster.url(),
            "SPARK_SUBMIT", repo.resolve("jobs/spark-submit-from-jar.sh").toString(),
            "IJ_DRIVER_MEMORY", "1g",
            "IJ_ENV", PipelineEndToEndTest.ENV,
            // jobs/common.sh leaves the driver's address to the caller on a cluster master.
            "SPARK_LOCAL_IP", "127.0.0.1",
            "SPARK_SUBMIT_OPTS", String.join(" ",
                "--conf spark.executor.extraClassPath=" + jar,
                "--conf spark.executor.memory=1g",
                "--conf spark.cores.max=2",
                "--conf spark.driver.host=127.0.0.1",
                "--conf spark.driver.bindAddress=127.0.0.1")),
            clusterLog, "pipeline", "--landing", landing, "--warehouse", clusterWh.toString(),
            "--campaign", campaign.toString(),
            "--exports", root.resolve("exports-cluster").toString(),
            "--dashboard", root.resolve("dashboard-cluster").toString());
        // The end-to-end test exported its warehouse (in the pipeline's order): its files are
        // the local side of the comparison. Run alone, the local pipeline runs beside.
        Process local = localRun ? pipeline(script, Map.of("IJ_DRIVER_MEMORY", "2g",
            "IJ_ENV", PipelineEndToEndTest.ENV), localLog,
            "pipeline", "--landing", landing, "--warehouse", localWh.toString(),
            "--campaign", campaign.toString(),
            "--exports", localExports.toString(),
            "--dashboard", root.resolve("dashboard-local").toString()) : null;
        finish(run, clusterLog);
        Assertions.assertEquals(0, run.exitValue(),
            "cluster run failed:\n" + Files.readString(clusterLog));
        clock.lap("pipeline on the cluster" + summary(clusterLog));
        if (local != null) {
          finish(local, localLog);
          Assertions.assertEquals(0, local.exitValue(),
              "local run failed:\n" + Files.readString(localLog));
          clock.lap("pipeline in local[*], run beside it" + summary(localLog));
        }
        cluster.assertRanAnApplication();
      }
      assertSameExports(exportedFiles(localExports), exportedFiles(root.resolve("exports-cluster")));

      Set<String> tables = TableFingerprints.tables(clusterWh);
      Set<String> localTables = TableFingerprints.tables(localWh);
      // The end-to-end test fingerprinted its tables in its warm JVM: only the cluster's side
      // is read here, and the local table only when the two fingerprints differ.
      Map<String, String> localFingerprints = localRun ? Map.of()
          : PipelineEndToEndTest.keptFingerprints(campaign);
      if (!localRun) {
        // The end-to-end test calls the jobs' code without a launcher's bookkeeping: it logs
        // no run, the cluster's launched jobs do.
        localTables.add(Tables.RUNS);
      }
      Assertions.assertEquals(localTables, tables, "tables written");
      Assertions.assertTrue(tables.containsAll(EXPECTED_TABLES), "missing tables: " + tables);
      for (String t : tables) {
        if (t.equals(Tables.RUNS) && !localRun) {
          // The end-to-end test logged no run to compare with.
          continue;
        }
        Dataset<Row> a = read(clusterWh, t);
        String fb = localFingerprints.get(t);
        String outcome;
        if (fb != null) {
          String fa = TableFingerprints.of(a);
          outcome = fa.equals(fb)
              ? String.format("%,9d rows, identical", TableFingerprints.rows(fa))
              : TableComparison.compareRows(t, a, read(localWh, t));
        } else {
          Dataset<Row> b = read(localWh, t);
          if (t.equals(Tables.RUNS)) {
            a = a.drop(RUNS_VOLATILE.toArray(new String[0]))
                .withColumn("stages", expr(STAGES_WITHOUT_SECONDS))
                .withColumn("parameters", expr(PARAMETERS_WITHOUT_OUT));
            b = b.drop(RUNS_VOLATILE.toArray(new String[0]))
                .withColumn("stages", expr(STAGES_WITHOUT_SECONDS))
                .withColumn("parameters", expr(PARAMETERS_WITHOUT_OUT));
          }
          outcome = TableComparison.compare(t, a, b);
        }
        System.out.printf("[loopback] %-24s %s%n", t, outcome);
      }
      clock.lap(tables.size() + " tables compared");

      // The analysts' side, on the local run's outputs: every notebook executes, every chart of
      // the dashboard renders in a real browser. What they produce is kept under target/.
      AnalystOutputs.executeNotebooks(repo, localWh, campaign, kept.resolve("notebooks"));
      clock.lap("notebooks executed (kept in " + kept.resolve("notebooks") + ")");
      AnalystOutputs.renderDashboard(root.resolve(localRun ? "dashboard-local"
          : "dashboard-cluster").resolve(CAMPAIGN_NAME + ".html"), kept.resolve("dashboard"));
      clock.lap("dashboard rendered in headless Chromium (screenshot in "
          + kept.resolve("dashboard") + ")");
      passed = true;
    } finally {
      // The worker copied the 255 MB jar into each executor's folder: never leave it behind.
      deleteJars(root.resolve("cluster"));
      if (passed) {
        deleteTree(root);
      } else {
        System.out.println("[loopback] logs kept in " + root);
      }
    }
  }

  /** Prints the wall time of each step (information only: nothing is asserted on speed). */
  private static final class Clock {
    private long last = System.nanoTime();

    void lap(String what) {
      long now = System.nanoTime();
      System.out.printf("[loopback] %s (%.0f s)%n", what, (now - last) / 1e9);
      last = now;
    }
  }

  /** The jobs' closing lines of a pipeline log ("[job] run ... SUCCEEDED in N s; ..."). */
  private static String summary(Path log) throws IOException {
    return Files.readAllLines(log).stream().filter(l -> l.contains(" SUCCEEDED in "))
        .map(l -> "\n    " + l.replaceAll("run \\S+ ", "").replaceAll("; tables written.*", ""))
        .collect(Collectors.joining("", ":", ""));
  }

  /**
   * A job's script ({@code jobs/<job>.sh}, the first argument) with the given environment, as
   * a scheduler would start it.
   */
  private static Process pipeline(Path script, Map<String, String> env, Path log,
      String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(script.resolveSibling(args[0] + ".sh")
        .toString()));
    cmd.addAll(List.of(args).subList(1, args.length));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> e = pb.environment();
    for (String v : List.of("SPARK_MASTER", "SPARK_SUBMIT", "SPARK_SUBMIT_OPTS", "SPARK_HOME",
        "SPARK_CONF_DIR", "IJ_SUBMIT_ENV", "IJ_JAR", "IJ_ENV", "IJ_JAVA_OPTS")) {
      e.remove(v);
    }
    e.put("PATH", javaBin().getParent() + File.pathSeparator + e.getOrDefault("PATH", ""));
    e.put("JAVA_HOME", System.getProperty("java.home"));
    e.putAll(env);
    return pb.start();
  }

  private static void finish(Process p, Path log) throws Exception {
    if (!p.waitFor(PIPELINE_MINUTES, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
      Assertions.fail("the pipeline did not end in " + PIPELINE_MINUTES + " min:\n"
          + Files.readString(log));
    }
  }

  private Dataset<Row> read(Path warehouse, String table) {
    return TableFingerprints.read(spark(), warehouse, table);
  }

  private static Path javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  /** Every exported file by relative path, with its lines sorted (row order is free). */
  /**
   * The same files with the same lines, where a number may differ in floating-point noise
   * ({@link TableComparison#REL_TOL}): the end-to-end test's sums ran over other partitions
   * than the cluster's.
   */
  private static void assertSameExports(Map<String, List<String>> local,
      Map<String, List<String>> cluster) {
    Assertions.assertEquals(local.keySet(), cluster.keySet(), "exported files");
    for (String file : local.keySet()) {
      List<String> a = local.get(file);
      List<String> b = cluster.get(file);
      Assertions.assertEquals(a.size(), b.size(), file + ": lines");
      for (int i = 0; i < a.size(); i++) {
        Assertions.assertTrue(sameUpToNoise(a.get(i), b.get(i)), file + ": the cluster's line\n  "
            + b.get(i) + "\ndiffers from the local run's\n  " + a.get(i));
      }
    }
    System.out.printf("[loopback] %d exported files equal%n", local.size());
  }

  private static boolean sameUpToNoise(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    String[] x = a.split("(?<=[;\\s])|(?=[;\\s])");
    String[] y = b.split("(?<=[;\\s])|(?=[;\\s])");
    if (x.length != y.length) {
      return false;
    }
    double[] worst = {0};
    for (int i = 0; i < x.length; i++) {
      if (x[i].equals(y[i])) {
        continue;
      }
      try {
        if (!TableComparison.close(Double.parseDouble(x[i]), Double.parseDouble(y[i]), worst)) {
          return false;
        }
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, List<String>> exportedFiles(Path dir) throws IOException {
    Map<String, List<String>> out = new java.util.TreeMap<>();
    try (var files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(), Files.readAllLines(p).stream().sorted().toList());
      }
    }
    Assertions.assertFalse(out.isEmpty(), "nothing exported under " + dir);
    return out;
  }

  private static void deleteJars(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".jar")).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * A Spark standalone master and one worker on 127.0.0.1, started from the shaded jar as child
   * processes and stopped by their PIDs (with the executors the worker started).
   */
  private static final class Cluster implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process master;
    private final Process worker;
    /** Kills both if the test JVM itself is stopped (a build timeout) before close(). */
    private final Thread orphanGuard;

    private Cluster(Path dir, int port, Process master, Process worker) {
      this.dir = dir;
      this.port = port;
      this.master = master;
      this.worker = worker;
      this.orphanGuard = new Thread(() -> {
        worker.descendants().forEach(ProcessHandle::destroyForcibly);
        worker.destroyForcibly();
        master.destroyForcibly();
      });
      Runtime.getRuntime().addShutdownHook(orphanGuard);
    }

    String url() {
      return "spark://127.0.0.1:" + port;
    }

    static Cluster start(Path jar, Path dir) throws Exception {
      // Spark's launcher builds the executors' command line from SPARK_HOME/jars (empty here:
      // the classes come from spark.executor.extraClassPath) and SPARK_SCALA_VERSION; without
      // them: "Cannot find any build directories".
      Files.createDirectories(dir.resolve("spark-home/jars"));
      Files.createDirectories(dir.resolve("work"));
      Files.createDirectories(dir.resolve("local"));
      // The jar's log4j2.properties says WARN; the master's and worker's INFO lines are the
      // evidence below (worker registered, application registered).
      Path log4j = dir.resolve("log4j2.properties");
      Files.writeString(log4j, String.join("\n",
          "rootLogger.level = info",
          "rootLogger.appenderRef.stdout.ref = console",
          "appender.console.type = Console",
          "appender.console.name = console",
          "appender.console.target = SYSTEM_ERR",
          "appender.console.layout.type = PatternLayout",
          "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n", ""),
          StandardCharsets.UTF_8);
      int port = freePort();
      Process master = start(jar, dir, log4j, "master.log",
          "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
          "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort()));
      Process worker = null;
      Cluster c = null;
      try {
        worker = start(jar, dir, log4j, "worker.log",
            "org.apache.spark.deploy.worker.Worker", "spark://127.0.0.1:" + port,
            "--host", "127.0.0.1", "--cores", "2", "--memory", "2g",
            "--webui-port", String.valueOf(freePort()),
            "--work-dir", dir.resolve("work").toString());
        c = new Cluster(dir, port, master, worker);
        c.awaitWorker();
        return c;
      } catch (Exception | Error e) {
        if (c != null) {
          c.close();
        } else {
          stop(master);
          if (worker != null) {
            stop(worker);
          }
        }
        throw e;
      }
    }

    private static Process start(Path jar, Path dir, Path log4j, String log, String... args)
        throws IOException {
      List<String> cmd = new ArrayList<>(List.of(javaBin().toString(), "-Xmx512m",
          ChildJvm.SHORT_LIVED_JIT, "-Dlog4j2.configurationFile=" + log4j));
      cmd.addAll(ChildJvm.OPENS);
      cmd.addAll(List.of("-cp", jar.toString()));
      cmd.addAll(Arrays.asList(args));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(dir.resolve(log).toFile()).directory(dir.toFile());
      Map<String, String> e = pb.environment();
      for (String v : List.of("SPARK_CONF_DIR", "SPARK_MASTER_HOST", "SPARK_MASTER_PORT",
          "SPARK_WORKER_DIR", "SPARK_WORKER_OPTS", "SPARK_DAEMON_JAVA_OPTS")) {
        e.remove(v);
      }
      e.put("SPARK_HOME", dir.resolve("spark-home").toString());
      e.put("SPARK_SCALA_VERSION", "2.12");
      e.put("SPARK_LOCAL_IP", "127.0.0.1");
      // The executors' scratch space (shuffle, fetched files), inside this test's folder.
      e.put("SPARK_LOCAL_DIRS", dir.resolve("local").toString());
      e.put("JAVA_HOME", System.getProperty("java.home"));
      return pb.start();
    }

    /** Waits until the worker has registered with the master (or either has died). */
    private void awaitWorker() throws Exception {
      long deadline = System.currentTimeMillis() + REGISTRATION_MILLIS;
      while (System.currentTimeMillis() < deadline) {
        if (log("worker.log").contains("Successfully registered with master")) {
          return;
        }
        if (!master.isAlive() || !worker.isAlive()) {
          break;
        }
        Thread.sleep(500);
      }
      Assertions.fail("the worker did not register with the master (master alive: "
          + master.isAlive() + ", worker alive: " + worker.isAlive() + ")\n--- master.log\n"
          + log("master.log") + "\n--- worker.log\n" + log("worker.log"));
    }

    /** The job ran here: the master registered an application and the worker ran executors. */
    void assertRanAnApplication() throws IOException {
      Assertions.assertTrue(log("master.log").contains("Registered app"), log("master.log"));
      List<Path> stderr;
      try (Stream<Path> s = Files.walk(dir.resolve("work"))) {
        stderr = s.filter(p -> p.getFileName().toString().equals("stderr")
            && p.getParent().getParent().getFileName().toString().startsWith("app-")).toList();
      }
      Assertions.assertFalse(stderr.isEmpty(),
          "no executor ran on the worker:\n" + log("worker.log"));
      String first = Files.readString(stderr.get(0));
      Assertions.assertTrue(first.contains("Spark Executor Command")
          && first.contains("CoarseGrainedExecutorBackend"), first);
      System.out.printf("[loopback] %s ran %d executor(s): %s%n", url(), stderr.size(),
          stderr.stream().map(p -> dir.relativize(p).toString()).toList());
    }

    private String log(String name) {
      try {
        Path p = dir.resolve(name);
        return Files.exists(p) ? Files.readString(p) : "";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Stops the worker (and its executors) then the master, by PID, and checks they are gone. */
    @Override
    public void close() {
      Runtime.getRuntime().removeShutdownHook(orphanGuard);
      List<ProcessHandle> executors = worker.descendants().toList();
      long workerPid = worker.pid();
      long masterPid = master.pid();
      stop(worker);
      executors.forEach(h -> {
        h.destroyForcibly();
        h.onExit().join();
      });
      stop(master);
      for (long pid : new long[] {workerPid, masterPid}) {
        Assertions.assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
            "process " + pid + " is still alive");
      }
      executors.forEach(h -> Assertions.assertFalse(h.isAlive(),
          "executor " + h.pid() + " is still alive"));
      System.out.printf("[loopback] stopped worker %d, master %d%s%n", workerPid, masterPid,
          executors.isEmpty() ? "" : " and executors " + executors.stream()
              .map(h -> String.valueOf(h.pid())).toList());
    }

    /** SIGTERM, then SIGKILL if it has not ended within a minute. */
    private static void stop(Process p) {
      try {
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor(60, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }
}
