package org.ijcampaign.reference;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.io.InputError;
import org.ijcampaign.schema.Apl;
import org.ijcampaign.schema.IrisIndicators;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The reference tables built from {@link ReferenceFixture}: every expected row by hand. */
class ReferenceTablesTest extends SparkTestBase {

  /** Built once: the fixture is read-only and every test looks at the same result. */
  private static ReferenceTables.Result result;

  private ReferenceTables.Result result() {
    if (result == null) {
      Path dir = ReferenceFixture.write(tempDir("reference-fixture"));
      result = ReferenceTables.build(spark(), dir.toString());
    }
    return result;
  }

  private static List<String> lines(Dataset<Row> df) {
    return df.collectAsList().stream().map(r -> r.mkString(";")).toList();
  }

  @Test
  void givesEveryIrisItsIndicatorsFromTheFirstSourceOfItsChain() {
    // Given the fixture's eleven IRIS (see ReferenceFixture for the story of each)
    // When the reference tables are built
    Dataset<Row> iris = result().irisIndicators();

    // Then each IRIS has one row, in code order:
    // iris;commune;region;population;median income;poverty;unemployment;manual;single parent
    Assertions.assertEquals(List.of(
        // non-split: legal population; département medians (01); commune unemployment
        "010010000;01001;84;832;19915.0;0.205;0.1;0.26;null",
        // every IRIS figure published
        "010040101;01004;84;1000;19330.0;0.205;0.12;0.2;null",
        // secret income: median of the commune's IRIS medians (19330, 20500)
        "010040102;01004;84;2000;19915.0;0.26;0.12;0.3;null",
        // no census: 1001 of the 2001 left by 5001 - 1000 - 2000; blank income and a poverty
        // cell above 100 replaced by commune medians; commune census ratio 650 / 2500
        "010040103;01004;84;1001;19915.0;0.205;0.12;0.26;null",
        "010040104;01004;84;1000;20500.0;0.104;0.12;0.26;null",
        // no IRIS-level source in département 08: nothing to fall back on
        "080530000;08053;44;2400;null;null;0.125;null;null",
        // merged into 08053 in 2024: its unemployment
        "082940000;08294;44;140;null;null;0.125;null;null",
        // merged, parent unknown: unemployment of département 18 (30 / 200)
        "181310000;18131;24;34;null;null;0.15;null;null",
        // Corsica: decimal comma 22000,4; unstripped poverty code
        "2A0040101;2A004;94;1200;22000.0;0.24;0.09;0.1;null",
        // Paris arrondissement: its own comparateur (ARM) row
        "751010101;75101;11;15000;40000.0;0.085;0.08;0.04;null",
        // Mayotte: no figure anywhere, population 0 as the contract requires one
        "976010100;97601;06;0;null;null;null;null;null"), lines(iris));
  }

  @Test
  void typesAndNamesTheColumnsAsTheLandingContract() {
    // Given / When the reference tables of the fixture
    // Then both have the contract's columns, in its order, typed
    Assertions.assertEquals(new StructType()
        .add(IrisIndicators.IRIS_CODE, DataTypes.StringType)
        .add(IrisIndicators.COMMUNE_CODE, DataTypes.StringType)
        .add(IrisIndicators.REGION_CODE, DataTypes.StringType)
        .add(IrisIndicators.POPULATION, DataTypes.IntegerType, false)
        .add(IrisIndicators.MEDIAN_INCOME_EUR, DataTypes.DoubleType)
        .add(IrisIndicators.POVERTY_RATE, DataTypes.DoubleType)
        .add(IrisIndicators.UNEMPLOYMENT_RATE, DataTypes.DoubleType)
        .add(IrisIndicators.MANUAL_WORKER_SHARE, DataTypes.DoubleType)
        .add(IrisIndicators.SINGLE_PARENT_SHARE, DataTypes.DoubleType)
        .toString(), result().irisIndicators().schema().toString());
    Assertions.assertEquals(List.of(Apl.COMMUNE_CODE, Apl.YEAR, Apl.APL, Apl.ZONING),
        List.of(result().apl().columns()));
    Assertions.assertEquals(
        List.of(DataTypes.StringType, DataTypes.IntegerType, DataTypes.DoubleType,
            DataTypes.StringType),
        List.of(result().apl().schema().fields()).stream().map(f -> f.dataType()).toList());
  }

  @Test
  void keepsEveryPublishedAplAndLendsTheParentsToCommunesMergedSince() {
    // Given APL files of 2022 (2023 geography) and 2023 (2024 geography)
    // When the APL table is built
    // Then every published row is there (60694 too, outside the IRIS table), 08294 gets its
    // parent 08053's 2023 APL, 18131 (no known parent) keeps 2022 only, and the zoning proxy
    // cuts at 2.5 (ZIP below) and 4.0 (ZAC below)
    Assertions.assertEquals(List.of(
        "01001;2022;1.89;ZIP",
        "01001;2023;1.942;ZIP",
        "01004;2022;3.2;ZAC",
        "01004;2023;3.1;ZAC",
        "08053;2022;2.5;ZAC",
        "08053;2023;2.2;ZIP",
        "08294;2022;4.645;NONE",
        "08294;2023;2.2;ZIP",
        "18131;2022;0.468;ZIP",
        "2A004;2022;4.0;NONE",
        "2A004;2023;3.99;ZAC",
        "60694;2023;1.453;ZIP",
        "75101;2022;6.18;NONE",
        "75101;2023;6.545;NONE"), lines(result().apl()));
  }

  @Test
  void countsTheIrisServedByEachSourceOfEachIndicator() {
    // Given / When the fixture's tables
    // Then the coverage says, per indicator in contract order, how many of the 11 IRIS got
    // their figure from which source, and per APL year how many IRIS communes have one
    Assertions.assertEquals(List.of(
        "population;rp2016_iris;4",
        "population;legal_population_2021_commune;6",
        "population;none;1",
        "median_income_eur;filosofi_iris;4",
        "median_income_eur;commune_median_of_iris;2",
        "median_income_eur;departement_median_of_iris;1",
        "median_income_eur;none;4",
        "poverty_rate;filosofi_iris;5",
        "poverty_rate;commune_median_of_iris;1",
        "poverty_rate;departement_median_of_iris;1",
        "poverty_rate;none;4",
        "unemployment_rate;comparateur2021_commune;8",
        "unemployment_rate;comparateur2021_parent_commune;1",
        "unemployment_rate;comparateur2021_departement;1",
        "unemployment_rate;none;1",
        "manual_worker_share;rp2016_iris;4",
        "manual_worker_share;rp2016_commune;2",
        "manual_worker_share;rp2016_departement;1",
        "manual_worker_share;none;4",
        "single_parent_share;none;11",
        "apl_2022;drees_commune;10",
        "apl_2022;none;1",
        "apl_2023;drees_commune;8",
        "apl_2023;drees_parent_commune;1",
        "apl_2023;none;2"), lines(result().coverage()));
  }

  @Test
  void stopsOnAMissingFileNamingIt() throws IOException {
    // Given a reference folder without the census file
    Path dir = ReferenceFixture.write(tempDir("reference-missing-file"));
    Files.delete(dir.resolve(PublishedFiles.CENSUS_FILE));

    // When the tables are built, Then the error names the file
    InputError e = Assertions.assertThrows(InputError.class,
        () -> ReferenceTables.build(spark(), dir.toString()));
    Assertions.assertTrue(e.getMessage().contains(PublishedFiles.CENSUS_FILE), e.getMessage());
  }

  @Test
  void stopsOnAMissingColumnNamingItAndTheFile() {
    // Given an income file whose median column was renamed
    Path dir = ReferenceFixture.write(tempDir("reference-missing-column"));
    ReferenceFixture.write(dir, PublishedFiles.FILOSOFI_INCOME_FILE, "\r\n",
        "IRIS;DEC_MED20", "010040101;19330");

    // When the tables are built, Then the error names the file and the column
    InputError e = Assertions.assertThrows(InputError.class,
        () -> ReferenceTables.build(spark(), dir.toString()));
    Assertions.assertTrue(e.getMessage().contains(PublishedFiles.FILOSOFI_INCOME_FILE),
        e.getMessage());
    Assertions.assertTrue(e.getMessage().contains("DEC_MED21"), e.getMessage());
  }
}
