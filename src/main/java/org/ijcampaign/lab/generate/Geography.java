package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.schema.Apl;
import org.ijcampaign.schema.IrisIndicators;

/**
 * Where GPs practise: IRIS with their indicators and latent fragility, and the APL of each
 * commune and year. Either synthetic ({@link #synthetic}), with the real code shapes — the 18
 * INSEE regions and 101 départements, communes {@code dep + 3 digits} (overseas
 * {@code 97x + 2 digits}, Corsica {@code 2A}/{@code 2B}), communes not split into IRIS whose
 * single IRIS is {@code commune + 0000} — or the real national geography handed over by the
 * reference tables ({@link #fromReference}).
 *
 * <p>{@code iris} has the columns of {@code iris_indicators.csv} (typed) plus {@link #FRAGILITY}
 * (a latent standard score: poorer is higher), {@link #WEIGHT} (where GPs settle: population)
 * and {@link #APL_LATEST} (the commune's APL of its latest year, null if unknown). {@code apl}
 * has the columns of {@code apl.csv}.
 */
public record Geography(Dataset<Row> iris, Dataset<Row> apl) {
  public static final String FRAGILITY = "fragility";
  public static final String WEIGHT = "weight";
  public static final String APL_LATEST = "apl_latest";

  private static final String DEP = "departement";
  private static final String REGION = "region";
  private static final String COMMUNES = "communes";
  private static final String COMMUNE_NO = "commune_no";
  private static final String COMMUNE_KEY = "commune_key";
  private static final String SPLIT = "split";
  private static final String IRIS_COUNT = "iris_count";
  private static final String IRIS_NO = "iris_no";
  private static final String COMMUNE_Z = "commune_z";
  private static final String APL_BASE = "apl_base";

  /** A département of the bundled list: code, region, population (sampling weight). */
  record Departement(String code, String region, long population) {
    boolean overseas() {
      return code.length() == 3;
    }
  }

  /** The 101 départements with their region and 2021 population (INSEE, bundled). */
  static List<Departement> departements() {
    String resource = "/org/ijcampaign/lab/generate/departements.csv";
    try (InputStream in = Geography.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<Departement> out = new ArrayList<>();
      boolean header = true;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        String[] f = line.split(";");
        out.add(new Departement(f[0], f[1], Long.parseLong(f[2])));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * How many synthetic communes each département gets: proportional to population (largest
   * remainders), at most 899 (99 overseas, whose commune numbers have two digits), and at least
   * one in Corse-du-Sud, Haute-Corse and La Réunion so that every code shape occurs.
   */
  static int[] communeCounts(List<Departement> deps, int total) {
    long population = deps.stream().mapToLong(Departement::population).sum();
    int[] counts = new int[deps.size()];
    double[] remainders = new double[deps.size()];
    int given = 0;
    for (int i = 0; i < deps.size(); i++) {
      double quota = total * (double) deps.get(i).population() / population;
      counts[i] = (int) Math.floor(quota);
      remainders[i] = quota - counts[i];
      given += counts[i];
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < deps.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.<Integer>comparingDouble(i -> -remainders[i])
        .thenComparing(i -> deps.get(i).code()));
    for (int k = 0; given < total && k < order.size(); k++, given++) {
      counts[order.get(k)]++;
    }
    for (int i = 0; i < deps.size(); i++) {
      Departement d = deps.get(i);
      counts[i] = Math.min(counts[i], d.overseas() ? 99 : 899);
      if (d.code().equals("2A") || d.code().equals("2B") || d.code().equals("974")) {
        counts[i] = Math.max(counts[i], 1);
      }
    }
    return counts;
  }

  /**
   * A synthetic geography for {@code spec}: about 0.4 communes per GP spread over the
   * départements by population, 15 % of them split into IRIS; a latent fragility per IRIS
   * (commune component plus IRIS component plus a regional offset) drives income, poverty,
   * unemployment, manual workers and single parents together; APL per commune and year is
   * lognormal, lower in rural (unsplit) and fragile communes, declining slowly.
   */
  public static Geography synthetic(SparkSession spark, GenerateSpec spec) {
    Draws d = new Draws(spec.seed());
    List<Departement> deps = departements();
    int total = Math.max(Calibration.MIN_COMMUNES,
        (int) Math.round(spec.gps() * Calibration.COMMUNES_PER_GP));
    int[] counts = communeCounts(deps, total);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < deps.size(); i++) {
      if (counts[i] > 0) {
        Departement dep = deps.get(i);
        rows.add(RowFactory.create(i, dep.code(), dep.region(), counts[i]));
      }
    }
    StructType schema = new StructType()
        .add("dep_no", DataTypes.IntegerType)
        .add(DEP, DataTypes.StringType)
        .add(REGION, DataTypes.StringType)
        .add(COMMUNES, DataTypes.IntegerType);
    Column regionOffset = lit(0.0);
    for (var e : new java.util.TreeMap<>(Calibration.REGION_FRAGILITY).entrySet()) {
      regionOffset = when(col(REGION).equalTo(e.getKey()), lit(e.getValue()))
          .otherwise(regionOffset);
    }
    Column overseas = length(col(DEP)).equalTo(3);
    Dataset<Row> communes = spark.createDataFrame(rows, schema)
        .withColumn(COMMUNE_NO, explode(sequence(lit(1), col(COMMUNES))))
        .withColumn(COMMUNE_KEY, col("dep_no").multiply(1000).plus(col(COMMUNE_NO)))
        .withColumn(IrisIndicators.COMMUNE_CODE, concat(col(DEP),
            when(overseas, lpad(col(COMMUNE_NO).cast("string"), 2, "0"))
                .otherwise(lpad(col(COMMUNE_NO).cast("string"), 3, "0"))))
        // Corse-du-Sud's first commune stays whole and Haute-Corse's is split, so both Corsican
        // IRIS shapes always occur.
        .withColumn(SPLIT, when(col(COMMUNE_NO).equalTo(1).and(col(DEP).equalTo("2A")), false)
            .when(col(COMMUNE_NO).equalTo(1).and(col(DEP).equalTo("2B")), true)
            .otherwise(d.bernoulli("commune.split", Calibration.SPLIT_COMMUNE_SHARE,
                col(COMMUNE_KEY))))
        .withColumn(IRIS_COUNT, when(col(SPLIT), least(lit(60), lit(2).plus(
            floor(exp(d.normal("commune.iris", col(COMMUNE_KEY)).multiply(0.9).plus(1.0)))
                .cast("int")))).otherwise(lit(1)))
        .withColumn(COMMUNE_Z, d.normal("commune.z", col(COMMUNE_KEY))
            .plus(regionOffset))
        // StrictMath, as Spark's own exp and log: the same bits on every CPU, so a seed's zone
        // has the bytes of its checked-in manifest everywhere (GeneratorTest).
        .withColumn(APL_BASE, exp(lit(StrictMath.log(Calibration.APL_MEDIAN))
            .plus(when(col(SPLIT), 0.0).otherwise(Calibration.APL_RURAL_LOG_SHIFT))
            .minus(col(COMMUNE_Z).multiply(0.10))
            .plus(when(overseas, -0.35).otherwise(0.0))
            .plus(d.normal("commune.apl", col(COMMUNE_KEY)).multiply(Calibration.APL_LOG_SIGMA))));

    Column irisKey = col(COMMUNE_KEY).multiply(100).plus(col(IRIS_NO));
    Column z = when(col(SPLIT), col(COMMUNE_Z).multiply(0.6)
        .plus(d.normal("iris.z", irisKey).multiply(0.8)))
        .otherwise(col(COMMUNE_Z).plus(d.normal("iris.z", irisKey).multiply(0.2)));
    Column population = when(col(SPLIT),
        d.lognormal("iris.pop", Calibration.IRIS_POPULATION_MEDIAN, 0.35, irisKey))
        .otherwise(greatest(lit(30.0), least(lit(9_999.0),
            d.lognormal("iris.pop", Calibration.UNSPLIT_POPULATION_MEDIAN, 1.0, irisKey))));
    Column secret = col(IrisIndicators.POPULATION).lt(Calibration.SECRET_POPULATION);
    Dataset<Row> iris = communes
        .withColumn(IRIS_NO, explode(sequence(lit(0), col(IRIS_COUNT).minus(1))))
        .withColumn(IrisIndicators.IRIS_CODE, concat(col(IrisIndicators.COMMUNE_CODE),
            when(col(SPLIT), lpad(col(IRIS_NO).plus(101).cast("string"), 4, "0"))
                .otherwise(lit("0000"))))
        .withColumn(FRAGILITY, z)
        .withColumn(IrisIndicators.POPULATION, round(population).cast("int"))
        .withColumn(IrisIndicators.MEDIAN_INCOME_EUR, when(secret, lit(null).cast("double"))
            .otherwise(round(exp(lit(StrictMath.log(23_000)).minus(col(FRAGILITY).multiply(0.22))
                .plus(d.normal("iris.income", irisKey).multiply(0.08))), 0)))
        .withColumn(IrisIndicators.POVERTY_RATE, when(secret, lit(null).cast("double"))
            .otherwise(indicator(d, "iris.poverty", irisKey, -1.85, 0.75, 0.15)))
        .withColumn(IrisIndicators.UNEMPLOYMENT_RATE,
            indicator(d, "iris.unemployment", irisKey, -2.35, 0.45, 0.15))
        .withColumn(IrisIndicators.MANUAL_WORKER_SHARE,
            indicator(d, "iris.manual", irisKey, -1.45, 0.35, 0.30))
        .withColumn(IrisIndicators.SINGLE_PARENT_SHARE,
            indicator(d, "iris.single_parent", irisKey, -2.2, 0.40, 0.20))
        .withColumn(IrisIndicators.REGION_CODE, col(REGION))
        .withColumn(WEIGHT, col(IrisIndicators.POPULATION).cast("double"))
        .withColumn(APL_LATEST, round(aplOfYear(d, spec.lastYear(), spec.firstYear()), 3));

    Dataset<Row> apl = communes
        .withColumn(Apl.YEAR, explode(sequence(lit(spec.firstYear()), lit(spec.lastYear()))))
        .withColumn(Apl.APL, round(aplOfYear(d, col(Apl.YEAR), spec.firstYear()), 3))
        .withColumn(Apl.ZONING, zoning(col(Apl.APL)))
        .select(col(IrisIndicators.COMMUNE_CODE).as(Apl.COMMUNE_CODE), col(Apl.YEAR),
            col(Apl.APL), col(Apl.ZONING));
    return new Geography(iris.select(irisColumns()), apl);
  }

  private static Column indicator(Draws d, String salt, Column key, double intercept,
      double slope, double noise) {
    return round(Draws.logistic(col(FRAGILITY).multiply(slope).plus(intercept)
        .plus(d.normal(salt, key).multiply(noise))), 4);
  }

  private static Column aplOfYear(Draws d, int year, int firstYear) {
    return aplOfYear(d, lit(year), firstYear);
  }

  private static Column aplOfYear(Draws d, Column year, int firstYear) {
    Column drift = exp(year.minus(firstYear).multiply(Calibration.APL_TREND)
        .plus(d.normal("commune.apl.year", col(COMMUNE_KEY), year).multiply(0.04)));
    return least(lit(9.0), greatest(lit(0.2), col(APL_BASE).multiply(drift)));
  }

  /** The documented zoning proxy derived from APL (see {@link Calibration#ZIP_BELOW}). */
  static Column zoning(Column apl) {
    return when(apl.lt(Calibration.ZIP_BELOW), lit("ZIP"))
        .when(apl.lt(Calibration.ZAC_BELOW), lit("ZAC")).otherwise(lit("NONE"));
  }

  private static Column[] irisColumns() {
    return new Column[] {col(IrisIndicators.IRIS_CODE), col(IrisIndicators.COMMUNE_CODE),
        col(IrisIndicators.REGION_CODE), col(IrisIndicators.POPULATION),
        col(IrisIndicators.MEDIAN_INCOME_EUR), col(IrisIndicators.POVERTY_RATE),
        col(IrisIndicators.UNEMPLOYMENT_RATE), col(IrisIndicators.MANUAL_WORKER_SHARE),
        col(IrisIndicators.SINGLE_PARENT_SHARE), col(FRAGILITY), col(WEIGHT), col(APL_LATEST)};
  }

  /**
   * The real geography: the reference tables' IRIS indicators and APL (contract columns), with
   * a latent fragility computed from the indicators (mean of the available standardised
   * poverty, unemployment, manual-worker and single-parent shares and minus log income) and
   * the population as settlement weight.
   */
  public static Geography fromReference(Dataset<Row> irisIndicators, Dataset<Row> apl) {
    Dataset<Row> typed = irisIndicators.select(
        col(IrisIndicators.IRIS_CODE).cast("string").as(IrisIndicators.IRIS_CODE),
        col(IrisIndicators.COMMUNE_CODE).cast("string").as(IrisIndicators.COMMUNE_CODE),
        col(IrisIndicators.REGION_CODE).cast("string").as(IrisIndicators.REGION_CODE),
        col(IrisIndicators.POPULATION).cast("int").as(IrisIndicators.POPULATION),
        col(IrisIndicators.MEDIAN_INCOME_EUR).cast("double").as(IrisIndicators.MEDIAN_INCOME_EUR),
        col(IrisIndicators.POVERTY_RATE).cast("double").as(IrisIndicators.POVERTY_RATE),
        col(IrisIndicators.UNEMPLOYMENT_RATE).cast("double").as(IrisIndicators.UNEMPLOYMENT_RATE),
        col(IrisIndicators.MANUAL_WORKER_SHARE).cast("double")
            .as(IrisIndicators.MANUAL_WORKER_SHARE),
        col(IrisIndicators.SINGLE_PARENT_SHARE).cast("double")
            .as(IrisIndicators.SINGLE_PARENT_SHARE));
    Dataset<Row> aplTyped = apl.select(
        col(Apl.COMMUNE_CODE).cast("string").as(Apl.COMMUNE_CODE),
        col(Apl.YEAR).cast("int").as(Apl.YEAR),
        col(Apl.APL).cast("double").as(Apl.APL),
        col(Apl.ZONING).cast("string").as(Apl.ZONING));
    Column logIncome = log(col(IrisIndicators.MEDIAN_INCOME_EUR)).multiply(-1);
    Column[] parts = {col(IrisIndicators.POVERTY_RATE), col(IrisIndicators.UNEMPLOYMENT_RATE),
        col(IrisIndicators.MANUAL_WORKER_SHARE), col(IrisIndicators.SINGLE_PARENT_SHARE),
        logIncome};
    List<Column> stats = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      stats.add(org.apache.spark.sql.functions.avg(parts[i]).as("_mean" + i));
      stats.add(org.apache.spark.sql.functions.stddev_samp(parts[i]).as("_sd" + i));
    }
    // Five means and standard deviations of the national table: a handful of numbers.
    Row s = typed.agg(stats.get(0), stats.subList(1, stats.size()).toArray(new Column[0]))
        .head();
    Column sum = lit(0.0);
    Column available = lit(0);
    for (int i = 0; i < parts.length; i++) {
      Double partMean = s.getAs("_mean" + i);
      Double partSd = s.getAs("_sd" + i);
      double mean = partMean == null ? 0 : partMean;
      double sd = partSd == null || partSd == 0 ? 1 : partSd;
      Column std = parts[i].minus(mean).divide(sd);
      sum = sum.plus(coalesce(std, lit(0.0)));
      available = available.plus(when(std.isNull(), 0).otherwise(1));
    }
    Dataset<Row> latest = aplTyped.groupBy(col(Apl.COMMUNE_CODE))
        .agg(max(org.apache.spark.sql.functions.struct(col(Apl.YEAR), col(Apl.APL))).as("l"))
        .select(col(Apl.COMMUNE_CODE).as("latest_commune"),
            col("l." + Apl.APL).as(APL_LATEST));
    Dataset<Row> iris = typed
        .withColumn(FRAGILITY, when(available.equalTo(0), lit(0.0))
            .otherwise(sum.divide(available)))
        .withColumn(WEIGHT, coalesce(col(IrisIndicators.POPULATION), lit(0)).cast("double"))
        .join(latest, col(IrisIndicators.COMMUNE_CODE).equalTo(col("latest_commune")), "left")
        .select(irisColumns());
    return new Geography(iris, aplTyped);
  }

  /** The same geography computed once, its lineage cut (it is read by several jobs). */
  public Geography checkpointed() {
    return new Geography(iris.localCheckpoint(), apl.localCheckpoint());
  }

  /** A numeric key of an IRIS for draws that belong to it (its code hashed). */
  static Column irisKey() {
    return xxhash64(col(IrisIndicators.IRIS_CODE));
  }
}
