package org.ijcampaign.lab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.cli.CommonOptions;
import org.ijcampaign.cli.JobContext;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.io.SparkSessions;
import org.ijcampaign.lab.TableComparison;
import org.ijcampaign.lab.TableFingerprints;
import org.ijcampaign.schema.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code compare}: holds the tables of one warehouse to another's, row for row, doubles within
 * floating-point noise ({@link TableComparison}). A change that must not change a table (a
 * faster ingestion, a redesigned profile) is checked with it: the same landing zone through the
 * old jar and the new one, then the two warehouses compared. Exit code 0 when every table
 * compared is equal, 1 otherwise.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compare the Delta tables of two warehouses, row for row.")
public final class CompareCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--a", paramLabel = "DIR", required = true, description = "First warehouse.")
  Path a;

  @Option(names = "--b", paramLabel = "DIR", required = true, description = "Second warehouse.")
  Path b;

  @Option(names = "--tables", split = ",", paramLabel = "TABLE", description = "Tables to "
      + "compare (default: every table of either warehouse but the runs log and the markers).")
  List<String> tables;

  @Override
  public Integer call() {
    AppConfig cfg = JobContext.config(common);
    SparkSession spark = SparkSessions.create(cfg);
    try {
      Set<String> inA = TableFingerprints.tables(a);
      Set<String> inB = TableFingerprints.tables(b);
      Set<String> names = new TreeSet<>();
      if (tables != null) {
        names.addAll(tables);
      } else {
        names.addAll(inA);
        names.addAll(inB);
        // A run log holds run ids and times; a marker, the run that wrote it: never equal.
        names.removeIf(t -> t.equals(Tables.RUNS) || t.startsWith("_"));
      }
      List<String> different = new ArrayList<>();
      for (String t : names) {
        String outcome;
        if (!inA.contains(t) || !inB.contains(t)) {
          outcome = "only in " + (inA.contains(t) ? a : b);
          different.add(t);
        } else {
          try {
            outcome = TableComparison.compare(t, TableFingerprints.read(spark, a, t),
                TableFingerprints.read(spark, b, t));
          } catch (TableComparison.Different e) {
            outcome = "DIFFERENT: " + e.getMessage();
            different.add(t);
          }
        }
        System.out.printf("[compare] %-28s %s%n", t, outcome);
      }
      System.out.printf("[compare] %d tables, %s%n", names.size(),
          different.isEmpty() ? "all equal" : "different: " + different);
      return different.isEmpty() ? 0 : 1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      spark.stop();
    }
  }
}
