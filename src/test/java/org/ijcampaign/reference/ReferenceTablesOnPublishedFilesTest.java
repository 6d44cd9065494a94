package org.ijcampaign.reference;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.substring;

import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.schema.Apl;
import org.ijcampaign.schema.ContractChecks;
import org.ijcampaign.schema.IrisIndicators;
import org.ijcampaign.schema.LandingContract;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The reference tables built from the real INSEE and DREES files, expected beside the clone in
 * {@code ../shared/reference} (as on CI): the whole of France, every value within the landing
 * contract, and the coverage the sources allow.
 */
class ReferenceTablesOnPublishedFilesTest extends SparkTestBase {
  private static final String REFERENCE = "../shared/reference";

  /** Built once for the class: the national build is the slow part. */
  private static ReferenceTables.Result result;
  private static Map<String, Map<String, Long>> coverage;

  private ReferenceTables.Result result() {
    if (result == null) {
      Assertions.assertTrue(new File(REFERENCE, PublishedFiles.IRIS_FILE).isFile(),
          "the published reference files are expected in " + new File(REFERENCE)
              .getAbsolutePath());
      result = ReferenceTables.build(spark(), REFERENCE);
      coverage = new HashMap<>();
      for (Row r : result.coverage().collectAsList()) {
        coverage.computeIfAbsent(r.getString(0), k -> new HashMap<>())
            .put(r.getString(1), r.getLong(2));
      }
    }
    return result;
  }

  /** The share of all IRIS that got {@code indicator} from one of {@code sources}. */
  private double share(String indicator, List<String> sources) {
    result();
    Map<String, Long> counts = coverage.get(indicator);
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    long served = sources.stream().mapToLong(s -> counts.getOrDefault(s, 0L)).sum();
    return (double) served / total;
  }

  private double served(String indicator) {
    result();
    Map<String, Long> counts = coverage.get(indicator);
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    return 1.0 - (double) counts.getOrDefault(ReferenceTables.NONE, 0L) / total;
  }

  @Test
  void hasOneRowPerIrisOfTheIrisTableAndNoOther() {
    // Given the published IRIS table, read here on its own
    Dataset<Row> published = spark().read().option("header", "true")
        .csv(REFERENCE + "/" + PublishedFiles.IRIS_FILE).select(col("CODE_IRIS"));

    // When the national tables are built
    Dataset<Row> codes = result().irisIndicators().select(col(IrisIndicators.IRIS_CODE));

    // Then the codes are the same set, each once (49,404 in the 2023 table)
    Assertions.assertEquals(published.count(), codes.count());
    Assertions.assertEquals(codes.count(), codes.distinct().count());
    Assertions.assertEquals(0, published.except(codes).count());
    Assertions.assertEquals(0, codes.except(published).count());
  }

  @Test
  void keepsEveryValueWithinTheLandingContract() {
    // Given / When the national tables
    // Then no column of either table breaks its rule, keys are unique, and each IRIS's commune
    // is its code's first five characters
    Map<String, Long> none = new HashMap<>();
    LandingContract.IRIS_INDICATORS.columnNames().forEach(c -> none.put(c, 0L));
    Assertions.assertEquals(none,
        ContractChecks.violations(result().irisIndicators(), LandingContract.IRIS_INDICATORS));
    Map<String, Long> noneApl = new HashMap<>();
    LandingContract.APL.columnNames().forEach(c -> noneApl.put(c, 0L));
    Assertions.assertEquals(noneApl,
        ContractChecks.violations(result().apl(), LandingContract.APL));

    Dataset<Row> apl = result().apl();
    Assertions.assertEquals(apl.count(),
        apl.select(Apl.COMMUNE_CODE, Apl.YEAR).distinct().count());
    Assertions.assertEquals(0, result().irisIndicators()
        .where(substring(col(IrisIndicators.IRIS_CODE), 1, 5)
            .notEqual(col(IrisIndicators.COMMUNE_CODE))).count());
  }

  @Test
  void coversTheIrisAsFarAsThePublishedSourcesAllow() {
    // Given / When the national coverage
    // Then APL and unemployment reach nearly every IRIS's commune (all of France but Mayotte,
    // uninhabited communes and two communes merged in 2024 without a known parent)
    for (String year : List.of("apl_2022", "apl_2023")) {
      Assertions.assertTrue(served(year) >= 0.99, year + " " + served(year));
    }
    Assertions.assertTrue(served(IrisIndicators.UNEMPLOYMENT_RATE) >= 0.99);
    // population: census or legal population for all but Mayotte
    Assertions.assertTrue(served(IrisIndicators.POPULATION) >= 0.99);
    // IRIS-level Filosofi and census figures exist for split communes only: a share of the
    // IRIS, the rest is served by commune and département fallbacks
    double incomeAtIris = share(IrisIndicators.MEDIAN_INCOME_EUR,
        List.of(ReferenceTables.FILOSOFI_IRIS));
    Assertions.assertTrue(incomeAtIris > 0.25 && incomeAtIris < 0.35, "" + incomeAtIris);
    double manualAtIris = share(IrisIndicators.MANUAL_WORKER_SHARE,
        List.of(ReferenceTables.CENSUS_IRIS));
    Assertions.assertTrue(manualAtIris > 0.25 && manualAtIris < 0.35, "" + manualAtIris);
    for (String indicator : List.of(IrisIndicators.MEDIAN_INCOME_EUR,
        IrisIndicators.POVERTY_RATE, IrisIndicators.MANUAL_WORKER_SHARE)) {
      Assertions.assertTrue(served(indicator) >= 0.99, indicator + " " + served(indicator));
    }
    // no public source describes single-parent families
    Assertions.assertEquals(0.0, served(IrisIndicators.SINGLE_PARENT_SHARE));
  }
}
