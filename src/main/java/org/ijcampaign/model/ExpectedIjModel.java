package org.ijcampaign.model;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percent_rank;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.GeneralizedLinearRegression;
import org.apache.spark.ml.regression.GeneralizedLinearRegressionModel;
import org.apache.spark.ml.regression.GeneralizedLinearRegressionTrainingSummary;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.ijcampaign.io.Joins;
import org.ijcampaign.io.RowBuilder;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.TableSchemas;
import org.ijcampaign.schema.Territory;

/**
 * The expected-IJ model (docs/method.md, "Model"): a Poisson regression with log link of each
 * profiled GP's IJ days on his patientèle shares and a fixed effect of his territory, with
 * log(exposure) as offset, fitted by Spark MLlib's IRLS (normal equations: only the p × p matrix
 * reaches the driver). Then, per GP, the ratio observed / expected, its compound-Poisson variance
 * {@code D_t · E}, z, funnel limits, the empirical-Bayes shrunken ratio and the comparison group's
 * figures for the letter.
 */
public final class ExpectedIjModel {
  static final String LOG_EXPOSURE = "log_exposure";
  static final String FEATURES = "features";
  /** Model inputs: the shares with suppressed values imputed; the published shares stay null. */
  private static final String FEATURE_PREFIX = "x_";
  private static final String TERRITORY_INDEX = "territory_index";
  private static final String TERRITORY_VEC = "territory_vec";
  private static final String TERRITORY_TERM = "territory=";
  private static final double Z_95 = 1.96;
  private static final double Z_998 = 3.09;

  private ExpectedIjModel() {}

  /** What a fit produces: one row per GP, and one row per model term with the fit's figures. */
  public record Result(Dataset<Row> perGp, Dataset<Row> coefficients, double phi, double tau2,
      int iterations, List<String> droppedTerms) {}

  /** Design rows: the profiled GPs of the profile rows given, with their territory. */
  public static Dataset<Row> design(Dataset<Row> profile, Dataset<Row> territories) {
    List<Column> cols = new ArrayList<>(List.of(col(Profile.PERIOD), col(Profile.PHYSICIAN_ID),
        col(Profile.REGION_CODE), col(Profile.IJ_DAYS).as(Expected.OBSERVED_DAYS),
        col(Profile.EXPOSURE), col(Profile.RATE).as(Expected.OBSERVED_RATE),
        col(Profile.ACTIVE_PATIENTS), col(Profile.STOP_DAYS_SQ_SUM),
        col(Territory.TERRITORY), col(Territory.TERRITORY_LEVEL), col(Territory.TERRITORY_SIZE),
        col(Territory.TERRITORY_MEAN_RATE), col(Territory.TERRITORY_SD_RATE)));
    Profile.SHARES.forEach(s -> cols.add(col(s)));
    return profile.where(col(Profile.PROFILED))
        .join(territories.drop(Territory.REGION_CODE, Territory.PRACTICE_IRIS),
            Joins.on(Profile.PERIOD, Profile.PHYSICIAN_ID))
        .select(cols.toArray(new Column[0]))
        .withColumn(LOG_EXPOSURE, log(col(Profile.EXPOSURE)));
  }


  public static Result fit(SparkSession spark, Dataset<Row> design, int maxIter, double tol,
      String modelVersion) {
    // Shares suppressed for secrecy (tiny lists) are imputed with the mean over the design:
    // such GPs weigh almost nothing in the fit and are never targeted (minimum list size).
    String first = Profile.MODEL_SHARES.get(0);
    Row means = design.agg(avg(col(first)).as(first), Profile.MODEL_SHARES
        .subList(1, Profile.MODEL_SHARES.size()).stream().map(c -> avg(col(c)).as(c))
        .toArray(Column[]::new)).head();
    Dataset<Row> imputed = design;
    for (String c : Profile.MODEL_SHARES) {
      Double mean = means.getAs(c);
      imputed = imputed.withColumn(FEATURE_PREFIX + c, org.apache.spark.sql.functions.coalesce(
          col(c), lit(mean == null ? 0.0 : mean)));
    }
    Dataset<Row> d = imputed.persist(StorageLevel.MEMORY_AND_DISK());
    // A share that does not vary makes the normal equations singular: it is left out, and
    // said so in the coefficients table.
    List<String> shares = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    List<Column> ranges = new ArrayList<>();
    for (String s : Profile.MODEL_SHARES) {
      ranges.add(max(col(FEATURE_PREFIX + s)).minus(min(col(FEATURE_PREFIX + s))).as(s));
    }
    ranges.add(count(lit(1)).as("_n"));
    Row range = d.agg(ranges.get(0), ranges.subList(1, ranges.size()).toArray(new Column[0]))
        .head();
    long n = range.getAs("_n");
    for (String s : Profile.MODEL_SHARES) {
      Double spread = range.getAs(s);
      if (spread != null && spread > 0) {
        shares.add(s);
      } else {
        dropped.add(s);
      }
    }
    long territories = d.select(Territory.TERRITORY).distinct().count();
    List<PipelineStage> stages = new ArrayList<>();
    List<String> inputs = new ArrayList<>(shares.stream().map(x -> FEATURE_PREFIX + x).toList());
    StringIndexer indexer = new StringIndexer().setInputCol(Territory.TERRITORY)
        .setOutputCol(TERRITORY_INDEX).setStringOrderType("alphabetAsc");
    if (territories > 1) {
      // The alphabetically last territory is the reference level.
      stages.add(indexer);
      stages.add(new OneHotEncoder().setInputCol(TERRITORY_INDEX).setOutputCol(TERRITORY_VEC)
          .setDropLast(true));
      inputs.add(TERRITORY_VEC);
    }
    GeneralizedLinearRegression glm = new GeneralizedLinearRegression().setFamily("poisson")
        .setLink("log").setOffsetCol(LOG_EXPOSURE).setLabelCol(Expected.OBSERVED_DAYS)
        .setFeaturesCol(FEATURES).setPredictionCol(Expected.EXPECTED_DAYS)
        .setMaxIter(maxIter).setTol(tol).setRegParam(0.0).setFitIntercept(true)
        .setSolver("irls");
    if (inputs.isEmpty()) {
      throw new IllegalStateException("no variable share and a single territory: nothing to fit");
    }
    stages.add(new VectorAssembler().setInputCols(inputs.toArray(new String[0]))
        .setOutputCol(FEATURES));
    stages.add(glm);
    PipelineModel pipeline = new Pipeline().setStages(stages.toArray(new PipelineStage[0]))
        .fit(d);
    GeneralizedLinearRegressionModel model =
        (GeneralizedLinearRegressionModel) pipeline.stages()[stages.size() - 1];
    GeneralizedLinearRegressionTrainingSummary summary = model.summary();

    List<String> terms = new ArrayList<>(shares);
    if (territories > 1) {
      String[] labels = ((StringIndexerModel) pipeline.stages()[0]).labelsArray()[0];
      for (int i = 0; i < labels.length - 1; i++) {
        terms.add(TERRITORY_TERM + labels[i]);
      }
    }
    int p = terms.size() + 1;

    Dataset<Row> fitted = pipeline.transform(d).drop(FEATURES, TERRITORY_INDEX, TERRITORY_VEC)
        .persist(StorageLevel.MEMORY_AND_DISK());
    // D_t from the stops of each territory's profiled GPs; 1 (plain Poisson) if it has no day.
    Dataset<Row> dispersion = fitted.groupBy(Territory.TERRITORY)
        .agg(sum(Profile.STOP_DAYS_SQ_SUM).as("_sq"), sum(Expected.OBSERVED_DAYS).as("_d"))
        .select(col(Territory.TERRITORY), when(col("_d").gt(0), col("_sq").divide(col("_d")))
            .otherwise(1.0).as(Expected.STOP_DISPERSION));
    Column o = col(Expected.OBSERVED_DAYS);
    Column e = col(Expected.EXPECTED_DAYS);
    Column dt = col(Expected.STOP_DISPERSION);
    Dataset<Row> perGp = fitted.join(dispersion, Territory.TERRITORY)
        .withColumn(Expected.EXPECTED_RATE, e.divide(col(Profile.EXPOSURE)))
        .withColumn(Expected.RATIO, o.divide(e))
        .withColumn(Expected.VARIANCE, dt.multiply(e))
        .withColumn(Expected.Z, o.minus(e).divide(sqrt(col(Expected.VARIANCE))))
        .withColumn(Expected.SAMPLING_VARIANCE, dt.divide(e))
        .persist(StorageLevel.MEMORY_AND_DISK());

    Row moments = perGp.agg(
        sum(pow(o.minus(e), 2).divide(e)).as("_pearson"),
        avg(pow(col(Expected.RATIO).minus(1), 2)).as("_ratio_spread"),
        avg(col(Expected.SAMPLING_VARIANCE)).as("_sampling_variance")).head();
    double phi = n > p ? moments.<Double>getAs("_pearson") / (n - p) : Double.NaN;
    double tau2 = Math.max(0, moments.<Double>getAs("_ratio_spread")
        - moments.<Double>getAs("_sampling_variance"));

    Column s = sqrt(col(Expected.SAMPLING_VARIANCE));
    Column w = lit(tau2).divide(lit(tau2).plus(col(Expected.SAMPLING_VARIANCE)));
    Dataset<Row> out = perGp
        .withColumn(Expected.FUNNEL_95_LOW, lit(1).minus(s.multiply(Z_95)))
        .withColumn(Expected.FUNNEL_95_HIGH, lit(1).plus(s.multiply(Z_95)))
        .withColumn(Expected.FUNNEL_998_LOW, lit(1).minus(s.multiply(Z_998)))
        .withColumn(Expected.FUNNEL_998_HIGH, lit(1).plus(s.multiply(Z_998)))
        .withColumn(Expected.SHRINKAGE_WEIGHT, w)
        .withColumn(Expected.SHRUNK_RATIO, lit(1).plus(w.multiply(col(Expected.RATIO).minus(1))))
        .withColumn(Expected.REGION_PERCENT_RANK, percent_rank().over(Window
            .partitionBy(col(Profile.PERIOD), col(Profile.REGION_CODE))
            .orderBy(col(Expected.OBSERVED_RATE))))
        .withColumn(Expected.REGION_GPS, count(lit(1)).over(Window
            .partitionBy(col(Profile.PERIOD), col(Profile.REGION_CODE))))
        .withColumn(Expected.MODEL_VERSION, lit(modelVersion));
    for (String share : Profile.SHARES) {
      out = out.withColumn(Expected.TERRITORY_PREFIX + share, avg(col(share)).over(Window
          .partitionBy(col(Profile.PERIOD), col(Territory.TERRITORY))));
    }
    out = out.drop(LOG_EXPOSURE, Profile.STOP_DAYS_SQ_SUM);
    for (String share : Profile.MODEL_SHARES) {
      out = out.drop(FEATURE_PREFIX + share);
    }

    Dataset<Row> coefficients = coefficientTable(spark, model, summary, terms, modelVersion,
        design.select(Profile.PERIOD).head().getAs(Profile.PERIOD), phi, tau2, n, p, dropped);
    return new Result(out, coefficients, phi, tau2, summary.numIterations(), dropped);
  }

  static final StructType COEFFICIENTS_SCHEMA = TableSchemas.MODEL_COEFFICIENTS.structType();

  private static Dataset<Row> coefficientTable(SparkSession spark,
      GeneralizedLinearRegressionModel model, GeneralizedLinearRegressionTrainingSummary summary,
      List<String> terms, String version, String period, double phi, double tau2, long n, int p,
      List<String> dropped) {
    // Spark lists standard errors of the coefficients, then the intercept's.
    double[] se = summary.coefficientStandardErrors();
    double[] beta = model.coefficients().toArray();
    NormalDistribution normal = new NormalDistribution();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i <= beta.length; i++) {
      String term = i < beta.length ? terms.get(i) : Expected.INTERCEPT;
      double b = i < beta.length ? beta[i] : model.intercept();
      double sei = se[i];
      double z = b / sei;
      rows.add(new RowBuilder(COEFFICIENTS_SCHEMA)
          .set(Expected.MODEL_VERSION, version).set(Profile.PERIOD, period)
          .set(Expected.TERM, term).set(Expected.ESTIMATE, b).set(Expected.STD_ERROR, sei)
          .set(Expected.QUASI_STD_ERROR, Double.isNaN(phi) ? null : sei * Math.sqrt(phi))
          .set(Expected.Z_VALUE, z)
          .set(Expected.P_VALUE, 2 * (1 - normal.cumulativeProbability(Math.abs(z))))
          .set(Expected.PHI, phi).set(Expected.TAU2, tau2)
          .set(Expected.DEVIANCE, summary.deviance())
          .set(Expected.NULL_DEVIANCE, summary.nullDeviance()).set(Expected.AIC, summary.aic())
          .set(Expected.ITERATIONS, summary.numIterations()).set(Expected.N_GPS, n)
          .set(Expected.N_PARAMETERS, p).set(Expected.DROPPED_TERMS, String.join(",", dropped))
          .build());
    }
    return spark.createDataFrame(rows, COEFFICIENTS_SCHEMA);
  }
}
