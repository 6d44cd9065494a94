package org.ijcampaign.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.io.LandingCsv;
import org.ijcampaign.io.SparkSessions;
import org.ijcampaign.reference.ReferenceTables;
import org.ijcampaign.schema.Apl;
import org.ijcampaign.schema.IrisIndicators;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code reference --reference DIR --out DIR}: builds the landing zone's reference tables from
 * the public INSEE and DREES files in {@code DIR} (laid out as published: {@code insee/…},
 * {@code drees/…}) and writes {@code iris_indicators.csv} and {@code apl.csv} in the landing
 * format into {@code --out}, then prints how many IRIS got each indicator from which source.
 * It writes files, not warehouse tables: it takes no warehouse lock and records no run.
 */
@Command(name = "reference", mixinStandardHelpOptions = true,
    description = "Build iris_indicators.csv and apl.csv from the INSEE and DREES files.")
final class ReferenceCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--reference", required = true, paramLabel = "DIR",
      description = "Folder of the published files (insee/…, drees/…).")
  String reference;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Folder (or URI) that receives iris_indicators.csv and apl.csv.")
  String out;

  @Override
  public Integer call() {
    AppConfig cfg = JobContext.config(common);
    SparkSession spark = SparkSessions.create(cfg);
    try {
      // The coverage table is the command's output, not a log line: on stdout whatever the
      // log levels.
      run(spark, reference, out, System.out);
      return ExitCodes.OK;
    } finally {
      spark.stop();
    }
  }

  /** The job on a given session: build, write both files, print the coverage. */
  static void run(SparkSession spark, String reference, String out, PrintStream report) {
    ReferenceTables.Result result = ReferenceTables.build(spark, reference);
    String irisFile = new Path(out, IrisIndicators.FILE).toString();
    String aplFile = new Path(out, Apl.FILE).toString();
    LandingCsv.write(result.irisIndicators(), irisFile);
    LandingCsv.write(result.apl(), aplFile);
    report.println("wrote " + irisFile + " and " + aplFile);
    printCoverage(result.coverage().collectAsList(), report);
  }

  /** One line per indicator and source: IRIS count and share of all IRIS. */
  static void printCoverage(List<Row> coverage, PrintStream report) {
    // Every indicator's counts add up to the number of IRIS; the first one gives it.
    String first = coverage.isEmpty() ? "" : coverage.get(0).getAs(ReferenceTables.INDICATOR);
    long irisTotal = coverage.stream()
        .filter(r -> r.getAs(ReferenceTables.INDICATOR).equals(first))
        .mapToLong(r -> r.<Long>getAs(ReferenceTables.IRIS_COUNT)).sum();
    report.printf(Locale.ROOT, "%-22s %-33s %8s %7s%n", ReferenceTables.INDICATOR,
        ReferenceTables.SOURCE, ReferenceTables.IRIS_COUNT, "share");
    for (Row r : coverage) {
      long count = r.getAs(ReferenceTables.IRIS_COUNT);
      report.printf(Locale.ROOT, "%-22s %-33s %8d %6.2f%%%n",
          r.<String>getAs(ReferenceTables.INDICATOR), r.<String>getAs(ReferenceTables.SOURCE),
          count, irisTotal == 0 ? 0.0 : 100.0 * count / irisTotal);
    }
  }
}
