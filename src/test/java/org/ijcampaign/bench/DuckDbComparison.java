package org.ijcampaign.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.TestDirs;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.config.Period;
import org.ijcampaign.ingest.Ingestion;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.io.SparkSessions;
import org.ijcampaign.profile.ProfileJob;
import org.ijcampaign.schema.Tables;

/**
 * The ingestion and profile of one landing zone, by the project (Spark, local, the environment
 * file's settings) and by DuckDB doing the same core work on the same files, one after the
 * other in one process (DuckDB first, for memory: {@link #compare}): the two wall times, their
 * ratio and the time per million rows read.
 *
 * <p>DuckDB's work is the yardstick: read the four large CSV files with their types,
 * drop bad rows, duplicate claims, reversals and reversed claims; per prescriber and period, the
 * in-scope days pro rata; per médecin traitant and period, the active patients; exposure and
 * rate. The project does more (each bad row kept with its line and reason, Delta tables, the
 * replacement rule, stops, shares): that is what the ratio prices. As a check that both did the
 * work, the in-scope days per period of both are printed side by side.
 *
 * <p>A lab tool (test sources, not in the product jar): {@code jobs/bench-duckdb.sh}.
 */
public final class DuckDbComparison {
  private DuckDbComparison() {}

  public static void main(String[] args) throws Exception {
    List<String> zones = new ArrayList<>();
    String out = null;
    String env = "conf/local.conf";
    int threads = Runtime.getRuntime().availableProcessors();
    List<Period> duckOnly = null;
    String duckMemory = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--landing" -> zones.add(args[++i]);
        case "--out" -> out = args[++i];
        case "--env" -> env = args[++i];
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--duckdb-only" -> duckOnly = Arrays.stream(args[++i].split(","))
            .map(Period::parse).toList();
        case "--duckdb-memory" -> duckMemory = args[++i];
        default -> throw new IllegalArgumentException("usage: --landing DIR [--landing DIR ...]"
            + " [--out FILE] [--env FILE] [--threads N] [--duckdb-only PERIOD,...]"
            + " [--duckdb-memory SIZE]; unknown: " + args[i]);
      }
    }
    if (zones.isEmpty()) {
      throw new IllegalArgumentException("give at least one --landing DIR");
    }
    if (duckOnly != null) {
      // A zone too large to run both sides within one sitting (the national one): DuckDB's
      // side alone, on the periods Spark profiled, to set beside the benchmark's own stages.
      for (String zone : zones) {
        long t0 = System.nanoTime();
        Map<String, Double> days = duckDb(zone, duckOnly, null, threads, duckMemory).days();
        System.out.printf("[bench] DuckDB alone, %s: %.1f s; in-scope days per period: %s%n",
            zone, (System.nanoTime() - t0) / 1e9, days);
      }
      return;
    }
    StringBuilder table = new StringBuilder(String.format(
        "| landing zone | rows read | Spark ingest s | Spark profile s | Spark s | DuckDB s "
            + "| ratio | Spark s per M rows | DuckDB s per M rows |%n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|%n"));
    for (String zone : zones) {
      Result r = compare(zone, env, threads, duckMemory);
      table.append(String.format("| %s | %,d | %.1f | %.1f | %.1f | %.1f | %.1f× | %.2f | %.2f |%n",
          zone, r.rows, r.ingestS, r.profileS, r.ingestS + r.profileS, r.duckS,
          (r.ingestS + r.profileS) / r.duckS, (r.ingestS + r.profileS) / (r.rows / 1e6),
          r.duckS / (r.rows / 1e6)));
      System.out.println(r.daysCheck);
    }
    System.out.println(table);
    if (out != null) {
      Files.writeString(Path.of(out), table + "\n", StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  private record Result(long rows, double ingestS, double profileS, double duckS,
      String daysCheck) {}

  /** DuckDB's side: the periods it profiled and its in-scope days per period. */
  record DuckSide(List<Period> periods, Map<String, Double> days) {}

  private static Result compare(String zone, String env, int threads, String duckMemory)
      throws Exception {
    AppConfig cfg = ConfigLoader.loadApp(new File(env));
    CampaignConfig c = ConfigLoader.bundledCampaign();
    // DuckDB first, in a process whose heap is still small: its memory lives outside the heap,
    // and the parallel collector does not hand back the heap Spark grows, so with Spark first
    // DuckDB's default (80 % of the machine) did not fit beside it on the national zone, and a
    // limit under what the heap left made DuckDB run out of memory. Its connection closed,
    // Spark's 8 GiB heap fits in what DuckDB gives back.
    long tDuck = System.nanoTime();
    DuckSide duck = duckDb(zone, null, c.observation(), threads, duckMemory);
    double duckS = (System.nanoTime() - tDuck) / 1e9;
    System.out.printf("[bench] DuckDB's side, %s: %.1f s; this process's resident memory after "
        + "it %.1f GiB%n", zone, duckS, procKib(Path.of("/proc/self/status"), "VmRSS:") / 1048576.0);

    Path warehouse = Files.createTempDirectory("bench-duckdb-warehouse");
    SparkSession spark = SparkSessions.create(cfg.withWarehouse(warehouse.toString()));
    StageFigures figures = new StageFigures();
    spark.sparkContext().addSparkListener(figures);
    long rows;
    double ingestS;
    double profileS;
    List<Period> periods;
    Map<String, double[]> sparkDays;
    try {
      DeltaStore store = new DeltaStore(spark, warehouse.toString());
      RunLog log = new RunLog(store, "bench-duckdb", Map.of("landing", zone),
          cfg.environment(), cfg.contentHash());
      long t0 = System.nanoTime();
      rows = Ingestion.run(store, log, zone).stream().mapToLong(RunLog.Count::read).sum();
      long t1 = System.nanoTime();
      periods = withObservation(c.observation(),
          ProfileJob.claimSemesters(store.read(Tables.CLAIMS_CLEAN)));
      sparkDays = ProfileJob.run(store, log, periods, cfg.profile().rule(),
          cfg.privacy().minCellPatients());
      long t2 = System.nanoTime();
      ingestS = (t1 - t0) / 1e9;
      profileS = (t2 - t1) / 1e9;
      // Listener events arrive asynchronously: let the bus drain before reading the sums.
      Thread.sleep(2000);
      System.out.println(figures.table("step of ingest + profile, " + zone));
    } finally {
      spark.stop();
      TestDirs.deleteTree(warehouse);
    }
    if (!periods.equals(duck.periods())) {
      System.out.println("[bench] the two sides profiled different periods: Spark " + periods
          + ", DuckDB " + duck.periods());
    }
    String check = periods.stream().map(p -> String.format("  %s: Spark %.0f days, DuckDB %.0f",
        p.label(), sparkDays.get(p.label())[0], duck.days().getOrDefault(p.label(), 0.0)))
        .collect(Collectors.joining("\n", "[bench] in-scope days per period, " + zone + ":\n",
            ""));
    return new Result(rows, ingestS, profileS, duckS, check);
  }

  /** The observation year, then the semesters the claims touch, each once. */
  private static List<Period> withObservation(Period observation, List<Period> semesters) {
    List<Period> all = new ArrayList<>(List.of(observation));
    all.addAll(semesters);
    return ProfileJob.distinct(all);
  }

  private static long procKib(Path file, String key) throws IOException {
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
      }
    }
    throw new IOException(file + ": no " + key);
  }

  /**
   * The core work in DuckDB. {@code periods} null: the observation year and the semesters its
   * own accepted claims' paid periods touch, as the project's profile takes them. {@code
   * memoryLimit} is a DuckDB size, or null for DuckDB's default (80 % of the machine).
   */
  static DuckSide duckDb(String zone, List<Period> periods, Period observation, int threads,
      String memoryLimit) throws SQLException, IOException {
    Path spill = Files.createTempDirectory("bench-duckdb-spill");
    String dir = new File(zone).getAbsolutePath().replace("'", "''");
    String csv = "delim=';', header=true, ignore_errors=true, dateformat='%Y-%m-%d'";
    List<String> load = new ArrayList<>(List.of(
        "SET threads = " + threads,
        "SET temp_directory = '" + spill.toString().replace("'", "''") + "'",
        "CREATE TABLE physicians AS SELECT * FROM read_csv('" + dir + "/physicians.csv', " + csv
            + ", columns={'physician_id':'VARCHAR','specialty_code':'VARCHAR',"
            + "'exercise_mode':'VARCHAR','practice_iris':'VARCHAR','region_code':'VARCHAR',"
            + "'installation_date':'DATE','birth_year':'INTEGER','sex':'VARCHAR'})",
        "CREATE TABLE patients AS SELECT * FROM read_csv('" + dir + "/patients.csv', " + csv
            + ", columns={'patient_id':'VARCHAR','birth_year':'INTEGER','sex':'VARCHAR',"
            + "'ald_start':'DATE','ald_end':'DATE','c2s_start':'DATE','c2s_end':'DATE',"
            + "'active_start':'DATE','active_end':'DATE'})",
        "CREATE TABLE mt_links AS SELECT * FROM read_csv('" + dir + "/mt_links.csv', " + csv
            + ", columns={'patient_id':'VARCHAR','physician_id':'VARCHAR',"
            + "'start_date':'DATE','end_date':'DATE'})",
        "CREATE TABLE claims AS SELECT * FROM read_csv('" + dir + "/ij_claims/*.csv', " + csv
            + ", columns={'claim_id':'VARCHAR','stop_id':'VARCHAR',"
            + "'prescription_kind':'VARCHAR','patient_id':'VARCHAR',"
            + "'prescriber_id':'VARCHAR','prescription_date':'DATE','period_start':'DATE',"
            + "'period_end':'DATE','paid_days':'INTEGER','amount_eur':'DOUBLE',"
            + "'risk':'VARCHAR','reversal_of':'VARCHAR'})",
        // One row per claim id (conflicting repeats dropped), then neither reversal nor reversed.
        "CREATE TABLE clean AS SELECT * FROM claims WHERE claim_id IN (SELECT claim_id FROM "
            + "claims GROUP BY claim_id HAVING count(DISTINCT claims) = 1) "
            + "QUALIFY row_number() OVER (PARTITION BY claim_id) = 1",
        "CREATE TABLE in_scope AS SELECT * FROM clean WHERE risk = 'MALADIE' "
            + "AND reversal_of IS NULL AND claim_id NOT IN (SELECT reversal_of FROM clean "
            + "WHERE reversal_of IS NOT NULL)"));
    if (memoryLimit != null) {
      load.add(1, "SET memory_limit = '" + memoryLimit + "'");
    }
    List<String> aggregate = List.of(
        "CREATE TABLE days AS SELECT p.label, c.prescriber_id, sum(c.paid_days * "
            + "(least(c.period_end, p.p_end) - greatest(c.period_start, p.p_start) + 1) / "
            + "(c.period_end - c.period_start + 1)) AS days FROM in_scope c JOIN periods p "
            + "ON c.period_start <= p.p_end AND c.period_end >= p.p_start GROUP BY ALL",
        "CREATE TABLE active AS SELECT p.label, m.physician_id, count(DISTINCT m.patient_id) "
            + "AS active FROM mt_links m JOIN patients a USING (patient_id) JOIN periods p "
            + "ON m.start_date <= p.p_end AND coalesce(m.end_date, DATE '9999-12-31') >= "
            + "p.p_start AND a.active_start <= p.p_end AND coalesce(a.active_end, "
            + "DATE '9999-12-31') >= p.p_start AND year(p.p_end) - a.birth_year BETWEEN 16 "
            + "AND 64 GROUP BY ALL",
        "CREATE TABLE profile AS SELECT label, physician_id, coalesce(d.days, 0) AS days, "
            + "a.active * (p.p_end - p.p_start + 1) / 365.25 AS exposure, "
            + "coalesce(d.days, 0) / (a.active * (p.p_end - p.p_start + 1) / 365.25) AS rate "
            + "FROM active a JOIN periods p USING (label) LEFT JOIN days d "
            + "ON d.label = a.label AND d.prescriber_id = a.physician_id");
    Map<String, Double> days = new TreeMap<>();
    try (Connection con = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = con.createStatement()) {
      for (String sql : load) {
        st.execute(sql);
      }
      List<Period> profiled = periods != null ? periods
          : withObservation(observation, semesters(st));
      st.execute("CREATE TABLE periods(label VARCHAR, p_start DATE, p_end DATE)");
      st.execute("INSERT INTO periods VALUES " + profiled.stream().map(p -> String.format(
          "('%s', DATE '%s', DATE '%s')", p.label(), p.start(), p.end()))
          .collect(Collectors.joining(", ")));
      for (String sql : aggregate) {
        st.execute(sql);
      }
      try (ResultSet rs = st.executeQuery(
          "SELECT label, sum(days) FROM days GROUP BY label")) {
        while (rs.next()) {
          days.put(rs.getString(1), rs.getDouble(2));
        }
      }
      return new DuckSide(profiled, days);
    } finally {
      TestDirs.deleteTree(spill);
    }
  }

  /** The semesters the accepted claims' paid periods touch (the reversals' too, as Spark's). */
  private static List<Period> semesters(Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery(
        "SELECT min(period_start), max(period_end) FROM clean")) {
      rs.next();
      java.sql.Date first = rs.getDate(1);
      return first == null ? List.of()
          : Period.semestersBetween(first.toLocalDate(), rs.getDate(2).toLocalDate());
    }
  }
}
