package org.ijcampaign.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a job in a separate JVM, as a scheduler would, on the test classpath: a process that
 * can be killed or run beside another.
 */
final class ChildJvm {
  private ChildJvm() {}

  static final List<String> OPENS = List.of(
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED");

  /**
   * For the tests' short-lived JVMs (a job on a tiny zone, a notebook's queries, the loopback
   * master and worker): C1 alone. On 2 cores, C2 compiling Spark for a JVM that lives a minute
   * costs more CPU than it saves (a cold ingest of a 40-GP zone: 114 s of CPU against 148 s, the
   * same wall time; a notebook query: 22 s against 37 s). Long jobs keep the default.
   */
  static final String SHORT_LIVED_JIT = "-XX:TieredStopAtLevel=1";

  static Process start(Path log, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.add(SHORT_LIVED_JIT);
    cmd.addAll(OPENS);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls until {@code file} exists or the process ends; true if it exists. */
  static boolean awaitFile(File file, Process p, long maxMillis) throws InterruptedException {
    long waited = 0;
    while (!file.exists() && p.isAlive() && waited < maxMillis) {
      Thread.sleep(200);
      waited += 200;
    }
    return file.exists();
  }
}
