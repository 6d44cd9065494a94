package org.ijcampaign.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.schema.Tables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sql job's views on a three-table warehouse (targeting of two campaigns, runs, and the
 * patient-level claims): every view is offered from the folders alone, and only the views a
 * session's queries name are read.
 */
class SqlViewsTest extends SparkTestBase {
  private CampaignConfig campaign;
  private Path wh;

  @BeforeEach
  void warehouse() {
    campaign = ConfigLoader.loadCampaign(null);
    wh = tempDir("sql-views");
    StructType targeting = new StructType().add("campaign", DataTypes.StringType)
        .add("physician_id", DataTypes.StringType);
    TableRows.of(targeting)
        .row("campaign", campaign.name(), "physician_id", "10000000001")
        .row("campaign", "an-earlier-campaign", "physician_id", "10000000002")
        .toDataset(spark()).write().format("delta").save(wh.resolve(Tables.TARGETING).toString());
    StructType runs = new StructType().add("job", DataTypes.StringType)
        .add("started_at", DataTypes.StringType).add("status", DataTypes.StringType);
    TableRows.of(runs)
        .row("job", "target", "started_at", "2026-12-01T10:00", "status", "FAILED")
        .row("job", "target", "started_at", "2026-12-02T10:00", "status", "SUCCEEDED")
        .toDataset(spark()).write().format("delta").save(wh.resolve(Tables.RUNS).toString());
    TableRows.of(new StructType().add("claim_id", DataTypes.StringType))
        .row("claim_id", "C1")
        .toDataset(spark()).write().format("delta")
        .save(wh.resolve(Tables.CLAIMS_CLEAN).toString());
  }

  @Test
  void offersEveryViewWithoutReadingATable() {
    DeltaStore store = new DeltaStore(spark(), wh.toString());
    assertEquals(List.of(Tables.RUNS, Tables.TARGETING, "current_targeting", "latest_runs"),
        SqlViews.names(store, campaign, false));
    assertEquals(List.of(Tables.CLAIMS_CLEAN, Tables.RUNS, Tables.TARGETING,
        "current_targeting", "latest_runs"), SqlViews.names(store, campaign, true));
    assertEquals(Set.of(), store.tablesRead().keySet());
  }

  @Test
  void registersOnlyTheViewsNamedAndTheTablesBehindThem() {
    DeltaStore store = new DeltaStore(spark(), wh.toString());
    // As ReadOnlySql.check returns them: lower case, a CTE's own name among them.
    assertEquals(List.of("current_targeting"), SqlViews.register(store, campaign, false,
        Set.of("current_targeting", "t")));
    assertEquals(Set.of(Tables.TARGETING), store.tablesRead().keySet());
    List<Row> current = spark().sql("SELECT physician_id FROM current_targeting")
        .collectAsList();
    assertEquals(List.of("10000000001"), current.stream().map(r -> r.getString(0)).toList());

    DeltaStore again = new DeltaStore(spark(), wh.toString());
    assertEquals(List.of(Tables.RUNS, "latest_runs"),
        SqlViews.register(again, campaign, false, Set.of("latest_runs")));
    assertEquals("SUCCEEDED", spark().sql("SELECT status FROM latest_runs").head().getString(0));
    // A patient-level table is not registered for analysts even when a query names it.
    assertEquals(List.of(), SqlViews.register(again, campaign, false,
        Set.of(Tables.CLAIMS_CLEAN)));
  }

  @Test
  void checkNamesTheRelationsOfAQueryInLowerCase() {
    assertEquals(Set.of("targeting", "t", "runs"), ReadOnlySql.check(spark(),
        "WITH t AS (SELECT * FROM Targeting) SELECT * FROM t WHERE physician_id IN "
            + "(SELECT job FROM RUNS)", Set.of("targeting", "runs")));
  }
}
