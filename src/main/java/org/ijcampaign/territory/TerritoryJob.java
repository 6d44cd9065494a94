package org.ijcampaign.territory;

import static org.apache.spark.sql.functions.col;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.Period;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.profile.Profiles;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Tables;
import org.ijcampaign.schema.Territory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code territory} job's edges: IRIS clusters (supplied or k-means) written to
 * {@code iris_cluster_assignment} and {@code cluster_centres}, then every profiled GP of the
 * requested periods placed in his territory, replacing those periods in {@code territories}.
 */
public final class TerritoryJob {
  private static final Logger LOG = LoggerFactory.getLogger(TerritoryJob.class);
  private TerritoryJob() {}

  public static void run(DeltaStore store, RunLog log, AppConfig.Territory cfg,
      List<Period> periods) {
    Instant t0 = Instant.now();
    IrisClustering.Result clusters = IrisClustering.cluster(store.spark(),
        store.read(Tables.IRIS_INDICATORS), store.read(Tables.IRIS_CLUSTERS),
        cfg.kmeans().k(), cfg.kmeans().seed(), cfg.kmeans().maxIter());
    store.overwrite(clusters.assignment(), Tables.IRIS_CLUSTER_ASSIGNMENT);
    store.overwrite(clusters.centres(), Tables.CLUSTER_CENTRES);
    Dataset<Row> assignment = store.read(Tables.IRIS_CLUSTER_ASSIGNMENT);
    long iris = assignment.count();
    log.stage("iris clusters", store.read(Tables.IRIS_INDICATORS).count(), iris,
        Duration.between(t0, Instant.now()));

    Instant t1 = Instant.now();
    List<String> labels = periods.stream().map(Period::label).toList();
    Dataset<Row> profile = store.read(Tables.GP_PERIOD_PROFILE)
        .where(col(Profile.PERIOD).isin(labels.toArray()));
    Dataset<Row> periodTable = Profiles.periods(store.spark(), periods);
    Dataset<Row> territories = Territories.assign(profile, assignment,
        Territories.aplOfPeriod(store.read(Tables.APL), periodTable), cfg.aplThresholds(),
        cfg.minTerritorySize());
    store.replaceSlices(territories, Tables.TERRITORIES, Territory.PERIOD, labels,
        Territory.PERIOD);
    Dataset<Row> written = store.read(Tables.TERRITORIES)
        .where(col(Territory.PERIOD).isin(labels.toArray()));
    long gps = written.count();
    for (Row r : written.groupBy(Territory.PERIOD, Territory.TERRITORY_LEVEL).count()
        .orderBy(Territory.PERIOD, Territory.TERRITORY_LEVEL).collectAsList()) {
      LOG.info(String.format("[territory] %-24s widening level %d: %,d GPs",
          r.<String>getAs(Territory.PERIOD), r.<Integer>getAs(Territory.TERRITORY_LEVEL),
          r.<Long>getAs("count")));
    }
    log.stage("territories " + String.join(",", labels), profile.count(), gps,
        Duration.between(t1, Instant.now()));
  }
}
