package org.ijcampaign.lab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.cli.CommonOptions;
import org.ijcampaign.cli.JobContext;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.config.Period;
import org.ijcampaign.evaluation.EvaluationJob;
import org.ijcampaign.ingest.Ingestion;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.io.SparkSessions;
import org.ijcampaign.lab.LabConfig;
import org.ijcampaign.model.ModelJob;
import org.ijcampaign.operations.StageMeter;
import org.ijcampaign.profile.ProfileJob;
import org.ijcampaign.schema.Tables;
import org.ijcampaign.targeting.TargetJob;
import org.ijcampaign.territory.TerritoryJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code benchmark}: generates a landing zone of a given size (or takes one), then runs every
 * stage in one session on a fresh warehouse, printing wall time and peak heap per stage and
 * appending a Markdown table to {@code bench-out/benchmarks.md}. Figures, not assertions. With
 * {@code --start-with} it measures the later stages alone on an earlier run's zone and warehouse
 * (the national zone's generation and ingestion take three quarters of an hour).
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
    description = "Measure wall time and peak memory of each stage at a given scale.")
public final class BenchmarkCommand implements Runnable {
  @Mixin CommonOptions common;

  @Option(names = "--gps", description = "GPs of the generated landing zone.")
  int gps = 1000;

  @Option(names = "--seed", description = "Generator seed.")
  long seed = 1;

  @Option(names = "--reference", paramLabel = "DIR",
      description = "Real INSEE/DREES reference files for the generator.")
  String reference;

  @Option(names = "--landing", paramLabel = "DIR",
      description = "Use this landing zone instead of generating one.")
  String landing;

  @Option(names = "--out", paramLabel = "DIR", description = "Work folder (default bench-out).")
  String out = "bench-out";

  @Option(names = "--stop-after", description = "Last stage: ingest, profile, territory, "
      + "model, target, evaluate (default: evaluate).")
  String stopAfter = "evaluate";

  @Option(names = "--start-with", description = "First stage: generate, ingest, profile, "
      + "territory, model, target, evaluate (default: generate). The stages before it are "
      + "those of an earlier run with the same --out and --gps/--seed or --landing: its zone "
      + "and warehouse are used as they are.")
  String startWith = "generate";

  private static final List<String> STAGES = List.of("generate", "ingest", "profile",
      "territory", "model", "target", "evaluate");

  /** Whether {@code stage} is one this run measures. */
  private boolean runs(String stage) {
    int i = STAGES.indexOf(stage);
    return i >= STAGES.indexOf(startWith) && i <= STAGES.indexOf(stopAfter);
  }

  /** Bytes of the landing zone measured, once known. */
  private long landingBytes = -1;

  @Override
  public void run() {
    for (String stage : List.of(startWith, stopAfter)) {
      if (!STAGES.contains(stage)) {
        throw new picocli.CommandLine.ParameterException(
            new picocli.CommandLine(this), "unknown stage '" + stage + "': one of " + STAGES);
      }
    }
    AppConfig cfg0 = JobContext.config(common);
    LabConfig lab = LabConfig.load(common.envFile());
    String tag = landing != null ? "landing" : gps + "gps-seed" + seed;
    String warehouse = Path.of(out, tag, "warehouse").toString();
    AppConfig cfg = cfg0.withWarehouse(warehouse);
    CampaignConfig c = ConfigLoader.bundledCampaign();
    // Scratch disk: the jobs' own intermediate files and Spark's shuffle and spill files.
    StageMeter meter = new StageMeter(() -> scratchDirs(warehouse));
    SparkSession spark = SparkSessions.create(cfg);
    try {
      String dir = landing != null ? landing : Path.of(out, tag, "landing").toString();
      if (landing == null && runs("generate")) {
        String target = Path.of(out, tag).toString();
        meter.measure("generate " + gps + " GPs", () -> {
          DemoLanding.generate(spark, cfg, lab, gps, seed, reference, target);
          return target;
        }, t -> "landing " + sizeOf(Path.of(target, "landing")));
      }
      // The scratch disk's yardstick: the issue bounds it at twice the landing zone.
      landingBytes = StageMeter.bytesUnder(List.of(Path.of(dir)));
      DeltaStore store = new DeltaStore(spark, warehouse);
      RunLog log = new RunLog(store, "benchmark", Map.of("gps", String.valueOf(gps)),
          cfg.environment(), cfg.contentHash());
      String in = dir;
      if (runs("ingest")) {
        meter.measure("ingest", () -> Ingestion.run(store, log, in), counts -> counts.stream()
            .mapToLong(RunLog.Count::read).sum() + " rows read");
      }
      if (stopAfter.equals("ingest")) {
        return;
      }
      List<Period> all = ProfileJob.distinct(List.of(c.observation()));
      List<Period> semesters = ProfileJob.claimSemesters(store.read(Tables.CLAIMS_CLEAN));
      if (runs("profile")) {
        meter.measure("profile one semester", () -> ProfileJob.run(store, log,
            List.of(c.evaluation().followUp()), cfg.profile().rule(),
            cfg.privacy().minCellPatients()), r -> "period " + c.evaluation().followUp().label());
        meter.measure("profile " + semesters.size() + " semesters + year", () -> ProfileJob.run(
            store, log, ProfileJob.distinct(concat(all, semesters)), cfg.profile().rule(),
            cfg.privacy().minCellPatients()), r -> r.size() + " periods");
      }
      if (stopAfter.equals("profile")) {
        return;
      }
      List<Period> periods = ProfileJob.distinct(concat(all, semesters));
      if (runs("territory")) {
        meter.measure("territory", () -> {
          TerritoryJob.run(store, log, cfg.territory(), periods);
          return periods.size();
        }, n -> n + " periods");
      }
      if (stopAfter.equals("territory")) {
        return;
      }
      if (runs("model")) {
        meter.measure("model", () -> ModelJob.run(store, log, cfg, c.observation()),
            f -> f.iterations() + " IRLS iterations");
      }
      if (stopAfter.equals("model")) {
        return;
      }
      if (runs("target")) {
        meter.measure("target", () -> TargetJob.run(store, log, c),
            s -> s.getOrDefault("TARGETED", 0L) + " targeted");
      }
      if (stopAfter.equals("target")) {
        return;
      }
      if (runs("evaluate")) {
        meter.measure("evaluate", () -> EvaluationJob.run(store, log, cfg, c.evaluation()),
            o -> o.headline() == null ? o.status()
                : String.format("headline %.3f", o.headline().log()));
      }
    } finally {
      report(meter, tag);
      spark.stop();
    }
  }

  /** The warehouse's scratch folder and the block manager's local folders of this JVM. */
  private static List<Path> scratchDirs(String warehouse) {
    List<Path> dirs = new java.util.ArrayList<>(List.of(Path.of(warehouse, DeltaStore.SCRATCH)));
    org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
    if (env != null) {
      for (java.io.File d : env.blockManager().diskBlockManager().localDirs()) {
        dirs.add(d.toPath());
      }
    }
    return dirs;
  }

  private static List<Period> concat(List<Period> a, List<Period> b) {
    List<Period> l = new java.util.ArrayList<>(a);
    l.addAll(b);
    return l;
  }

  private void report(StageMeter meter, String tag) {
    String table = meter.table("stage (" + tag + ", " + Runtime.getRuntime().availableProcessors()
        + " cores, heap max " + Runtime.getRuntime().maxMemory() / 1073741824 + " GiB)")
        + String.format("%npeak resident memory of the process: %.2f GiB%n",
            StageMeter.peakRssBytes() / 1073741824.0)
        + (landingBytes < 0 ? "" : String.format("landing zone: %.2f GiB%n",
            landingBytes / 1073741824.0));
    // The report is the command's output, not a log line: on stdout whatever the log levels.
    System.out.println(table);
    try {
      Files.createDirectories(Path.of(out));
      Files.writeString(Path.of(out, "benchmarks.md"), table + "\n",
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sizeOf(Path dir) {
    return String.format("%.2f GiB", StageMeter.bytesUnder(List.of(dir)) / 1073741824.0);
  }
}
