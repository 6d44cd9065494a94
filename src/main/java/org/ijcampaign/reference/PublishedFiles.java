package org.ijcampaign.reference;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.io.InputError;
import org.ijcampaign.schema.Apl;
import org.ijcampaign.schema.IrisIndicators;

/**
 * The INSEE and DREES files of a reference folder laid out as published (see
 * {@code reference/README.md}: {@code insee/…}, {@code drees/…}), each read into a small tidy
 * dataset: typed numbers, codes trimmed and padded to their width, one row per key. Only the
 * columns the reference tables use are read; every file's quirks are handled here and nowhere
 * else, so that {@link ReferenceTables} only combines clean inputs.
 *
 * <p>Every file is read as text (no schema inference) and parsed explicitly: INSEE marks
 * secret or unavailable cells with a blank, {@code s}, {@code ns} or {@code nd}, and those
 * become null, never zero. A missing file or a missing column stops the build with an
 * {@link InputError} naming it.
 */
final class PublishedFiles {
  static final String IRIS_FILE = "insee/iris_2023.csv";
  static final String COG_COMMUNES_FILE = "insee/cog2024_communes.csv";
  static final String LEGAL_POPULATION_FILE = "insee/populations_legales_2021_communes.csv";
  static final String FILOSOFI_INCOME_FILE = "insee/BASE_TD_FILO_IRIS_2021_DEC.csv";
  static final String FILOSOFI_POVERTY_FILE = "insee/BASE_TD_FILO_DISP_IRIS_2019_poverty.csv";
  static final String CENSUS_FILE = "insee/rp2016_iris_population_habitat.csv";
  static final String COMPARATEUR_FILE = "insee/communes_comparateur_2021.csv";
  /** One file per APL vintage; a new year's file is picked up without code change. */
  static final String APL_FILES = "drees/apl_generalistes_*.csv";

  /** Tidy column names that are not landing-contract columns. */
  static final String DEPARTEMENT_CODE = "departement_code";
  static final String PARENT_CODE = "parent_code";
  static final String LEGAL_POPULATION = "legal_population";
  static final String CENSUS_POPULATION = "census_population";
  static final String MANUAL_WORKERS = "manual_workers";
  static final String PEOPLE_15_PLUS = "people_15_plus";
  static final String UNEMPLOYED = "unemployed";
  static final String ACTIVE = "active";

  private final SparkSession spark;
  private final String referenceDir;

  PublishedFiles(SparkSession spark, String referenceDir) {
    this.spark = spark;
    this.referenceDir = referenceDir;
  }

  /**
   * Every IRIS of France in the 2023 IRIS table: {@code iris_code, commune_code,
   * departement_code, region_code}. Non-split communes have one IRIS, commune + {@code 0000}.
   */
  Dataset<Row> iris() {
    Dataset<Row> df = read(IRIS_FILE, ",", "CODE_IRIS", "DEPCOM", "DEP", "REG");
    return df.select(
        code(col("CODE_IRIS"), 9).as(IrisIndicators.IRIS_CODE),
        code(col("DEPCOM"), 5).as(IrisIndicators.COMMUNE_CODE),
        trim(col("DEP")).as(DEPARTEMENT_CODE),
        code(col("REG"), 2).as(IrisIndicators.REGION_CODE));
  }

  /**
   * {@code commune_code, parent_code} for the COG's delegated and associated communes (COMD,
   * COMA: communes merged into a commune nouvelle, the 2024 mergers among them) and the Paris,
   * Lyon and Marseille arrondissements (ARM), each with the commune it now belongs to.
   */
  Dataset<Row> communeParents() {
    Dataset<Row> df = read(COG_COMMUNES_FILE, ",", "TYPECOM", "COM", "COMPARENT");
    Column child = code(col("COM"), 5);
    Column parent = code(col("COMPARENT"), 5);
    return df.where(trim(col("TYPECOM")).isin("COMD", "COMA", "ARM"))
        // A commune nouvelle keeps the code of one former commune, listed as its own COMD.
        .where(parent.isNotNull().and(child.notEqual(parent)))
        .select(child.as(IrisIndicators.COMMUNE_CODE), parent.as(PARENT_CODE))
        .dropDuplicates(IrisIndicators.COMMUNE_CODE);
  }

  /** {@code commune_code, legal_population} (municipal population; PLM by arrondissement). */
  Dataset<Row> legalPopulation() {
    Dataset<Row> df = read(LEGAL_POPULATION_FILE, ";", "COM", "PMUN");
    return df.select(code(col("COM"), 5).as(IrisIndicators.COMMUNE_CODE),
            number(col("PMUN")).cast("int").as(LEGAL_POPULATION))
        .where(col(LEGAL_POPULATION).isNotNull());
  }

  /** {@code iris_code, median_income_eur}: Filosofi 2021 median declared income per UC. */
  Dataset<Row> medianIncome() {
    Dataset<Row> df = read(FILOSOFI_INCOME_FILE, ";", "IRIS", "DEC_MED21");
    Column median = number(col("DEC_MED21"));
    return df.select(code(col("IRIS"), 9).as(IrisIndicators.IRIS_CODE),
            median.as(IrisIndicators.MEDIAN_INCOME_EUR))
        .where(col(IrisIndicators.MEDIAN_INCOME_EUR).geq(0));
  }

  /**
   * {@code iris_code, poverty_rate} as a fraction: Filosofi 2019 poverty rate at the 60 %
   * threshold of disposable income, published in percent with IRIS codes stripped of their
   * leading zero. About a fifth of the published cells hold a value above 100 (amounts in
   * euros, not rates): a rate outside [0, 100] is not a rate, and is dropped like a secret cell.
   */
  Dataset<Row> povertyRate() {
    Dataset<Row> df = read(FILOSOFI_POVERTY_FILE, ",", "IRIS", "DISP_TP6019");
    Column percent = number(col("DISP_TP6019"));
    return df.select(code(col("IRIS"), 9).as(IrisIndicators.IRIS_CODE),
            percent.divide(100).as(IrisIndicators.POVERTY_RATE))
        .where(col(IrisIndicators.POVERTY_RATE).between(0, 1));
  }

  /**
   * {@code iris_code, census_population, manual_workers, people_15_plus} from the 2016
   * census by IRIS (residential IRIS of split communes only; its first, unnamed column is a
   * row index and is ignored). Figures are weighted estimates, hence fractional.
   */
  Dataset<Row> census() {
    List<String> ages = List.of("P16_POP0014", "P16_POP1529", "P16_POP3044", "P16_POP4559",
        "P16_POP6074", "P16_POP75P");
    List<String> categories = List.of("C16_POP15P_CS1", "C16_POP15P_CS2", "C16_POP15P_CS3",
        "C16_POP15P_CS4", "C16_POP15P_CS5", "C16_POP15P_CS6", "C16_POP15P_CS7",
        "C16_POP15P_CS8");
    String[] required = concat(List.of("IRIS"), ages, categories);
    Dataset<Row> df = read(CENSUS_FILE, ",", required);
    return df.select(code(col("IRIS"), 9).as(IrisIndicators.IRIS_CODE),
        sum(ages).as(CENSUS_POPULATION),
        number(col("C16_POP15P_CS6")).as(MANUAL_WORKERS),
        sum(categories).as(PEOPLE_15_PLUS));
  }

  /**
   * {@code commune_code, unemployed, active}: people aged 15–64 unemployed and active in 2021.
   * The file has one row per commune and postal code, plus rows for delegated communes under
   * their parent's code: only COM rows and the PLM arrondissements (ARM: Paris, Lyon and
   * Marseille have no COM row) are kept, one per code.
   */
  Dataset<Row> employment() {
    Dataset<Row> df = read(COMPARATEUR_FILE, ",", "insee_com", "commune_type",
        "pop_15_64_chomage_2021", "pop_15_64_active_2021");
    return df.where(trim(col("commune_type")).isin("COM", "ARM"))
        .groupBy(code(col("insee_com"), 5).as(IrisIndicators.COMMUNE_CODE))
        // The postal-code repeats of a commune carry the same figures.
        .agg(max(number(col("pop_15_64_chomage_2021"))).as(UNEMPLOYED),
            max(number(col("pop_15_64_active_2021"))).as(ACTIVE));
  }

  /**
   * {@code commune_code, year, apl}: DREES APL to GPs, every vintage, year from the data. Each
   * file is read on its own and matched by column name: a vintage that reorders its columns
   * must not shift values into the wrong column.
   */
  Dataset<Row> apl() {
    return files(APL_FILES).stream()
        .map(file -> read(file, ",", "code_insee", "apl_generalistes", "annee")
            .select(code(col("code_insee"), 5).as(Apl.COMMUNE_CODE),
                number(col("annee")).cast("int").as(Apl.YEAR),
                number(col("apl_generalistes")).as(Apl.APL)))
        .reduce(Dataset::unionByName).orElseThrow()
        // A row without a value says nothing; the contract's APL is required.
        .where(col(Apl.APL).geq(0).and(col(Apl.YEAR).isNotNull()));
  }

  /** The département of a commune code: 3 characters overseas (97x), else 2 (2A, 2B too). */
  static Column departementOf(Column commune) {
    return when(commune.startsWith("97"), substring(commune, 1, 3))
        .otherwise(substring(commune, 1, 2));
  }

  /** A code trimmed and left-padded with zeros to {@code width} (INSEE files strip them). */
  static Column code(Column raw, int width) {
    Column t = trim(raw);
    return when(length(t).equalTo(0), lit(null).cast("string"))
        .when(length(t).lt(width), lpad(t, width, "0"))
        .otherwise(t);
  }

  /**
   * A number in French or English notation ({@code 19330}, {@code 20,5}, {@code 20.5}); null
   * for anything else: blank, {@code s}, {@code ns}, {@code nd} (secret or not available).
   */
  static Column number(Column raw) {
    Column t = regexp_replace(trim(raw), ",", ".");
    return when(t.rlike("^-?[0-9]+(\\.[0-9]+)?$"), t.cast("double"));
  }

  private static Column sum(List<String> columns) {
    return columns.stream().map(c -> number(col(c))).reduce(Column::plus).orElseThrow();
  }

  private static String[] concat(List<String> first, List<String> second, List<String> third) {
    return java.util.stream.Stream.of(first, second, third).flatMap(List::stream)
        .toArray(String[]::new);
  }

  /** The files matching {@code pattern} (relative to the folder), in name order. */
  private List<String> files(String pattern) {
    Path path = new Path(referenceDir, pattern);
    try {
      FileStatus[] found = path.getFileSystem(spark.sparkContext().hadoopConfiguration())
          .globStatus(path);
      if (found == null || found.length == 0) {
        throw new InputError("reference file " + pattern + " is missing from " + referenceDir);
      }
      String parent = pattern.substring(0, pattern.lastIndexOf('/') + 1);
      return Arrays.stream(found).map(f -> parent + f.getPath().getName()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
  }

  private Dataset<Row> read(String file, String separator, String... required) {
    files(file);
    Dataset<Row> df = spark.read()
        .option("header", "true")
        .option("sep", separator)
        .option("encoding", "UTF-8")
        .option("inferSchema", "false")
        .csv(new Path(referenceDir, file).toString());
    List<String> columns = Arrays.asList(df.columns());
    for (String c : required) {
      if (!columns.contains(c)) {
        throw new InputError("reference file " + file + " has no column " + c
            + " (columns found: " + String.join(", ", columns) + ")");
      }
    }
    return df;
  }
}
