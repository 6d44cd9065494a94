package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.ntile;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.ijcampaign.schema.Apl;
import org.ijcampaign.schema.CampaignHistory;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.IrisClusters;
import org.ijcampaign.schema.IrisIndicators;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.MtLinks;
import org.ijcampaign.schema.Patients;
import org.ijcampaign.schema.Physicians;
import org.ijcampaign.schema.Replacements;

/**
 * The generator's tables as landing rows: every column a string already in the landing format
 * (dates {@code yyyy-MM-dd}, plain decimals with a dot, null for empty), in the order of
 * {@link LandingContract}. Text is fixed here rather than by the CSV writer so that a planted
 * duplicate is byte-for-byte the row it repeats, and so that planted bad values (which are not
 * dates or numbers) share the column types of good ones.
 */
public final class LandingRows {
  private LandingRows() {}

  /**
   * A date column as {@code yyyy-MM-dd} ({@link LandingContract#DATE_FORMAT}): Spark's text of a
   * date, for the years 1000 to 9999 the generator draws. {@code date_format} gives the same
   * text through a timestamp formatter and the session's time zone for every value.
   */
  static Column date(Column c) {
    return c.cast("date").cast("string");
  }

  /** A number in plain notation with at most {@code decimals} decimals (never 1.0E-4). */
  static Column plain(Column c, int decimals) {
    String pattern = decimals == 0 ? "0" : "0." + "#".repeat(decimals);
    return call_function("format_number", c.cast("double"), lit(pattern));
  }

  static Column text(Column c) {
    return c.cast("string");
  }

  /**
   * Selects {@code columns} in the contract order of {@code file}; all must be given. The
   * {@code extra} columns (of {@code df}, not of the file) follow.
   */
  static Dataset<Row> inContractOrder(Dataset<Row> df, LandingContract.LandingFile file,
      Map<String, Column> columns, Column... extra) {
    List<Column> out = new ArrayList<>(file.columnNames().stream().map(name -> {
      Column c = columns.get(name);
      if (c == null) {
        throw new IllegalStateException(file.path() + ": no value for column " + name);
      }
      return c.cast("string").as(name);
    }).toList());
    if (columns.size() != out.size()) {
      throw new IllegalStateException(file.path() + ": unexpected columns " + columns.keySet());
    }
    out.addAll(List.of(extra));
    return df.select(out.toArray(new Column[0]));
  }

  static Map<String, Column> physicianColumns() {
    Map<String, Column> m = new LinkedHashMap<>();
    m.put(Physicians.PHYSICIAN_ID, col(Physicians.PHYSICIAN_ID));
    m.put(Physicians.SPECIALTY_CODE, col(Physicians.SPECIALTY_CODE));
    m.put(Physicians.EXERCISE_MODE, col(Physicians.EXERCISE_MODE));
    m.put(Physicians.PRACTICE_IRIS, col(Physicians.PRACTICE_IRIS));
    m.put(Physicians.REGION_CODE, col(Physicians.REGION_CODE));
    m.put(Physicians.INSTALLATION_DATE, date(col(Physicians.INSTALLATION_DATE)));
    m.put(Physicians.BIRTH_YEAR, text(col(Physicians.BIRTH_YEAR)));
    m.put(Physicians.SEX, col(Physicians.SEX));
    return m;
  }

  /** {@code physicians.csv} rows, in physician order. */
  public static Dataset<Row> physicians(Dataset<Row> physicians) {
    return inContractOrder(physicians.orderBy(Practitioners.IDX), LandingContract.PHYSICIANS,
        physicianColumns());
  }

  static Map<String, Column> patientColumns() {
    Map<String, Column> m = new LinkedHashMap<>();
    m.put(Patients.PATIENT_ID, col(Patients.PATIENT_ID));
    m.put(Patients.BIRTH_YEAR, text(col(Patients.BIRTH_YEAR)));
    m.put(Patients.SEX, col(Patients.SEX));
    for (String c : new String[] {Patients.ALD_START, Patients.ALD_END, Patients.C2S_START,
        Patients.C2S_END, Patients.ACTIVE_START, Patients.ACTIVE_END}) {
      m.put(c, date(col(c)));
    }
    return m;
  }

  /**
   * {@code patients.csv} rows from {@link Population#patients}, in its (list) order, then
   * {@code extra} (columns of the typed patients).
   */
  public static Dataset<Row> patients(Dataset<Row> patients, Column... extra) {
    return inContractOrder(patients, LandingContract.PATIENTS, patientColumns(), extra);
  }

  static final String LINK = "mt_link";

  static Map<String, Column> linkColumns(long seed) {
    Map<String, Column> m = new LinkedHashMap<>();
    m.put(MtLinks.PATIENT_ID, col(Patients.PATIENT_ID));
    m.put(MtLinks.PHYSICIAN_ID, Ids.rpps(col(LINK + "." + Population.LINK_GP), seed));
    m.put(MtLinks.START_DATE, date(col(LINK + "." + Population.LINK_START)));
    m.put(MtLinks.END_DATE, date(col(LINK + "." + Population.LINK_END)));
    return m;
  }

  /** {@code mt_links.csv} rows: each patient's links, in list order. */
  public static Dataset<Row> mtLinks(Dataset<Row> patients, long seed) {
    // explode_outer: links are never empty, and a plain explode would make the optimiser infer
    // a size filter that inlines the whole link computation.
    return inContractOrder(patients.withColumn(LINK, explode_outer(col(Population.LINKS))),
        LandingContract.MT_LINKS, linkColumns(seed));
  }

  static Map<String, Column> claimColumns() {
    Map<String, Column> m = new LinkedHashMap<>();
    for (String c : new String[] {Claims.CLAIM_ID, Claims.STOP_ID, Claims.PRESCRIPTION_KIND,
        Claims.PATIENT_ID, Claims.PRESCRIBER_ID}) {
      m.put(c, col(c));
    }
    for (String c : new String[] {Claims.PRESCRIPTION_DATE, Claims.PERIOD_START,
        Claims.PERIOD_END}) {
      m.put(c, date(col(c)));
    }
    m.put(Claims.PAID_DAYS, text(col(Claims.PAID_DAYS)));
    m.put(Claims.AMOUNT_EUR, text(col(Claims.AMOUNT_EUR)));
    m.put(Claims.RISK, col(Claims.RISK));
    m.put(Claims.REVERSAL_OF, col(Claims.REVERSAL_OF));
    return m;
  }

  /**
   * Claim rows from {@link SickLeave#claims}: the contract columns as text, keeping
   * {@link SickLeave#FILE_YEAR}, {@link Practitioners#PART} and {@link SickLeave#CLAIM_UID} in
   * front to route and order them, and {@code extra} (columns of the typed claims) at the end.
   */
  public static Dataset<Row> claims(Dataset<Row> claims, Column... extra) {
    Map<String, Column> m = claimColumns();
    Column[] out = new Column[m.size() + 3 + extra.length];
    out[0] = col(SickLeave.FILE_YEAR);
    out[1] = col(Practitioners.PART);
    out[2] = col(SickLeave.CLAIM_UID);
    int i = 3;
    for (String name : LandingContract.CLAIMS.columnNames()) {
      out[i++] = m.get(name).cast("string").as(name);
    }
    for (Column c : extra) {
      out[i++] = c;
    }
    return claims.select(out);
  }

  /** {@code replacements.csv}: the contracts of the replaced GPs, by titular then date. */
  public static Dataset<Row> replacements(Dataset<Row> physicians) {
    return inContractOrder(contracts(physicians), LandingContract.REPLACEMENTS,
        replacementColumns());
  }

  static final String CONTRACT_START = "contract_start";
  static final String CONTRACT_END = "contract_end";
  static final String CONTRACT_SUBSTITUTE = "contract_substitute";
  static final String CONTRACT_FACTOR = "contract_factor";

  static Map<String, Column> replacementColumns() {
    Map<String, Column> m = new LinkedHashMap<>();
    m.put(Replacements.TITULAR_ID, col(Physicians.PHYSICIAN_ID));
    m.put(Replacements.SUBSTITUTE_ID, col(CONTRACT_SUBSTITUTE));
    m.put(Replacements.START_DATE, date(col(CONTRACT_START)));
    m.put(Replacements.END_DATE, date(col(CONTRACT_END)));
    return m;
  }

  /** The contracts with their substitute's factor, one row each, by titular then start. */
  static Dataset<Row> contracts(Dataset<Row> physicians) {
    return contract(physicians, Practitioners.C1_START, Practitioners.C1_END,
        Practitioners.C1_SUBSTITUTE, Practitioners.C1_FACTOR)
        .union(contract(physicians, Practitioners.C2_START, Practitioners.C2_END,
            Practitioners.C2_SUBSTITUTE, Practitioners.C2_FACTOR))
        .orderBy(col(Practitioners.IDX), col(CONTRACT_START));
  }

  private static Dataset<Row> contract(Dataset<Row> physicians, String start, String end,
      String substitute, String factor) {
    return physicians.where(col(start).isNotNull()).select(col(Practitioners.IDX),
        col(Physicians.PHYSICIAN_ID), col(start).as(CONTRACT_START),
        col(end).as(CONTRACT_END), col(substitute).as(CONTRACT_SUBSTITUTE),
        col(factor).as(CONTRACT_FACTOR));
  }

  static Map<String, Column> irisColumns() {
    Map<String, Column> m = new LinkedHashMap<>();
    m.put(IrisIndicators.IRIS_CODE, col(IrisIndicators.IRIS_CODE));
    m.put(IrisIndicators.COMMUNE_CODE, col(IrisIndicators.COMMUNE_CODE));
    m.put(IrisIndicators.REGION_CODE, col(IrisIndicators.REGION_CODE));
    m.put(IrisIndicators.POPULATION, text(col(IrisIndicators.POPULATION)));
    m.put(IrisIndicators.MEDIAN_INCOME_EUR, plain(col(IrisIndicators.MEDIAN_INCOME_EUR), 2));
    for (String c : new String[] {IrisIndicators.POVERTY_RATE, IrisIndicators.UNEMPLOYMENT_RATE,
        IrisIndicators.MANUAL_WORKER_SHARE, IrisIndicators.SINGLE_PARENT_SHARE}) {
      m.put(c, plain(col(c), 4));
    }
    return m;
  }

  /** {@code iris_indicators.csv}, by IRIS code. */
  public static Dataset<Row> irisIndicators(Geography geography) {
    return inContractOrder(geography.iris().orderBy(IrisIndicators.IRIS_CODE),
        LandingContract.IRIS_INDICATORS, irisColumns());
  }

  /**
   * {@code iris_clusters.csv}: {@code k} clusters of equal size by latent fragility (1 = least
   * fragile), standing for an INSEE typology; by IRIS code.
   */
  public static Dataset<Row> irisClusters(Geography geography, int k) {
    Dataset<Row> ranked = geography.iris().withColumn(IrisClusters.CLUSTER, ntile(k).over(
        Window.orderBy(col(Geography.FRAGILITY), col(IrisIndicators.IRIS_CODE))));
    Map<String, Column> m = new LinkedHashMap<>();
    m.put(IrisClusters.IRIS_CODE, col(IrisIndicators.IRIS_CODE));
    m.put(IrisClusters.CLUSTER, text(col(IrisClusters.CLUSTER)));
    return inContractOrder(ranked.orderBy(IrisIndicators.IRIS_CODE), LandingContract.IRIS_CLUSTERS,
        m);
  }

  static Map<String, Column> aplColumns() {
    Map<String, Column> m = new LinkedHashMap<>();
    m.put(Apl.COMMUNE_CODE, col(Apl.COMMUNE_CODE));
    m.put(Apl.YEAR, text(col(Apl.YEAR)));
    m.put(Apl.APL, plain(col(Apl.APL), 3));
    m.put(Apl.ZONING, col(Apl.ZONING));
    return m;
  }

  /** {@code apl.csv}, by commune then year. */
  public static Dataset<Row> apl(Geography geography) {
    return inContractOrder(geography.apl().orderBy(Apl.COMMUNE_CODE, Apl.YEAR),
        LandingContract.APL, aplColumns());
  }

  /** Typed campaign events, one row each, with the physician number. */
  static Dataset<Row> events(Dataset<Row> physicians) {
    Dataset<Row> procedures = physicians.where(col(Practitioners.TREAT_EVENT).isNotNull())
        .select(col(Practitioners.IDX), col(Physicians.PHYSICIAN_ID),
            lit("2023").as(CampaignHistory.CAMPAIGN),
            col(Practitioners.TREAT_EVENT).as(CampaignHistory.EVENT_TYPE),
            col(Practitioners.TREAT_DATE).as(CampaignHistory.EVENT_DATE),
            col(Practitioners.OBJECTIVE).as(CampaignHistory.OBJECTIVE_IJ_PER_PATIENT),
            col(Practitioners.OUTCOME).as(CampaignHistory.OUTCOME));
    Column date = col(Practitioners.EXCHANGE_DATE);
    Dataset<Row> exchanges = physicians.where(date.isNotNull())
        .select(col(Practitioners.IDX), col(Physicians.PHYSICIAN_ID),
            when(date.lt(org.apache.spark.sql.functions.to_date(lit(Calibration.WAVE1_FROM))),
                lit("2023")).otherwise(lit("2024")).as(CampaignHistory.CAMPAIGN),
            lit(CampaignHistory.EXCHANGE).as(CampaignHistory.EVENT_TYPE),
            date.as(CampaignHistory.EVENT_DATE),
            lit(null).cast("double").as(CampaignHistory.OBJECTIVE_IJ_PER_PATIENT),
            lit(null).cast("string").as(CampaignHistory.OUTCOME));
    return procedures.union(exchanges);
  }

  static Map<String, Column> eventColumns() {
    Map<String, Column> m = new LinkedHashMap<>();
    m.put(CampaignHistory.PHYSICIAN_ID, col(Physicians.PHYSICIAN_ID));
    m.put(CampaignHistory.CAMPAIGN, col(CampaignHistory.CAMPAIGN));
    m.put(CampaignHistory.EVENT_TYPE, col(CampaignHistory.EVENT_TYPE));
    m.put(CampaignHistory.EVENT_DATE, date(col(CampaignHistory.EVENT_DATE)));
    m.put(CampaignHistory.OBJECTIVE_IJ_PER_PATIENT,
        plain(col(CampaignHistory.OBJECTIVE_IJ_PER_PATIENT), 1));
    m.put(CampaignHistory.OUTCOME, col(CampaignHistory.OUTCOME));
    return m;
  }

  /** {@code campaign_history.csv}: the 2023 procedures and the exchanges, by date. */
  public static Dataset<Row> campaignHistory(Dataset<Row> physicians) {
    return inContractOrder(events(physicians).orderBy(CampaignHistory.EVENT_DATE,
        Practitioners.IDX, CampaignHistory.EVENT_TYPE), LandingContract.CAMPAIGN_HISTORY,
        eventColumns());
  }
}
