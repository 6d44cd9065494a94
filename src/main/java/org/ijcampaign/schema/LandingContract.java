package org.ijcampaign.schema;

import java.util.List;
import java.util.Set;

/**
 * The input contract (docs/input-contract.md), as data: every file, its columns in
 * their published order, their types, which may be empty, the shape a value must have, and the
 * key whose repeats are duplicates. The ingestion validates against it; the generator writes
 * by it; nothing else spells a landing column.
 */
public final class LandingContract {
  private LandingContract() {}

  /** How a field's text is parsed. */
  public enum Type { STRING, DATE, INT, DECIMAL }

  /** The value rule of a field, checked after parsing. */
  public enum Rule {
    NONE,
    /** 11-digit RPPS number. */
    RPPS,
    /** 9-char IRIS code: a commune code then 4 digits. */
    IRIS,
    /** 5-char commune code: 2 digits (or 2A/2B, Corsica) then 3 digits. */
    COMMUNE,
    /** 2-char INSEE region code. */
    REGION,
    /** 2-digit specialty code. */
    SPECIALTY,
    /** A non-empty pseudonymous identifier without separators. */
    IDENTIFIER,
    NON_NEGATIVE,
    FRACTION,
    YEAR,
    POSITIVE,
    ENUM
  }

  public record Column(String name, Type type, boolean required, Rule rule, Set<String> values)
      implements java.io.Serializable {
    static Column of(String name, Type type, boolean required, Rule rule) {
      return new Column(name, type, required, rule, Set.of());
    }

    static Column oneOf(String name, boolean required, String... values) {
      return new Column(name, Type.STRING, required, Rule.ENUM, Set.of(values));
    }
  }

  /**
   * A landing file. {@code path} is relative to the landing folder; a {@code directory} file
   * is a folder of CSV parts ({@code ij_claims/*.csv}). {@code key} names the column(s) whose
   * repeats are duplicates (identical) or conflicts (different); an empty key means identical
   * full rows are duplicates.
   */
  public record LandingFile(String path, boolean directory, boolean optional, String table,
      List<Column> columns, List<String> key) implements java.io.Serializable {
    public List<String> columnNames() {
      return columns.stream().map(Column::name).toList();
    }

    public Column column(String name) {
      return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
  }

  private static final Type S = Type.STRING;
  private static final Type D = Type.DATE;
  private static final Type I = Type.INT;
  private static final Type N = Type.DECIMAL;

  public static final LandingFile PHYSICIANS = new LandingFile(Physicians.FILE, false, false,
      Tables.PHYSICIANS, List.of(
          Column.of(Physicians.PHYSICIAN_ID, S, true, Rule.RPPS),
          Column.of(Physicians.SPECIALTY_CODE, S, true, Rule.SPECIALTY),
          Column.oneOf(Physicians.EXERCISE_MODE, true, Physicians.LIBERAL,
              Physicians.SALARIED_CENTER),
          Column.of(Physicians.PRACTICE_IRIS, S, true, Rule.IRIS),
          Column.of(Physicians.REGION_CODE, S, true, Rule.REGION),
          // A substitute doctor who is not installed has none (docs/input-contract.md).
          Column.of(Physicians.INSTALLATION_DATE, D, false, Rule.NONE),
          Column.of(Physicians.BIRTH_YEAR, I, true, Rule.YEAR),
          Column.oneOf(Physicians.SEX, true, "M", "F")),
      List.of(Physicians.PHYSICIAN_ID));

  public static final LandingFile PATIENTS = new LandingFile(Patients.FILE, false, false,
      Tables.PATIENTS, List.of(
          Column.of(Patients.PATIENT_ID, S, true, Rule.IDENTIFIER),
          Column.of(Patients.BIRTH_YEAR, I, true, Rule.YEAR),
          Column.oneOf(Patients.SEX, true, "M", "F"),
          Column.of(Patients.ALD_START, D, false, Rule.NONE),
          Column.of(Patients.ALD_END, D, false, Rule.NONE),
          Column.of(Patients.C2S_START, D, false, Rule.NONE),
          Column.of(Patients.C2S_END, D, false, Rule.NONE),
          Column.of(Patients.ACTIVE_START, D, false, Rule.NONE),
          Column.of(Patients.ACTIVE_END, D, false, Rule.NONE)),
      List.of(Patients.PATIENT_ID));

  public static final LandingFile MT_LINKS = new LandingFile(MtLinks.FILE, false, false,
      Tables.MT_LINKS, List.of(
          Column.of(MtLinks.PATIENT_ID, S, true, Rule.IDENTIFIER),
          Column.of(MtLinks.PHYSICIAN_ID, S, true, Rule.RPPS),
          Column.of(MtLinks.START_DATE, D, true, Rule.NONE),
          Column.of(MtLinks.END_DATE, D, false, Rule.NONE)),
      List.of());

  public static final LandingFile CLAIMS = new LandingFile(Claims.DIR, true, false,
      Tables.CLAIMS_CLEAN, List.of(
          Column.of(Claims.CLAIM_ID, S, true, Rule.IDENTIFIER),
          Column.of(Claims.STOP_ID, S, true, Rule.IDENTIFIER),
          Column.oneOf(Claims.PRESCRIPTION_KIND, true, Claims.INITIAL, Claims.PROLONGATION),
          Column.of(Claims.PATIENT_ID, S, true, Rule.IDENTIFIER),
          Column.of(Claims.PRESCRIBER_ID, S, true, Rule.RPPS),
          Column.of(Claims.PRESCRIPTION_DATE, D, true, Rule.NONE),
          Column.of(Claims.PERIOD_START, D, true, Rule.NONE),
          Column.of(Claims.PERIOD_END, D, true, Rule.NONE),
          Column.of(Claims.PAID_DAYS, I, true, Rule.NONE),
          Column.of(Claims.AMOUNT_EUR, N, true, Rule.NONE),
          Column.oneOf(Claims.RISK, true, Claims.MALADIE, Claims.AT_MP, Claims.MATERNITE),
          Column.of(Claims.REVERSAL_OF, S, false, Rule.IDENTIFIER)),
      List.of(Claims.CLAIM_ID));

  public static final LandingFile REPLACEMENTS = new LandingFile(Replacements.FILE, false, false,
      Tables.REPLACEMENTS, List.of(
          Column.of(Replacements.TITULAR_ID, S, true, Rule.RPPS),
          Column.of(Replacements.SUBSTITUTE_ID, S, true, Rule.RPPS),
          Column.of(Replacements.START_DATE, D, true, Rule.NONE),
          Column.of(Replacements.END_DATE, D, true, Rule.NONE)),
      List.of());

  public static final LandingFile IRIS_INDICATORS = new LandingFile(IrisIndicators.FILE, false,
      false, Tables.IRIS_INDICATORS, List.of(
          Column.of(IrisIndicators.IRIS_CODE, S, true, Rule.IRIS),
          Column.of(IrisIndicators.COMMUNE_CODE, S, true, Rule.COMMUNE),
          Column.of(IrisIndicators.REGION_CODE, S, true, Rule.REGION),
          Column.of(IrisIndicators.POPULATION, I, true, Rule.NON_NEGATIVE),
          Column.of(IrisIndicators.MEDIAN_INCOME_EUR, N, false, Rule.NON_NEGATIVE),
          Column.of(IrisIndicators.POVERTY_RATE, N, false, Rule.FRACTION),
          Column.of(IrisIndicators.UNEMPLOYMENT_RATE, N, false, Rule.FRACTION),
          Column.of(IrisIndicators.MANUAL_WORKER_SHARE, N, false, Rule.FRACTION),
          Column.of(IrisIndicators.SINGLE_PARENT_SHARE, N, false, Rule.FRACTION)),
      List.of(IrisIndicators.IRIS_CODE));

  public static final LandingFile IRIS_CLUSTERS = new LandingFile(IrisClusters.FILE, false, true,
      Tables.IRIS_CLUSTERS, List.of(
          Column.of(IrisClusters.IRIS_CODE, S, true, Rule.IRIS),
          Column.of(IrisClusters.CLUSTER, I, true, Rule.POSITIVE)),
      List.of(IrisClusters.IRIS_CODE));

  public static final LandingFile APL = new LandingFile(Apl.FILE, false, false, Tables.APL,
      List.of(
          Column.of(Apl.COMMUNE_CODE, S, true, Rule.COMMUNE),
          Column.of(Apl.YEAR, I, true, Rule.YEAR),
          Column.of(Apl.APL, N, true, Rule.NON_NEGATIVE),
          Column.oneOf(Apl.ZONING, true, "ZIP", "ZAC", "NONE")),
      List.of(Apl.COMMUNE_CODE, Apl.YEAR));

  public static final LandingFile CAMPAIGN_HISTORY = new LandingFile(CampaignHistory.FILE, false,
      false, Tables.CAMPAIGN_HISTORY, List.of(
          Column.of(CampaignHistory.PHYSICIAN_ID, S, true, Rule.RPPS),
          Column.of(CampaignHistory.CAMPAIGN, S, true, Rule.IDENTIFIER),
          Column.oneOf(CampaignHistory.EVENT_TYPE, true, CampaignHistory.EXCHANGE,
              CampaignHistory.MSO, CampaignHistory.MSO_REFUSED, CampaignHistory.MSAP),
          Column.of(CampaignHistory.EVENT_DATE, D, true, Rule.NONE),
          Column.of(CampaignHistory.OBJECTIVE_IJ_PER_PATIENT, N, false, Rule.NON_NEGATIVE),
          Column.oneOf(CampaignHistory.OUTCOME, false, CampaignHistory.REACHED,
              CampaignHistory.NOT_REACHED)),
      List.of());

  /** In ingestion order: referenced files before the files that reference them. */
  public static final List<LandingFile> ALL = List.of(PHYSICIANS, PATIENTS, MT_LINKS, CLAIMS,
      REPLACEMENTS, IRIS_INDICATORS, IRIS_CLUSTERS, APL, CAMPAIGN_HISTORY);

  /**
   * Compressions a claim part may carry ({@code a.csv.gz}), read natively by Spark: a gzip file
   * cannot be split, so it is one task however large; bzip2 splits but costs far more CPU.
   */
  public static final List<String> CLAIM_COMPRESSIONS = List.of(".gz", ".bz2");

  /** Years a date or a birth year may have; outside, the value is bad input. */
  public static final int MIN_YEAR = 1900;
  public static final int MAX_YEAR = 2100;

  /** Field separator of the CSV files. */
  public static final String SEPARATOR = ";";
  public static final String DATE_FORMAT = "yyyy-MM-dd";
}
