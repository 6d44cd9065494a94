package org.ijcampaign.operations;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
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

  private SqlViews() {}

  /** Registers the views; returns their names. */
  public static List<String> register(DeltaStore store, CampaignConfig campaign,
      boolean withPatientTables) {
    List<String> names = new ArrayList<>();
    for (String table : Maintenance.tables(store)) {
      if (PATIENT_LEVEL.contains(table) && !withPatientTables) {
        continue;
      }
      store.read(table).createOrReplaceTempView(table);
      names.add(table);
    }
    String period = campaign.observation().label();
    view(store, names, "current_profile", Tables.GP_PERIOD_PROFILE, "period", period);
    view(store, names, "current_expected_ij", Tables.EXPECTED_IJ, "period", period);
    view(store, names, "current_targeting", Tables.TARGETING, "campaign", campaign.name());
    view(store, names, "current_fairness", Tables.FAIRNESS, "campaign", campaign.name());
    view(store, names, "current_evaluation", Tables.CAMPAIGN_EVALUATION, "campaign",
        campaign.evaluation().campaign());
    if (names.contains(Tables.RUNS)) {
      store.spark().sql("CREATE OR REPLACE TEMP VIEW latest_runs AS SELECT * FROM (SELECT *, "
          + "row_number() OVER (PARTITION BY job ORDER BY started_at DESC) AS _rn FROM runs) "
          + "WHERE _rn = 1");
      names.add("latest_runs");
    }
    return names;
  }

  private static void view(DeltaStore store, List<String> names, String view, String table,
      String column, String value) {
    if (names.contains(table)) {
      store.read(table).where(col(column).equalTo(value)).createOrReplaceTempView(view);
      names.add(view);
    }
  }
}
