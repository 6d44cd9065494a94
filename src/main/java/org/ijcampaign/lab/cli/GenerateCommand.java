package org.ijcampaign.lab.cli;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.cli.CommonOptions;
import org.ijcampaign.cli.ExitCodes;
import org.ijcampaign.cli.JobContext;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.ConfigError;
import org.ijcampaign.lab.generate.Geography;
import org.ijcampaign.lab.generate.GenerateSpec;
import org.ijcampaign.lab.generate.LandingZone;
import org.ijcampaign.lab.generate.Planted;
import org.ijcampaign.lab.generate.SickLeave;
import org.ijcampaign.lab.generate.Truth;
import org.ijcampaign.io.BesideWork;
import org.ijcampaign.io.LandingCsv;
import org.ijcampaign.io.LandingParts;
import org.ijcampaign.io.RowTally;
import org.ijcampaign.io.SparkSessions;
import org.ijcampaign.lab.LabConfig;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.LandingContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code generate --gps N --seed S --out DIR [--reference DIR] [--with-clusters]}: writes a
 * synthetic landing zone of N general practitioners in {@code DIR/landing/} and the planted
 * truth in {@code DIR/truth/} (see docs/generator.md). Years of claims and claim files per year
 * come from {@code ijcampaign.generate} of the configuration. The same seed and configuration
 * give byte-identical files. No warehouse is touched.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Writes a synthetic landing zone and its planted truth.")
public final class GenerateCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(GenerateCommand.class);
  @Mixin
  CommonOptions common;

  @Option(names = "--gps", required = true, paramLabel = "N",
      description = "Number of general practitioners (60000 is national scale).")
  int gps;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of every random draw (default: ijcampaign.demo.seed).")
  Long seed;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Output folder: DIR/landing and DIR/truth are written.")
  String out;

  @Option(names = "--reference", paramLabel = "DIR",
      description = "Folder of INSEE/DREES reference files: GPs practise in real IRIS.")
  String reference;

  @Option(names = "--with-clusters",
      description = "Also write iris_clusters.csv (an IRIS typology).")
  boolean withClusters;

  @Override
  public Integer call() {
    AppConfig cfg = JobContext.config(common);
    LabConfig lab = LabConfig.load(common.envFile());
    GenerateSpec spec;
    try {
      spec = new GenerateSpec(gps, seed == null ? lab.demo().seed() : seed,
          lab.generate().firstYear(), lab.generate().lastYear(), lab.generate().partitions(),
          withClusters, cfg.territory().kmeans().k(),
          lab.generate().campaignScale(), lab.generate().scenario());
    } catch (IllegalArgumentException e) {
      throw new ConfigError(e.getMessage(), e);
    }
    SparkSession spark = SparkSessions.create(cfg);
    try {
      Progress progress = new Progress();
      Geography geography = reference == null ? Geography.synthetic(spark, spec)
          : referenceGeography(spark, reference);
      LandingZone zone = LandingZone.build(spark, spec, geography);
      progress.done("geography, physicians and planted rows");
      write(spark, zone, out, progress);
      LOG.info("[generate] " + gps + " GPs, seed " + spec.seed() + " written to " + out
          + " in " + progress.total());
      return ExitCodes.OK;
    } finally {
      spark.stop();
    }
  }

  /** Real IRIS, communes, income and APL, built by the reference job from the public files. */
  static Geography referenceGeography(SparkSession spark, String dir) {
    org.ijcampaign.reference.ReferenceTables.Result r =
        org.ijcampaign.reference.ReferenceTables.build(spark, dir);
    return Geography.fromReference(r.irisIndicators(), r.apl());
  }


  /** Writes every landing file and truth table of {@code zone} under {@code out}. */
  static void write(SparkSession spark, LandingZone zone, String out, Progress progress) {
    String landing = new Path(out, "landing").toString();
    String truth = new Path(out, "truth").toString();
    Map<String, Long> rows = new LinkedHashMap<>();

    // The claims are the longest write, in one task per claim file; their last wave leaves a
    // core idle while a file of specialists' claims or part GPs' ends. Written on a thread of
    // their own beside the patients and links, the shorter files' tasks fill that core, and
    // each file's planning and joining of parts overlaps the other's tasks. Neither changes
    // the bytes of any file: each is written from its own rows in its own order.
    String claimDir = new Path(landing, Claims.DIR).toString();
    BesideWork<ClaimsWritten> claims = BesideWork.start(spark, "generate-claims", () -> {
      long start = System.nanoTime();
      Map<String, Object> values = zone.claimTotals(LandingParts.writeInKeyOrder(
          zone.claimsFile(zone.claims(spark)), LandingZone.CLAIM_FILE, SickLeave.CLAIM_UID,
          LandingZone.WALK_IN_CLAIM, claimDir, zone.claimTally()));
      Dataset<Row> plantedLines = zone.planted().claimLines();
      LandingParts.writeLines(plantedLines, Planted.FILE, Planted.ORDER, Planted.LINE,
          String.join(LandingContract.SEPARATOR, LandingContract.CLAIMS.columnNames()),
          claimDir);
      long lines = ((Number) values.get("rows")).longValue() + plantedLines.count();
      progress.done(Claims.DIR + ": " + lines + " rows", start);
      return new ClaimsWritten(values, lines);
    });
    long[] patientTotals;
    try {
      single(zone.physiciansFile(), landing, LandingContract.PHYSICIANS, rows, progress);
      patientTotals = joined(zone.patientsFile(zone.patients(spark)), landing,
          LandingContract.PATIENTS, zone.patientTally(), rows, progress);
      joined(zone.mtLinksFile(zone.patients(spark)), landing, LandingContract.MT_LINKS, null,
          rows, progress);
      single(zone.replacementsFile(), landing, LandingContract.REPLACEMENTS, rows, progress);
      single(zone.irisIndicatorsFile(), landing, LandingContract.IRIS_INDICATORS, rows,
          progress);
      if (zone.spec().withClusters()) {
        single(zone.irisClustersFile(), landing, LandingContract.IRIS_CLUSTERS, rows,
            progress);
      }
      single(zone.aplFile(), landing, LandingContract.APL, rows, progress);
      single(zone.campaignHistoryFile(), landing, LandingContract.CAMPAIGN_HISTORY, rows,
          progress);
    } catch (RuntimeException | Error e) {
      // No claim may still be written once this returns (a shared session lives on).
      claims.abandon();
      throw e;
    }
    ClaimsWritten written = claims.result();
    rows.put(Claims.DIR, written.lines());
    Map<String, Object> claimValues = written.totals();
    long truthStart = System.nanoTime();

    Map<String, Object> patientValues = zone.patientTotals(patientTotals);
    Dataset<Row> truthPhysicians = zone.truthPhysicians(spark);
    LandingCsv.write(Truth.physicians(truthPhysicians),
        new Path(truth, Truth.PHYSICIANS_FILE).toString());
    LandingCsv.write(Truth.semesterIntensity(zone.spec(), truthPhysicians),
        new Path(truth, Truth.SHOCKS_FILE).toString());
    LandingCsv.write(Truth.contracts(zone.physicians()),
        new Path(truth, Truth.CONTRACTS_FILE).toString());
    LandingCsv.write(zone.inScopeDays(spark, claimValues),
        new Path(truth, Truth.IN_SCOPE_FILE).toString());
    LandingCsv.write(Truth.planted(spark, zone.planted().counts()),
        new Path(truth, Truth.PLANTED_FILE).toString());
    LandingCsv.write(Truth.landingRows(spark, rows),
        new Path(truth, Truth.LANDING_ROWS_FILE).toString());
    LandingCsv.write(Truth.magnitudes(spark, zone.spec(), claimValues, patientValues),
        new Path(truth, Truth.MAGNITUDES_FILE).toString());
    LandingCsv.write(Truth.model(spark, zone.spec()),
        new Path(truth, Truth.MODEL_FILE).toString());
    progress.done("truth", truthStart);
  }

  /** The claims' tallied totals, and the data lines of {@code ij_claims} (planted included). */
  private record ClaimsWritten(Map<String, Object> totals, long lines) {}

  /**
   * Writes one landing file and records its data lines. Written in parallel, which also keeps
   * the rows in partition order: the planted rows come after the real ones.
   */
  private static void single(Dataset<Row> df, String landing, LandingContract.LandingFile file,
      Map<String, Long> rows, Progress progress) {
    long start = System.nanoTime();
    Observation count = new Observation("rows_" + file.table());
    LandingCsv.writeInParallel(df.observe(count, count(lit(1)).as("rows")),
        new Path(landing, file.path()).toString());
    rows.put(file.path(), ((Number) metrics(count).get("rows")).longValue());
    progress.done(file.path() + ": " + rows.get(file.path()) + " rows", start);
  }

  /**
   * Writes one of the large landing files from Spark's own rows, with {@code tally} (null:
   * none), and records its data lines; returns the tally's totals.
   */
  private static long[] joined(Dataset<Row> df, String landing, LandingContract.LandingFile file,
      RowTally tally, Map<String, Long> rows, Progress progress) {
    long start = System.nanoTime();
    LandingParts.Written w = LandingParts.writeJoined(df,
        new Path(landing, file.path()).toString(), tally);
    rows.put(file.path(), w.lines());
    progress.done(file.path() + ": " + w.lines() + " rows", start);
    return w.totals();
  }

  /**
   * Progress lines on stdout, with the time each step took: since the last step for the
   * steps in turn, from its own start for a step written beside others.
   */
  static final class Progress {
    private final long start = System.nanoTime();
    private long last = start;

    synchronized void done(String what) {
      done(what, last);
    }

    synchronized void done(String what, long since) {
      long now = System.nanoTime();
      LOG.info(String.format("[generate] %s (%.1f s)", what, (now - since) / 1e9));
      last = now;
    }

    String total() {
      return String.format("%.1f s", (System.nanoTime() - start) / 1e9);
    }
  }

  /** The metrics of an observation whose action has run. */
  private static Map<String, Object> metrics(Observation observation) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + observation.name(), e);
    }
  }
}
