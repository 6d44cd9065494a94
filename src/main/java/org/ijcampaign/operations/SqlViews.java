package org.ijcampaign.operations;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.schema.Tables;

/**
 * Named views for analysts' SQL: one view per GP-level or aggregated table, under the table's
 * name, and views over the current slices: {@code current_profile} and {@code current_expected_ij}
 * (the campaign's observation period), {@code current_targeting} and {@code current_evaluation}
 * (the campaign and the campaign it evaluates), {@code latest_runs} (the last run of each job).
 * Patient-level tables are registered only on request, for data engineers.
 */
public final class SqlViews {
  /** Tables holding patient identifiers: never exposed to analysts by default. */
  public static final Set<String> PATIENT_LEVEL = Set.of(Tables.CLAIMS_CLEAN, Tables.PATIENTS,
      Tables.MT_LINKS, Tables.QUARANTINE);

  /** The last run of each job, over the runs table. */
  public static final String LATEST_RUNS = "latest_runs";

  private SqlViews() {}

  /** The views current_* over a slice of one table: name, table, column, value. */
  private record Slice(String view, String table, String column, String value) {}

  private static List<Slice> slices(CampaignConfig campaign) {
    String period = campaign.observation().label();
    return List.of(
        new Slice("current_profile", Tables.GP_PERIOD_PROFILE, "period", period),
        new Slice("current_expected_ij", Tables.EXPECTED_IJ, "period", period),
        new Slice("current_targeting", Tables.TARGETING, "campaign", campaign.name()),
        new Slice("current_fairness", Tables.FAIRNESS, "campaign", campaign.name()),
        new Slice("current_evaluation", Tables.CAMPAIGN_EVALUATION, "campaign",
            campaign.evaluation().campaign()));
  }

  /**
   * The views the warehouse offers, found from its folders alone: no table is read, so that a
   * session pays only for the tables its queries name ({@link #register}).
   */
  public static List<String> names(DeltaStore store, CampaignConfig campaign,
      boolean withPatientTables) {
    return names(Maintenance.tables(store), campaign, withPatientTables);
  }

  private static List<String> names(List<String> tables, CampaignConfig campaign,
      boolean withPatientTables) {
    List<String> names = new ArrayList<>();
    for (String table : tables) {
      if (!PATIENT_LEVEL.contains(table) || withPatientTables) {
        names.add(table);
      }
    }
    for (Slice s : slices(campaign)) {
      if (names.contains(s.table())) {
        names.add(s.view());
      }
    }
    if (names.contains(Tables.RUNS)) {
      names.add(LATEST_RUNS);
    }
    return names;
  }

  /**
   * Registers the views among {@link #names} that {@code wanted} holds (lower case, as
   * {@link ReadOnlySql#check} returns them); returns the names registered. Each registration
   * loads its Delta table's snapshot, a Spark job or two in a fresh session.
   */
  public static List<String> register(DeltaStore store, CampaignConfig campaign,
      boolean withPatientTables, Set<String> wanted) {
    // One listing of the warehouse (a request per table on object storage), not two.
    List<String> tables = Maintenance.tables(store);
    List<String> offered = names(tables, campaign, withPatientTables);
    Set<String> want = new HashSet<>();
    wanted.forEach(w -> want.add(w.toLowerCase(Locale.ROOT)));
    if (want.contains(LATEST_RUNS)) {
      want.add(Tables.RUNS);
    }
    List<String> registered = new ArrayList<>();
    // The tables first: latest_runs reads the view runs.
    for (String table : tables) {
      if (want.contains(table) && offered.contains(table)) {
        store.read(table).createOrReplaceTempView(table);
        registered.add(table);
      }
    }
    for (Slice s : slices(campaign)) {
      if (want.contains(s.view()) && offered.contains(s.view())) {
        store.read(s.table()).where(col(s.column()).equalTo(s.value()))
            .createOrReplaceTempView(s.view());
        registered.add(s.view());
      }
    }
    if (want.contains(LATEST_RUNS) && offered.contains(LATEST_RUNS)) {
      store.spark().sql("CREATE OR REPLACE TEMP VIEW " + LATEST_RUNS + " AS SELECT * FROM "
          + "(SELECT *, row_number() OVER (PARTITION BY job ORDER BY started_at DESC) AS _rn "
          + "FROM runs) WHERE _rn = 1");
      registered.add(LATEST_RUNS);
    }
    return registered;
  }
}
