package org.ijcampaign.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.ConfigError;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.IngestMarker;
import org.ijcampaign.io.LandingCsv;
import org.ijcampaign.io.SparkSessions;
import org.ijcampaign.operations.ReadOnlySql;
import org.ijcampaign.operations.SqlViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sql "SELECT …"}: analysts' SQL over the output tables through named views. Read-only by
 * construction ({@link ReadOnlySql}): a statement that is not a query over the views is refused
 * with exit code 2 before it runs, so the job needs no warehouse lock.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run SQL over the output tables (views named after the tables, plus "
        + "current_profile, current_expected_ij, current_targeting, current_fairness, "
        + "current_evaluation, "
        + "latest_runs).")
final class SqlCommand implements Runnable {
  @Mixin CommonOptions common;

  @Parameters(arity = "0..1", paramLabel = "QUERY", description = "The query.")
  String query;

  @Option(names = "--file", paramLabel = "FILE", description = "Queries separated by ';'.")
  File file;

  @Option(names = "--campaign", paramLabel = "FILE",
      description = "Campaign file for the current_* views (default: bundled 2025-2026).")
  File campaign;

  @Option(names = "--rows",
      description = "Rows shown per query (default 50; 0 shows none, for --csv).")
  int rows = 50;

  @Option(names = "--csv", paramLabel = "DIR",
      description = "Also write each query's full result to DIR/<n>.csv (n = 1, 2, … in the "
          + "order of the queries; the landing files' CSV: ';', header line), for notebooks "
          + "and tools.")
  String csv;

  @Option(names = "--with-patient-tables",
      description = "Also register patient-level tables (data engineers only).")
  boolean withPatientTables;

  @Override
  public void run() {
    AppConfig cfg = JobContext.config(common);
    CampaignConfig c = ConfigLoader.loadCampaign(campaign);
    List<String> queries = new ArrayList<>();
    if (query != null) {
      queries.add(query);
    }
    if (file != null) {
      try {
        for (String q : Files.readString(file.toPath()).split(";")) {
          if (!q.isBlank()) {
            queries.add(q.trim());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (queries.isEmpty()) {
      throw new ConfigError("give a QUERY or --file FILE");
    }
    SparkSession spark = SparkSessions.create(cfg);
    try {
      DeltaStore store = new DeltaStore(spark, cfg.warehouse());
      IngestMarker.requireComplete(store);
      List<String> views = SqlViews.names(store, c, withPatientTables);
      // The views, each query and its result (show() prints to stdout) are the command's
      // output, not log lines: on stdout whatever the log levels, in the order they come.
      System.out.println("views: " + String.join(", ", views));
      // Every query is judged before any runs, and only the views they name are registered:
      // each costs its table's snapshot, a few seconds in a fresh JVM for twenty tables.
      Set<String> named = new HashSet<>();
      for (String q : queries) {
        named.addAll(ReadOnlySql.check(spark, q, Set.copyOf(views)));
      }
      SqlViews.register(store, c, withPatientTables, named);
      ReadOnlySql.lockDown(spark);
      int n = 0;
      for (String q : queries) {
        n++;
        System.out.println("> " + q);
        Dataset<Row> result = ReadOnlySql.query(spark, q, Set.copyOf(views));
        if (rows > 0) {
          // show() runs the query: with --rows 0 (notebooks) only the CSV file does.
          result.show(rows, false);
        }
        if (csv != null) {
          String file = new org.apache.hadoop.fs.Path(csv, n + ".csv").toString();
          LandingCsv.write(result, file);
          System.out.println("written: " + file);
        }
      }
    } finally {
      spark.stop();
    }
  }
}
