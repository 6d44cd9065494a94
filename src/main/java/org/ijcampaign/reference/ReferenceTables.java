package org.ijcampaign.reference;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.median;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.ijcampaign.reference.PublishedFiles.ACTIVE;
import static org.ijcampaign.reference.PublishedFiles.CENSUS_POPULATION;
import static org.ijcampaign.reference.PublishedFiles.DEPARTEMENT_CODE;
import static org.ijcampaign.reference.PublishedFiles.LEGAL_POPULATION;
import static org.ijcampaign.reference.PublishedFiles.MANUAL_WORKERS;
import static org.ijcampaign.reference.PublishedFiles.PARENT_CODE;
import static org.ijcampaign.reference.PublishedFiles.PEOPLE_15_PLUS;
import static org.ijcampaign.reference.PublishedFiles.UNEMPLOYED;
import static org.ijcampaign.reference.PublishedFiles.departementOf;
import static org.ijcampaign.schema.IrisIndicators.COMMUNE_CODE;
import static org.ijcampaign.schema.IrisIndicators.IRIS_CODE;
import static org.ijcampaign.schema.IrisIndicators.MANUAL_WORKER_SHARE;
import static org.ijcampaign.schema.IrisIndicators.MEDIAN_INCOME_EUR;
import static org.ijcampaign.schema.IrisIndicators.POPULATION;
import static org.ijcampaign.schema.IrisIndicators.POVERTY_RATE;
import static org.ijcampaign.schema.IrisIndicators.SINGLE_PARENT_SHARE;
import static org.ijcampaign.schema.IrisIndicators.UNEMPLOYMENT_RATE;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;
import org.ijcampaign.schema.Apl;
import org.ijcampaign.schema.LandingContract;

/**
 * Builds the landing zone's two reference tables, {@code iris_indicators} and {@code apl}
 * ({@link LandingContract#IRIS_INDICATORS}, {@link LandingContract#APL}: same columns, order,
 * types and value rules), from the public INSEE and DREES files as published, in a folder laid
 * out like {@code shared/reference} ({@code insee/…}, {@code drees/…}; see
 * {@link PublishedFiles} for the files and their quirks).
 *
 * <p><b>iris_indicators</b>: one row per IRIS of the 2023 IRIS table, all of France in it
 * (Corsica, overseas, Mayotte, non-split communes as their single {@code …0000} IRIS). The
 * commune and region are the IRIS table's. Each indicator takes the first available figure of
 * a fixed chain; the {@code coverage} table counts the IRIS served by each link:
 * <ul>
 *   <li>{@code population}: the IRIS's 2016 census population (sum of its age bands, rounded);
 *       else the commune's 2021 legal population minus what the census already gives its other
 *       IRIS (never below 0), shared equally among its IRIS without a census figure — for a
 *       non-split commune, its legal population; PLM IRIS use their arrondissement's. Else 0:
 *       the column is required, and Mayotte has no population in these files. Commune totals
 *       thus match the legal population where the census does not exceed it, but the activity
 *       and other IRIS of a split commune (the census rows cover residential IRIS only) also
 *       receive the commune's growth from 2016 to 2021: their population is overstated.
 *   <li>{@code median_income_eur}: Filosofi 2021 median declared income per consumption unit
 *       of the IRIS; else the median of the IRIS medians of its commune (when some are
 *       published); else of its département. Rounded to the euro.
 *   <li>{@code poverty_rate}: Filosofi 2019 poverty rate (60 % of median disposable income)
 *       of the IRIS, percent / 100; else the commune's, else the département's median of IRIS
 *       rates. Rounded to 4 decimals, like all fractions here.
 *   <li>{@code unemployment_rate}: the commune's unemployed / active aged 15–64 (2021,
 *       communes comparateur); else that of the commune it was merged into (COG 2024 parent:
 *       the 2024 mergers); else the département's (sum over sum).
 *   <li>{@code manual_worker_share}: 2016 census manual workers (CS6) / people aged 15+ with a
 *       category (CS1–CS8, retired and other inactive included) of the IRIS; else the same
 *       ratio of sums over its commune's census IRIS; else over its département's.
 *   <li>{@code single_parent_share}: none of these files describes families: always null (the
 *       contract allows it). No proxy is invented.
 * </ul>
 * Filosofi and the census by IRIS cover split communes only (a third of the IRIS, 60 % of the
 * population): the IRIS of non-split communes get département figures for
 * income, poverty and manual workers, and those figures describe the département's split —
 * mostly urban — communes. They are a fallback for clustering, not a measure of rural IRIS.
 *
 * <p><b>apl</b>: one row per commune and year. Every row of the DREES APL files, as published
 * (the year is the data's {@code annee}); plus, for each commune of the IRIS table that has no
 * APL in a year, the APL of the commune it now belongs to (COG 2024 delegated, associated or
 * arrondissement parent), so that every IRIS's commune has an APL wherever one exists. The
 * {@code zoning} is a proxy: there is no national file of the ARS zoning, so APL below
 * {@value #ZIP_BELOW} is read as {@code ZIP} (the usual under-served line), below
 * {@value #ZAC_BELOW} as {@code ZAC}, else {@code NONE}. It is not the ARS zoning.
 *
 * <p><b>coverage</b>: {@code indicator, source, iris_count}, how many IRIS got each indicator
 * from which link of its chain ({@value #NONE} = no figure), and for each APL year
 * ({@code apl_2023}) how many IRIS's commune has an APL directly or through its parent.
 *
 * <p>Pure Spark SQL; nothing is collected. The wide intermediate tables are persisted because
 * the three results are built from them.
 */
public final class ReferenceTables {
  private ReferenceTables() {}

  /** The two landing tables, in contract form, and the coverage of their sources. */
  public record Result(Dataset<Row> irisIndicators, Dataset<Row> apl, Dataset<Row> coverage) {}

  /** Columns of the coverage table. */
  public static final String INDICATOR = "indicator";
  public static final String SOURCE = "source";
  public static final String IRIS_COUNT = "iris_count";

  /** Zoning proxy: APL strictly below this is {@code ZIP}. */
  public static final double ZIP_BELOW = 2.5;
  /** Zoning proxy: APL from {@link #ZIP_BELOW} and strictly below this is {@code ZAC}. */
  public static final double ZAC_BELOW = 4.0;

  // Sources, as named in the coverage table, in the order each chain tries them.
  public static final String CENSUS_IRIS = "rp2016_iris";
  public static final String LEGAL_POPULATION_SPREAD = "legal_population_2021_commune";
  public static final String FILOSOFI_IRIS = "filosofi_iris";
  public static final String COMMUNE_MEDIAN_OF_IRIS = "commune_median_of_iris";
  public static final String DEPARTEMENT_MEDIAN_OF_IRIS = "departement_median_of_iris";
  public static final String COMPARATEUR_COMMUNE = "comparateur2021_commune";
  public static final String COMPARATEUR_PARENT = "comparateur2021_parent_commune";
  public static final String COMPARATEUR_DEPARTEMENT = "comparateur2021_departement";
  public static final String CENSUS_COMMUNE = "rp2016_commune";
  public static final String CENSUS_DEPARTEMENT = "rp2016_departement";
  public static final String DREES_COMMUNE = "drees_commune";
  public static final String DREES_PARENT = "drees_parent_commune";
  public static final String NONE = "none";

  private record Chain(String indicator, List<String> sources) {}

  /** The IRIS indicators in contract order with their sources in the order they are tried. */
  private static final List<Chain> CHAINS = List.of(
      new Chain(POPULATION, List.of(CENSUS_IRIS, LEGAL_POPULATION_SPREAD)),
      new Chain(MEDIAN_INCOME_EUR,
          List.of(FILOSOFI_IRIS, COMMUNE_MEDIAN_OF_IRIS, DEPARTEMENT_MEDIAN_OF_IRIS)),
      new Chain(POVERTY_RATE,
          List.of(FILOSOFI_IRIS, COMMUNE_MEDIAN_OF_IRIS, DEPARTEMENT_MEDIAN_OF_IRIS)),
      new Chain(UNEMPLOYMENT_RATE,
          List.of(COMPARATEUR_COMMUNE, COMPARATEUR_PARENT, COMPARATEUR_DEPARTEMENT)),
      new Chain(MANUAL_WORKER_SHARE, List.of(CENSUS_IRIS, CENSUS_COMMUNE, CENSUS_DEPARTEMENT)),
      new Chain(SINGLE_PARENT_SHARE, List.of()));

  private static final Chain APL_CHAIN = new Chain(Apl.APL, List.of(DREES_COMMUNE, DREES_PARENT));

  // Working columns.
  private static final String IRIS_INCOME = "iris_median_income";
  private static final String IRIS_POVERTY = "iris_poverty_rate";
  private static final String IRIS_MANUAL = "iris_manual_worker_share";
  private static final String COMMUNE_PREFIX = "commune_";
  private static final String DEPARTEMENT_PREFIX = "departement_";
  private static final String COMMUNE_UNEMPLOYMENT = "commune_unemployment_rate";
  private static final String PARENT_UNEMPLOYMENT = "parent_unemployment_rate";
  private static final String DEPARTEMENT_UNEMPLOYMENT = "departement_unemployment_rate";
  private static final String SPREAD_POPULATION = "spread_population";

  /** Reads the published files under {@code referenceDir} and builds the tables. */
  public static Result build(SparkSession spark, String referenceDir) {
    PublishedFiles files = new PublishedFiles(spark, referenceDir);
    // Inputs used by several branches of the plan are parsed once.
    Dataset<Row> iris = files.iris().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> parents = files.communeParents().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> published = files.apl().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> employment = files.employment().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> wide = irisIndicators(iris, parents, files.legalPopulation(),
        files.medianIncome(), files.povertyRate(), files.census(), employment)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> apl = apl(published, iris, parents).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> irisIndicators = wide.select(columns(LandingContract.IRIS_INDICATORS))
        .orderBy(IRIS_CODE);
    Dataset<Row> aplTable = apl.select(columns(LandingContract.APL))
        .orderBy(Apl.COMMUNE_CODE, Apl.YEAR);
    return new Result(irisIndicators, aplTable, coverage(wide, apl));
  }

  /**
   * Every IRIS with the contract's columns plus, per indicator, a {@code <indicator>_source}
   * column naming the link of its chain that gave the value.
   */
  static Dataset<Row> irisIndicators(Dataset<Row> iris, Dataset<Row> parents,
      Dataset<Row> legalPopulation, Dataset<Row> medianIncome, Dataset<Row> povertyRate,
      Dataset<Row> census, Dataset<Row> employment) {
    Dataset<Row> df = iris
        .join(medianIncome.withColumnRenamed(MEDIAN_INCOME_EUR, IRIS_INCOME), IRIS_CODE, "left")
        .join(povertyRate.withColumnRenamed(POVERTY_RATE, IRIS_POVERTY), IRIS_CODE, "left")
        .join(census, IRIS_CODE, "left")
        .withColumn(IRIS_MANUAL, ratio(col(MANUAL_WORKERS), col(PEOPLE_15_PLUS)));
    df = withAreaFigures(df, COMMUNE_CODE, COMMUNE_PREFIX);
    df = withAreaFigures(df, DEPARTEMENT_CODE, DEPARTEMENT_PREFIX);
    df = withUnemployment(df, parents, employment);
    df = withSpreadPopulation(df, legalPopulation);

    df = firstOf(df, chain(POPULATION),
        round(col(CENSUS_POPULATION), 0).cast("int"), col(SPREAD_POPULATION));
    // The contract requires a population: an IRIS without any figure counts 0 inhabitants.
    df = df.withColumn(POPULATION, coalesce(col(POPULATION), lit(0)));
    df = firstOf(df, chain(MEDIAN_INCOME_EUR), col(IRIS_INCOME),
        col(COMMUNE_PREFIX + IRIS_INCOME), col(DEPARTEMENT_PREFIX + IRIS_INCOME));
    df = firstOf(df, chain(POVERTY_RATE), col(IRIS_POVERTY),
        col(COMMUNE_PREFIX + IRIS_POVERTY), col(DEPARTEMENT_PREFIX + IRIS_POVERTY));
    df = firstOf(df, chain(UNEMPLOYMENT_RATE), col(COMMUNE_UNEMPLOYMENT),
        col(PARENT_UNEMPLOYMENT), col(DEPARTEMENT_UNEMPLOYMENT));
    df = firstOf(df, chain(MANUAL_WORKER_SHARE), col(IRIS_MANUAL),
        col(COMMUNE_PREFIX + IRIS_MANUAL), col(DEPARTEMENT_PREFIX + IRIS_MANUAL));
    df = firstOf(df, chain(SINGLE_PARENT_SHARE));

    List<Column> out = new ArrayList<>(List.of(columns(LandingContract.IRIS_INDICATORS)));
    CHAINS.forEach(c -> out.add(col(sourceOf(c.indicator()))));
    return df.select(out.toArray(Column[]::new))
        // Whole euros and four decimals are finer than the sources' own precision.
        .withColumn(MEDIAN_INCOME_EUR, round(col(MEDIAN_INCOME_EUR), 0))
        .withColumn(POVERTY_RATE, round(col(POVERTY_RATE), 4))
        .withColumn(UNEMPLOYMENT_RATE, round(col(UNEMPLOYMENT_RATE), 4))
        .withColumn(MANUAL_WORKER_SHARE, round(col(MANUAL_WORKER_SHARE), 4));
  }

  /**
   * The commune's or département's fallback figures, from the IRIS of that area that have
   * one: medians of the published IRIS medians and rates (a median of medians, not the area's
   * true median: the files hold no better), and the census ratio of sums. Window aggregates,
   * so that the IRIS rows are not joined back to an aggregate of themselves.
   */
  private static Dataset<Row> withAreaFigures(Dataset<Row> df, String area, String prefix) {
    WindowSpec inArea = Window.partitionBy(area);
    return df
        .withColumn(prefix + IRIS_INCOME, median(col(IRIS_INCOME)).over(inArea))
        .withColumn(prefix + IRIS_POVERTY, median(col(IRIS_POVERTY)).over(inArea))
        .withColumn(prefix + IRIS_MANUAL, ratio(sum(col(MANUAL_WORKERS)).over(inArea),
            sum(col(PEOPLE_15_PLUS)).over(inArea)));
  }

  /**
   * Unemployment of the IRIS's commune; of its parent commune for the communes merged since
   * the IRIS table's vintage (the comparateur has the 2024 geography, the IRIS table 2023's);
   * of its département. Communes without actives (uninhabited ones) have no rate.
   */
  private static Dataset<Row> withUnemployment(Dataset<Row> df, Dataset<Row> parents,
      Dataset<Row> employment) {
    Column valid = col(ACTIVE).gt(0).and(col(UNEMPLOYED).between(0, col(ACTIVE)));
    Dataset<Row> valid15to64 = employment.where(valid);
    Dataset<Row> rates = valid15to64.select(col(COMMUNE_CODE),
        col(UNEMPLOYED).divide(col(ACTIVE)).as(COMMUNE_UNEMPLOYMENT));
    Dataset<Row> parentRates = parents.join(rates
            .withColumnRenamed(COMMUNE_CODE, PARENT_CODE)
            .withColumnRenamed(COMMUNE_UNEMPLOYMENT, PARENT_UNEMPLOYMENT), PARENT_CODE)
        .select(COMMUNE_CODE, PARENT_UNEMPLOYMENT);
    Dataset<Row> departementRates = valid15to64
        .groupBy(departementOf(col(COMMUNE_CODE)).as(DEPARTEMENT_CODE))
        .agg(ratio(sum(col(UNEMPLOYED)), sum(col(ACTIVE))).as(DEPARTEMENT_UNEMPLOYMENT));
    return df.join(rates, COMMUNE_CODE, "left")
        .join(parentRates, COMMUNE_CODE, "left")
        .join(departementRates, DEPARTEMENT_CODE, "left");
  }

  /**
   * The legal population of the IRIS's commune left over by its census IRIS, shared among its
   * IRIS that have no census figure: integer shares that add up exactly to the remainder, the
   * first IRIS (by code) taking one more inhabitant until the division's remainder is used up.
   * Null for IRIS that have a census figure or whose commune has no legal population.
   */
  private static Dataset<Row> withSpreadPopulation(Dataset<Row> df, Dataset<Row> legal) {
    Column censusPopulation = round(col(CENSUS_POPULATION), 0);
    Column uncounted = col(CENSUS_POPULATION).isNull();
    WindowSpec commune = Window.partitionBy(COMMUNE_CODE);
    WindowSpec uncountedInCommune = Window.partitionBy(col(COMMUNE_CODE), uncounted)
        .orderBy(IRIS_CODE);
    Column counted = coalesce(sum(censusPopulation).over(commune), lit(0));
    Column uncountedIris = sum(when(uncounted, 1).otherwise(0)).over(commune);
    // Census 2016 and legal population 2021 differ in vintage: a negative remainder is 0.
    Column remainder = greatest(col(LEGAL_POPULATION).minus(counted), lit(0)).cast("long");
    Column legalKnown = col(LEGAL_POPULATION).isNotNull();
    Column share = floor(remainder.divide(uncountedIris))
        .plus(when(row_number().over(uncountedInCommune).leq(remainder.mod(uncountedIris)), 1)
            .otherwise(0));
    return df.join(legal, COMMUNE_CODE, "left")
        .withColumn(SPREAD_POPULATION, when(uncounted.and(legalKnown), share.cast("int")));
  }

  /**
   * The APL table with an {@code apl_source} column: the published rows, then each IRIS
   * commune lacking a year's APL given its parent commune's APL of that year.
   */
  static Dataset<Row> apl(Dataset<Row> published, Dataset<Row> iris, Dataset<Row> parents) {
    Dataset<Row> years = published.select(Apl.YEAR).distinct();
    Dataset<Row> lacking = iris.select(COMMUNE_CODE).distinct().crossJoin(years)
        .join(published, new String[] {Apl.COMMUNE_CODE, Apl.YEAR}, "left_anti");
    Dataset<Row> viaParent = lacking.join(parents, COMMUNE_CODE)
        .join(published.withColumnRenamed(Apl.COMMUNE_CODE, PARENT_CODE),
            new String[] {PARENT_CODE, Apl.YEAR})
        .select(col(Apl.COMMUNE_CODE), col(Apl.YEAR), col(Apl.APL), lit(DREES_PARENT).as(SOURCE));
    Column apl = col(Apl.APL);
    return published.withColumn(SOURCE, lit(DREES_COMMUNE))
        .unionByName(viaParent)
        .withColumn(Apl.ZONING, when(apl.lt(ZIP_BELOW), "ZIP").when(apl.lt(ZAC_BELOW), "ZAC")
            .otherwise("NONE"))
        .select(col(Apl.COMMUNE_CODE), col(Apl.YEAR), col(Apl.APL), col(Apl.ZONING),
            col(SOURCE).as(sourceOf(Apl.APL)));
  }

  /**
   * {@code indicator, source, iris_count}: the IRIS indicators in contract order, then APL by
   * year ({@code apl_2022}, …); within each, the sources in the order the chain tries them.
   * One aggregation over every IRIS × indicator (and IRIS × APL year) source label.
   */
  static Dataset<Row> coverage(Dataset<Row> wide, Dataset<Row> apl) {
    String family = "family";
    Column[] sourceColumns = CHAINS.stream()
        .map(c -> col(sourceOf(c.indicator())).as(c.indicator())).toArray(Column[]::new);
    Dataset<Row> irisSources = wide
        .unpivot(new Column[] {col(IRIS_CODE)}, sourceColumns, family, SOURCE)
        .select(col(family), lit(null).cast("int").as(Apl.YEAR), col(SOURCE));
    Dataset<Row> aplSources = wide.select(IRIS_CODE, COMMUNE_CODE)
        .crossJoin(apl.select(Apl.YEAR).distinct())
        .join(apl.select(col(Apl.COMMUNE_CODE), col(Apl.YEAR), col(sourceOf(Apl.APL))),
            new String[] {Apl.COMMUNE_CODE, Apl.YEAR}, "left")
        .select(lit(Apl.APL).as(family), col(Apl.YEAR),
            coalesce(col(sourceOf(Apl.APL)), lit(NONE)).as(SOURCE));

    List<Chain> chains = new ArrayList<>(CHAINS);
    chains.add(APL_CHAIN);
    Column familyOrder = lit(chains.size());
    Column sourceOrder = lit(Integer.MAX_VALUE);
    for (int i = chains.size() - 1; i >= 0; i--) {
      Chain chain = chains.get(i);
      Column inChain = col(family).equalTo(chain.indicator());
      familyOrder = when(inChain, i).otherwise(familyOrder);
      for (int j = chain.sources().size() - 1; j >= 0; j--) {
        sourceOrder = when(inChain.and(col(SOURCE).equalTo(chain.sources().get(j))), j)
            .otherwise(sourceOrder);
      }
    }
    Column indicator = when(col(Apl.YEAR).isNull(), col(family))
        .otherwise(concat(col(family), lit("_"), col(Apl.YEAR).cast("string")));
    return irisSources.unionByName(aplSources)
        .groupBy(col(family), col(Apl.YEAR), col(SOURCE)).count()
        // The none rows sort last: they match no source of any chain.
        .orderBy(familyOrder, col(Apl.YEAR), sourceOrder)
        .select(indicator.as(INDICATOR), col(SOURCE), col("count").as(IRIS_COUNT));
  }

  /**
   * Adds the chain's indicator column = the first non-null of {@code values} (one per source
   * of the chain, same order) and {@code <indicator>_source} = that source's name, or
   * {@value #NONE} when all are null.
   */
  private static Dataset<Row> firstOf(Dataset<Row> df, Chain chain, Column... values) {
    String indicator = chain.indicator();
    if (values.length != chain.sources().size()) {
      throw new IllegalArgumentException(indicator + ": one value per source");
    }
    Column value = values.length == 0 ? lit(null).cast("double") : coalesce(values);
    Column source = lit(NONE);
    for (int i = values.length - 1; i >= 0; i--) {
      source = when(values[i].isNotNull(), chain.sources().get(i)).otherwise(source);
    }
    return df.withColumn(indicator, value).withColumn(sourceOf(indicator), source);
  }

  /** Numerator / denominator, null unless the denominator is positive. */
  private static Column ratio(Column numerator, Column denominator) {
    return when(denominator.gt(0), numerator.divide(denominator));
  }

  private static String sourceOf(String indicator) {
    return indicator + "_source";
  }

  private static Column[] columns(LandingContract.LandingFile file) {
    return file.columnNames().stream().map(org.apache.spark.sql.functions::col)
        .toArray(Column[]::new);
  }

  private static Chain chain(String indicator) {
    return CHAINS.stream().filter(c -> c.indicator().equals(indicator)).findFirst()
        .orElseThrow();
  }
}
