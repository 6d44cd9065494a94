package org.ijcampaign.targeting;

import static org.apache.spark.sql.functions.col;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Persistent;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Tables;
import org.ijcampaign.schema.Territory;
import org.ijcampaign.schema.Targeting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code target} job's edges: applies a campaign file to the model of its observation period
 * and replaces the campaign's slice of {@code targeting}. Returns the GP count per status.
 */
public final class TargetJob {
  private static final Logger LOG = LoggerFactory.getLogger(TargetJob.class);
  private TargetJob() {}

  /** A campaign's targeting rows and their number. */
  public record Written(Dataset<Row> rows, long count) {}

  /**
   * The targeting rows this job wrote for a campaign, for the jobs that publish them (exports,
   * dashboard); fails when it has not run for that campaign.
   */
  public static Written written(DeltaStore store, CampaignConfig c) {
    Dataset<Row> rows = store.read(Tables.TARGETING)
        .where(col(Targeting.CAMPAIGN).equalTo(c.name()));
    long count = rows.count();
    if (count == 0) {
      throw new IllegalStateException("no targeting rows for campaign " + c.name()
          + ": run the target job first");
    }
    return new Written(rows, count);
  }

  public static Map<String, Long> run(DeltaStore store, RunLog log, CampaignConfig c) {
    Instant t0 = Instant.now();
    String period = c.observation().label();
    Dataset<Row> expected = store.read(Tables.EXPECTED_IJ)
        .where(col(Expected.PERIOD).equalTo(period));
    if (expected.isEmpty()) {
      throw new IllegalStateException("no expected_ij rows for period " + period
          + ": run the model for the campaign's observation period first");
    }
    Dataset<Row> profile = store.read(Tables.GP_PERIOD_PROFILE)
        .where(col(Profile.PERIOD).equalTo(period));
    Dataset<Row> persistent = persistent(store, c);
    Dataset<Row> targeting = CampaignTargeting.target(expected, profile,
        store.read(Tables.CAMPAIGN_HISTORY), persistent, c);
    store.replaceSlice(targeting, Tables.TARGETING, Targeting.CAMPAIGN, c.name(),
        Targeting.CAMPAIGN);
    // The audit sets the campaign as run beside the same rules without the safeguard.
    Dataset<Row> withoutSafeguard = CampaignTargeting.target(expected, profile,
        store.read(Tables.CAMPAIGN_HISTORY), persistent, c.withSafeguard(false));
    // ... and beside the campaign's other selection rule, when it has a persistent estimate.
    Dataset<Row> otherRule = persistent == null ? null : CampaignTargeting.target(expected,
        profile, store.read(Tables.CAMPAIGN_HISTORY), persistent, c.withSelection(
            c.persistent().rule() == CampaignConfig.SelectionRule.PERSISTENT
                ? CampaignConfig.SelectionRule.PUBLISHED
                : CampaignConfig.SelectionRule.PERSISTENT));
    Dataset<Row> territories = store.read(Tables.TERRITORIES)
        .where(col(Territory.PERIOD).equalTo(period));
    store.replaceSlice(FairnessAudit.audit(store.read(Tables.TARGETING)
            .where(col(Targeting.CAMPAIGN).equalTo(c.name())), withoutSafeguard, otherRule,
            territories, c),
        Tables.FAIRNESS, Targeting.CAMPAIGN, c.name(), Targeting.CAMPAIGN);
    Map<String, Long> byStatus = new LinkedHashMap<>();
    long total = 0;
    for (Row r : store.read(Tables.TARGETING).where(col(Targeting.CAMPAIGN).equalTo(c.name()))
        .groupBy(Targeting.STATUS).count().orderBy(Targeting.STATUS).collectAsList()) {
      String status = r.getAs(Targeting.STATUS);
      long gps = r.getAs("count");
      byStatus.put(status, gps);
      total += gps;
      LOG.info(String.format("[target] %s %-30s %,8d GPs", c.name(), status, gps));
    }
    log.stage("target " + c.name(), total, byStatus.getOrDefault(Targeting.TARGETED, 0L),
        Duration.between(t0, Instant.now()));
    return byStatus;
  }

  /**
   * The campaign's slice of {@code persistent_ratio}; null when there is none, which only a
   * campaign selecting on the persistent rule cannot do without.
   */
  static Dataset<Row> persistent(DeltaStore store, CampaignConfig c) {
    Dataset<Row> slice = store.exists(Tables.PERSISTENT_RATIO)
        ? store.read(Tables.PERSISTENT_RATIO).where(col(Persistent.CAMPAIGN).equalTo(c.name()))
        : null;
    if (slice != null && !slice.isEmpty()) {
      return slice;
    }
    if (c.persistent().rule() == CampaignConfig.SelectionRule.PERSISTENT) {
      throw new IllegalStateException("campaign " + c.name() + " selects on the persistent "
          + "ratio but persistent_ratio has no rows for it: run the persistent job first");
    }
    return null;
  }
}
