package org.ijcampaign.territory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
import org.ijcampaign.schema.IrisClusters;
import org.ijcampaign.schema.IrisIndicators;
import org.ijcampaign.schema.Territory;
import org.junit.jupiter.api.Test;

class IrisClusteringTest extends SparkTestBase {
  private static final StructType IRIS = new StructType()
      .add(IrisIndicators.IRIS_CODE, DataTypes.StringType)
      .add(IrisIndicators.MEDIAN_INCOME_EUR, DataTypes.DoubleType)
      .add(IrisIndicators.POVERTY_RATE, DataTypes.DoubleType)
      .add(IrisIndicators.UNEMPLOYMENT_RATE, DataTypes.DoubleType)
      .add(IrisIndicators.MANUAL_WORKER_SHARE, DataTypes.DoubleType)
      .add(IrisIndicators.SINGLE_PARENT_SHARE, DataTypes.DoubleType);
  private static final StructType CLUSTERS = new StructType()
      .add(IrisClusters.IRIS_CODE, DataTypes.StringType)
      .add(IrisClusters.CLUSTER, DataTypes.IntegerType);

  /** An IRIS's indicators, its share of single parents unknown. */
  private static Object[] iris(String code, double income, Double poverty, double unemployment,
      double manualWorkers) {
    return new Object[] {IrisIndicators.IRIS_CODE, code, IrisIndicators.MEDIAN_INCOME_EUR,
        income, IrisIndicators.POVERTY_RATE, poverty, IrisIndicators.UNEMPLOYMENT_RATE,
        unemployment, IrisIndicators.MANUAL_WORKER_SHARE, manualWorkers};
  }

  /** Three well-off IRIS and three fragile ones; single parents unknown everywhere. */
  private Dataset<Row> iris() {
    return TableRows.of(IRIS)
        .row(iris("A1", 32000.0, 0.05, 0.05, 0.10))
        .row(iris("A2", 30000.0, 0.06, 0.06, 0.12))
        .row(iris("A3", 31000.0, null, 0.05, 0.11))
        .row(iris("B1", 15000.0, 0.35, 0.20, 0.35))
        .row(iris("B2", 14000.0, 0.38, 0.22, 0.40))
        .row(iris("B3", 16000.0, 0.33, 0.19, 0.33))
        .toDataset(spark());
  }

  private Dataset<Row> noClusters() {
    return TableRows.of(CLUSTERS).toDataset(spark());
  }

  private Map<String, Integer> labels(Dataset<Row> assignment) {
    Map<String, Integer> m = new TreeMap<>();
    assignment.collectAsList().forEach(r -> m.put(r.getString(0), r.getInt(1)));
    return m;
  }

  @Test
  void numbersKmeansClustersByIncreasingFragility() {
    IrisClustering.Result r = IrisClustering.cluster(spark(), iris(), noClusters(), 2, 7, 50);
    assertEquals(Map.of("A1", 1, "A2", 1, "A3", 1, "B1", 2, "B2", 2, "B3", 2),
        labels(r.assignment()));
    List<Row> centres = r.centres().where("indicator = 'median_income_eur'")
        .orderBy(Territory.CLUSTER).collectAsList();
    assertEquals(3L, (long) centres.get(0).getAs(Territory.IRIS_COUNT));
    // The least fragile centre has the higher income (in standard deviations).
    assertEquals(true, (double) centres.get(0).getAs(Territory.CENTRE_Z)
        > (double) centres.get(1).getAs(Territory.CENTRE_Z));
    assertEquals(4, r.centres().where("cluster = 1").count()); // single parents left out
  }

  @Test
  void givesTheSameLabelsOnEveryRunWithTheSameSeed() {
    Map<String, Integer> first = labels(
        IrisClustering.cluster(spark(), iris(), noClusters(), 3, 11, 50).assignment());
    Map<String, Integer> second = labels(
        IrisClustering.cluster(spark(), iris(), noClusters(), 3, 11, 50).assignment());
    assertEquals(first, second);
  }

  @Test
  void usesTheSuppliedTypologyWhenThereIsOne() {
    Dataset<Row> supplied = TableRows.of(CLUSTERS)
        .row(IrisClusters.IRIS_CODE, "A1", IrisClusters.CLUSTER, 4)
        .row(IrisClusters.IRIS_CODE, "B1", IrisClusters.CLUSTER, 1)
        .toDataset(spark());
    IrisClustering.Result r = IrisClustering.cluster(spark(), iris(), supplied, 2, 7, 50);
    assertEquals(Map.of("A1", 4, "B1", 1), labels(r.assignment()));
    assertEquals(Territory.SUPPLIED, r.assignment().head().getAs(Territory.CLUSTER_SOURCE));
  }
}
