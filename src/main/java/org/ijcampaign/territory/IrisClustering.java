package org.ijcampaign.territory;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.io.RowBuilder;
import org.ijcampaign.schema.IrisClusters;
import org.ijcampaign.schema.IrisIndicators;
import org.ijcampaign.schema.TableSchemas;
import org.ijcampaign.schema.Territory;

/**
 * Socio-economic clusters of IRIS: the supplied INSEE typology when {@code iris_clusters} has
 * rows, else k-means on the standardised IRIS indicators (missing values imputed with the
 * national median; an indicator missing everywhere is left out). K-means labels are arbitrary,
 * so clusters are renumbered 1 … k by increasing fragility score of their centre, the mean of
 * the standardised indicators oriented so that higher is more fragile (income counts
 * negatively): labels then mean the same from one run to the next.
 */
public final class IrisClustering {
  /** Indicators and the sign with which each enters the fragility score. */
  static final List<String> INDICATORS = List.of(IrisIndicators.MEDIAN_INCOME_EUR,
      IrisIndicators.POVERTY_RATE, IrisIndicators.UNEMPLOYMENT_RATE,
      IrisIndicators.MANUAL_WORKER_SHARE, IrisIndicators.SINGLE_PARENT_SHARE);
  static final double[] FRAGILITY_SIGN = {-1, 1, 1, 1, 1};

  private IrisClustering() {}

  /** The outcome: one cluster per IRIS, and the centres (empty when supplied). */
  public record Result(Dataset<Row> assignment, Dataset<Row> centres) {}

  public static Result cluster(SparkSession spark, Dataset<Row> irisIndicators,
      Dataset<Row> suppliedClusters, int k, long seed, int maxIter) {
    if (!suppliedClusters.isEmpty()) {
      Dataset<Row> assignment = suppliedClusters.select(col(IrisClusters.IRIS_CODE),
          col(IrisClusters.CLUSTER), lit(Territory.SUPPLIED).as(Territory.CLUSTER_SOURCE));
      return new Result(assignment, spark.createDataFrame(List.of(), CENTRES_SCHEMA));
    }
    return kmeans(spark, irisIndicators, k, seed, maxIter);
  }

  public static final StructType CENTRES_SCHEMA = TableSchemas.CLUSTER_CENTRES.structType();

  static Result kmeans(SparkSession spark, Dataset<Row> iris, int k, long seed, int maxIter) {
    // An indicator with no value anywhere (e.g. single parents from public files) is dropped.
    String first = INDICATORS.get(0);
    Row present = iris.agg(count(col(first)).as(first), INDICATORS.subList(1,
        INDICATORS.size()).stream().map(c -> count(col(c)).as(c)).toArray(Column[]::new)).head();
    List<String> used = new ArrayList<>();
    List<Double> signs = new ArrayList<>();
    for (int i = 0; i < INDICATORS.size(); i++) {
      if (present.<Long>getAs(INDICATORS.get(i)) > 0) {
        used.add(INDICATORS.get(i));
        signs.add(FRAGILITY_SIGN[i]);
      }
    }
    String[] in = used.toArray(new String[0]);
    String[] imputed = used.stream().map(c -> c + "_imputed").toArray(String[]::new);
    Dataset<Row> input = iris.select(col(IrisIndicators.IRIS_CODE), functions.struct(
        used.stream().map(c -> col(c).cast(DataTypes.DoubleType).as(c)).toArray(Column[]::new))
        .as("_x")).select("*", "_x.*").drop("_x");
    Imputer imputer = new Imputer().setStrategy("median").setInputCols(in)
        .setOutputCols(imputed);
    VectorAssembler assembler = new VectorAssembler().setInputCols(imputed)
        .setOutputCol("_raw");
    StandardScaler scaler = new StandardScaler().setInputCol("_raw").setOutputCol("_features")
        .setWithMean(true).setWithStd(true);
    KMeans kmeans = new KMeans().setK(k).setSeed(seed).setMaxIter(maxIter)
        .setFeaturesCol("_features").setPredictionCol("_raw_cluster");
    PipelineModel model = new Pipeline().setStages(
        new PipelineStage[] {imputer, assembler, scaler, kmeans}).fit(input);
    KMeansModel km = (KMeansModel) model.stages()[3];
    Dataset<Row> predicted = model.transform(input).persist();

    // Renumber by fragility: k centres, a tiny collect.
    Vector[] centres = km.clusterCenters();
    List<double[]> scored = new ArrayList<>();
    for (int c = 0; c < centres.length; c++) {
      double s = 0;
      for (int i = 0; i < used.size(); i++) {
        s += signs.get(i) * centres[c].apply(i);
      }
      scored.add(new double[] {c, s / used.size()});
    }
    scored.sort(Comparator.comparingDouble(a -> a[1]));
    Column label = null;
    for (int rank = 0; rank < scored.size(); rank++) {
      Column when = col("_raw_cluster").equalTo((int) scored.get(rank)[0]);
      label = label == null ? functions.when(when, rank + 1) : label.when(when, rank + 1);
    }
    Dataset<Row> assignment = predicted.select(col(IrisIndicators.IRIS_CODE),
        label.as(Territory.CLUSTER), lit(Territory.KMEANS).as(Territory.CLUSTER_SOURCE));
    java.util.Map<Integer, Long> sizes = new java.util.HashMap<>();
    for (Row r : predicted.groupBy("_raw_cluster").count().collectAsList()) {
      sizes.put(r.getAs("_raw_cluster"), r.getAs("count"));
    }
    List<Row> centreRows = new ArrayList<>();
    for (int rank = 0; rank < scored.size(); rank++) {
      int c = (int) scored.get(rank)[0];
      for (int i = 0; i < used.size(); i++) {
        centreRows.add(new RowBuilder(CENTRES_SCHEMA).set(Territory.CLUSTER, rank + 1)
            .set(Territory.FRAGILITY_SCORE, scored.get(rank)[1])
            .set(Territory.IRIS_COUNT, sizes.getOrDefault(c, 0L))
            .set(Territory.INDICATOR, used.get(i)).set(Territory.CENTRE_Z, centres[c].apply(i))
            .build());
      }
    }
    return new Result(assignment, spark.createDataFrame(centreRows, CENTRES_SCHEMA));
  }
}
