package org.ijcampaign.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ijcampaign.TestDirs;
import org.junit.jupiter.api.Assertions;

/**
 * What analysts open, checked with the real tools on the outputs of a pipeline run: the
 * notebooks executed by Jupyter ({@code jupyter nbconvert --execute}, Debian's packages) and the
 * dashboard rendered by headless Chromium (Debian's {@code chromium}). {@code jobs/test.sh}
 * installs both when they are missing.
 */
final class AnalystOutputs {
  /** The charts of the dashboard page, by the id of their container. */
  static final List<String> CHARTS = List.of("funnel", "territories", "regions", "series",
      "balance", "fairness");
  private static final long MINUTES = 20;
  private static final int PARALLEL = 2;

  private AnalystOutputs() {}

  /**
   * Starts executing every notebook of {@code notebooks/} against a warehouse, in processes of
   * their own: the caller may check the warehouse meanwhile, then {@link Notebooks#await}. The
   * executed notebooks are written to {@code out}.
   */
  static Notebooks startNotebooks(Path repo, Path warehouse, Path campaign, Path out)
      throws IOException {
    Path nbconvert = tool("jupyter-nbconvert", "jupyter-nbconvert (Debian: jupyter-nbconvert "
        + "python3-ipykernel python3-pandas python3-matplotlib)");
    List<Path> notebooks;
    try (Stream<Path> s = Files.list(repo.resolve("notebooks"))) {
      notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
    Assertions.assertFalse(notebooks.isEmpty(), "no notebook under notebooks/");
    Files.createDirectories(out);
    // Two nbconvert processes side by side, the notebooks dealt between them: each notebook
    // spends most of its time starting the JVM of its queries.
    Notebooks started = new Notebooks(notebooks, out, new ArrayList<>(), new ArrayList<>());
    for (int k = 0; k < PARALLEL; k++) {
      List<String> mine = new ArrayList<>();
      for (int i = k; i < notebooks.size(); i += PARALLEL) {
        mine.add(notebooks.get(i).toString());
      }
      if (mine.isEmpty()) {
        continue;
      }
      List<String> cmd = new ArrayList<>(List.of(nbconvert.toString(), "--to", "notebook",
          "--execute", "--ExecutePreprocessor.timeout=900", "--output-dir", out.toString()));
      cmd.addAll(mine);
      Path log = out.resolve("nbconvert-" + k + ".log");
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      Map<String, String> env = pb.environment();
      env.put("IJ_WAREHOUSE", warehouse.toString());
      env.put("IJ_CAMPAIGN", campaign.toString());
      env.put("IJ_DRIVER_MEMORY", "1g");
      // The tests' environment (two shuffle partitions) and C1 only: each notebook's queries run
      // in a JVM that lives seconds, on tables of a few thousand rows.
      env.put("IJ_ENV", Path.of(PlantedTruth.ENV).toAbsolutePath().toString());
      env.put("IJ_JAVA_OPTS", ChildJvm.SHORT_LIVED_JIT);
      env.put("JAVA_HOME", System.getProperty("java.home"));
      env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
          + env.getOrDefault("PATH", ""));
      started.processes().add(pb.start());
      started.logs().add(log);
    }
    return started;
  }

  /**
   * Notebooks being executed. Closing kills those still running (and their kernels and query
   * JVMs), so that a failed check of the caller leaves no process behind.
   */
  record Notebooks(List<Path> notebooks, Path out, List<Process> processes, List<Path> logs)
      implements AutoCloseable {

    /**
     * Waits for every notebook; fails if a cell fails (the notebooks' own checks raise on an
     * empty table or chart) or if a notebook comes out without a table or a figure.
     */
    void await() throws Exception {
      for (int k = 0; k < processes.size(); k++) {
        Process p = processes.get(k);
        Path log = logs.get(k);
        if (!p.waitFor(MINUTES, TimeUnit.MINUTES)) {
          close();
          Assertions.fail("the notebooks did not end in " + MINUTES + " min:\n"
              + Files.readString(log));
        }
        Assertions.assertEquals(0, p.exitValue(), "a notebook failed:\n"
            + Files.readString(log));
      }
      checkExecuted(notebooks, out);
    }

    @Override
    public void close() throws InterruptedException {
      for (Process p : processes) {
        if (p.isAlive()) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly().waitFor();
        }
      }
    }
  }

  private static void checkExecuted(List<Path> notebooks, Path out) throws IOException {
    for (Path nb : notebooks) {
      String executed = Files.readString(out.resolve(nb.getFileName()), StandardCharsets.UTF_8);
      String name = nb.getFileName().toString();
      Assertions.assertFalse(executed.contains("\"output_type\": \"error\""), name);
      Assertions.assertTrue(executed.contains("\"text/html\""), name + ": no table shown");
      Assertions.assertTrue(executed.contains("\"image/png\""), name + ": no figure drawn");
      Assertions.assertFalse(executed.contains("\"execution_count\": null"),
          name + ": a code cell did not run");
    }
  }

  /**
   * Opens the dashboard page in headless Chromium: every chart must have drawn at least one
   * data item (the page marks each container with the number it drew once ECharts reports the
   * chart finished). A screenshot of the whole page is kept in {@code out}.
   */
  static void renderDashboard(Path page, Path out) throws Exception {
    Assertions.assertTrue(Files.isRegularFile(page), "no dashboard page " + page);
    Path chromium = tool("chromium", "chromium (Debian: chromium)");
    Files.createDirectories(out);
    String dom = chromium(chromium, out, "--dump-dom", page.toUri().toString());
    for (String chart : CHARTS) {
      Matcher m = Pattern.compile("id=\"" + chart + "\"[^>]*data-rendered=\"(\\d+)\"")
          .matcher(dom);
      Assertions.assertTrue(m.find(), "the chart '" + chart + "' did not render");
      Assertions.assertTrue(Integer.parseInt(m.group(1)) > 0,
          "the chart '" + chart + "' rendered no data");
      Assertions.assertTrue(dom.matches("(?s).*id=\"" + chart + "\"[^>]*>\\s*<div[^>]*>\\s*"
          + "<canvas.*"), "the chart '" + chart + "' has no canvas");
    }
    Path png = out.resolve(page.getFileName().toString().replace(".html", ".png"));
    chromium(chromium, out, "--screenshot=" + png, "--window-size=1300,3300",
        page.toUri().toString());
    Assertions.assertTrue(Files.size(png) > 10_000, "screenshot " + png);
    Files.copy(page, out.resolve(page.getFileName()),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Runs headless Chromium with the flags a closed network needs; returns its stdout. */
  private static String chromium(Path chromium, Path dir, String... args) throws Exception {
    Path profile = TestDirs.create("chromium-profile");
    List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless",
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", "--user-data-dir=" + profile, "--virtual-time-budget=20000"));
    cmd.addAll(List.of(args));
    Path stdout = dir.resolve("chromium.out");
    Path stderr = dir.resolve("chromium.err");
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
      Assertions.fail("chromium did not end: " + Files.readString(stderr));
    }
    Assertions.assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(stderr));
    return Files.readString(stdout);
  }

  private static Path tool(String name, String install) throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    Path usr = Path.of("/usr/bin", name);
    if (Files.isExecutable(usr)) {
      return usr;
    }
    throw new AssertionError(name + " is not installed: install " + install
        + ", or run the tests with jobs/test.sh, which installs it");
  }
}
