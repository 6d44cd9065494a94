package org.ijcampaign.cli;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TestDirs;
import org.ijcampaign.lab.SharedZone;
import org.ijcampaign.lab.TableFingerprints;
import org.ijcampaign.schema.Tables;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline through a real Spark standalone cluster on loopback: a master and a worker
 * started from the shaded jar (no Spark distribution), the job submitted with the jar and the
 * launch script a scheduler uses ({@code jobs/pipeline.sh}, with
 * {@code jobs/spark-submit-from-jar.sh} as its spark-submit), on the unit tests' generated
 * 150-GP zone. This is the suite's one run of the whole pipeline, with the code the jobs run in
 * production (Spark's generated code, a driver and an executor): its warehouse and exports are
 * held to the generator's planted truth ({@link PlantedTruth}), then feed the analysts'
 * notebooks (executed by Jupyter) and the dashboard (rendered by headless Chromium): see
 * {@link AnalystOutputs}.
 *
 * <p>An integration test (failsafe, after {@code package}): it needs
 * {@code target/ij-campaign-0.1.0.jar}. Bounds on waits are generous (a loaded 2-core machine)
 * and only keep a hung process from hanging the build; nothing is asserted on speed.
 */
class LoopbackClusterIT extends SparkTestBase {
  private static final long PIPELINE_MINUTES = 30;
  private static final String CAMPAIGN_NAME = "it-small-zone";
  private static final long REGISTRATION_MILLIS = 5 * 60_000;

  /** The tables the pipeline must write (the analyst-facing ones and the ingested ones). */
  private static final List<String> EXPECTED_TABLES = List.of(Tables.CLAIMS_CLEAN,
      Tables.QUARANTINE, Tables.GP_PERIOD_PROFILE, Tables.TERRITORIES, Tables.EXPECTED_IJ,
      Tables.TARGETING, Tables.CAMPAIGN_EVALUATION, Tables.RUNS);

  @Test
  void thePipelineOnALoopbackClusterMatchesThePlantedTruthAndFeedsTheAnalysts()
      throws Exception {
    Path repo = Path.of("").toAbsolutePath();
    Path jar = repo.resolve("target/ij-campaign-0.1.0.jar");
    Assertions.assertTrue(Files.isRegularFile(jar),
        "no " + jar + ": an integration test, run after `package` (mvn verify)");
    Path script = repo.resolve("jobs/pipeline.sh");
    Path campaign = repo.resolve(PlantedTruth.CAMPAIGN);
    // Not a TestDirs folder, which would go at the JVM's exit: a failed run keeps its logs here.
    Path root = Files.createTempDirectory("loopback-cluster");
    Path kept = repo.resolve("target/analyst-outputs");
    Clock clock = new Clock();
    boolean passed = false;
    try {
      // The unit tests' 150-GP zone (with enough GPs treated by campaign 2023 for the
      // evaluation), generated again only when the integration test runs alone.
      Path zone = SharedZone.reuseOrGet(spark());
      String landing = zone.resolve("landing").toString();
      clock.lap("landing zone of " + SharedZone.GPS + " GPs");

      Path warehouse = root.resolve("warehouse");
      Path log = root.resolve("pipeline.log");
      Path exports = root.resolve("exports");
      Path dashboard = root.resolve("dashboard");
      try (Cluster cluster = Cluster.start(jar, root.resolve("cluster"))) {
        clock.lap("master and worker up at " + cluster.url());
        Process run = pipeline(script, Map.of(
            "SPARK_MASTER", cluster.url(),
            "SPARK_SUBMIT", repo.resolve("jobs/spark-submit-from-jar.sh").toString(),
            "IJ_DRIVER_MEMORY", "1g",
            "IJ_ENV", PlantedTruth.ENV,
            // jobs/common.sh leaves the driver's address to the caller on a cluster master.
            "SPARK_LOCAL_IP", "127.0.0.1",
            "SPARK_SUBMIT_OPTS", String.join(" ",
                "--conf spark.executor.extraClassPath=" + jar,
                "--conf spark.executor.memory=1g",
                "--conf spark.cores.max=2",
                "--conf spark.driver.host=127.0.0.1",
                "--conf spark.driver.bindAddress=127.0.0.1")),
            log, "pipeline", "--landing", landing, "--warehouse", warehouse.toString(),
            "--campaign", campaign.toString(), "--exports", exports.toString(),
            "--dashboard", dashboard.toString());
        finish(run, log);
        Assertions.assertEquals(0, run.exitValue(),
            "cluster run failed:\n" + Files.readString(log));
        clock.lap("pipeline on the cluster" + summary(log));
        cluster.assertRanAnApplication();
      }

      Set<String> tables = TableFingerprints.tables(warehouse);
      Assertions.assertTrue(tables.containsAll(EXPECTED_TABLES), "missing tables: " + tables);
      // The analysts' side: every notebook executes, every chart of the dashboard renders in a
      // real browser. What they produce is kept under target/. The notebooks' processes only
      // read the warehouse: they run while this JVM checks it, both mostly single-threaded
      // start-up (JVMs, planning) that two cores can overlap.
      try (AnalystOutputs.Notebooks notebooks = AnalystOutputs.startNotebooks(repo, warehouse,
          campaign, kept.resolve("notebooks"))) {
        PlantedTruth.assertRunMatches(spark(), zone, warehouse, exports);
        clock.lap("warehouse and exports checked against the planted truth, the notebooks "
            + "running meanwhile");
        notebooks.await();
        clock.lap("notebooks executed (kept in " + kept.resolve("notebooks") + ")");
      }
      AnalystOutputs.renderDashboard(dashboard.resolve(CAMPAIGN_NAME + ".html"),
          kept.resolve("dashboard"));
      clock.lap("dashboard rendered in headless Chromium (screenshot in "
          + kept.resolve("dashboard") + ")");
      passed = true;
    } finally {
      // The worker copied the 255 MB jar into each executor's folder: never leave it behind.
      deleteJars(root.resolve("cluster"));
      if (passed) {
        TestDirs.deleteTree(root);
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
        "SPARK_CONF_DIR", "IJ_SUBMIT_ENV", "IJ_JAR", "IJ_ENV", "IJ_JAVA_OPTS",
        "IJ_EMBEDDED_JVM_FLAGS")) {
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

  private static Path javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
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
