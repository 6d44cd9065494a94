package org.ijcampaign.schema;

import static org.ijcampaign.schema.TableSchema.table;

import java.util.List;
import java.util.Optional;

/**
 * Every table of the warehouse, typed, with what its rows and columns mean: the jobs write through
 * these declarations (DeltaStore) and docs/tables.md is generated from them (TablesDoc).
 */
public final class TableSchemas {
  private TableSchemas() {}

  // Texts shared by several tables.
  private static final String PERIOD_LABEL = "Label of the observation period: a calendar "
      + "semester like 2024S1 (January-June) or 2024S2 (July-December), any other range by its "
      + "dates like 2024-01-01_2024-12-31.";
  private static final String SEMESTER_LABEL = "Label of the calendar semester, e.g. 2024S1 "
      + "(January-June) or 2024S2 (July-December).";
  private static final String CAMPAIGN_NAME = "The campaign's name, from its configuration "
      + "file.";
  private static final String EVALUATED_CAMPAIGN = "The evaluated past campaign, as named in "
      + "campaign_history (the campaign file's evaluation.campaign, e.g. 2023).";
  private static final String RPPS = "The physician's 11-digit RPPS number.";
  private static final String REGION = "2-character INSEE code of the GP's region, from "
      + "physicians.";
  private static final String IRIS = "9-character INSEE IRIS code of the GP's practice, from "
      + "physicians.";
  private static final String EXERCISE_MODE = "How the GP practises, from physicians: LIBERAL "
      + "or SALARIED_CENTER.";
  private static final String INSTALLATION = "Date the GP installed, from physicians; null for "
      + "a substitute who is not installed.";
  private static final String GP_SEX = "The GP's sex, M or F, from physicians.";
  private static final String GP_BIRTH_YEAR = "The GP's year of birth, from physicians.";
  private static final String MODEL_VERSION = "Version of the expected-IJ model: the period's "
      + "label and 12 hex digits of a SHA-256 digest of the model and territory settings and "
      + "of the design rows' content (a double to ten significant digits), so a re-run on the "
      + "same data gives the same version, whatever order its sums were added in.";
  private static final String TERRITORY = "The GP's comparison territory: region, cluster and "
      + "supply class joined by vertical bars, with an asterisk for each part given up by "
      + "widening (region and cluster, or region alone).";
  private static final String TERRITORY_LEVEL = "How far his territory was widened: 0 = his "
      + "own region, cluster and supply class cell; 1 = his region and cluster, any class; "
      + "2 = his whole region.";
  private static final String TERRITORY_SIZE = "Profiled GPs of the period sharing his final "
      + "territory; after widening it may be below the minimum territory size (30).";
  private static final String TERRITORY_MEAN_RATE = "Mean of the rate (IJ days per active "
      + "patient per year) over the GPs of his territory, each GP counting once.";
  private static final String TERRITORY_SD_RATE = "Sample standard deviation of the rate over "
      + "the GPs of his territory; null when the territory holds a single GP.";
  private static final String ACTIVE_PATIENTS = "His active patients: patients with a "
      + "médecin-traitant link to him overlapping the period, in employment during it and aged "
      + "16 to 64 in the period's final year; 0 when none.";
  private static final String OBSERVED_RATE = "His IJ days per active patient per year in the "
      + "period: observed_days / exposure.";
  private static final String EXPECTED_DAYS = "IJ days the period's Poisson model expects of "
      + "him given his exposure, his patientèle shares and his territory.";
  private static final String EXPECTED_RATE = "expected_days / exposure: the rate expected for "
      + "his patientèle and territory, IJ days per active patient per year.";
  private static final String RATIO = "observed_days / expected_days: 1 means he prescribes as "
      + "expected, 2 twice as many days.";
  private static final String Z = "(observed_days - expected_days) / sqrt(stop_dispersion x "
      + "expected_days): his excess in standard deviations of the compound Poisson noise.";
  private static final String FUNNEL_998_HIGH = "Upper 99.8 % funnel limit of the ratio: 1 + "
      + "3.09 x sqrt(stop_dispersion / expected_days).";
  private static final String SHRUNK_RATIO = "Empirical-Bayes shrunken ratio, 1 + "
      + "shrinkage_weight x (ratio - 1): the prudent estimate of his ratio.";
  private static final String REGION_PERCENT_RANK = "percent_rank of his observed rate among "
      + "the profiled GPs of his region in the period: 0 for the lowest, 1 for the highest, "
      + "ties at the lowest rank.";
  private static final String REGION_GPS = "Profiled GPs of his region modelled in the period.";

  /** The meaning of a patientèle share column: whom it counts, and when it is null. */
  private static String share(String who, String suppressed) {
    return "Share of his active patients " + who + "; " + suppressed;
  }

  private static final String SUPPRESSED = "null under 10 active patients (statistical secrecy, "
      + "privacy.min-cell-patients).";
  private static final String IMPUTED = "null under 10 active patients (statistical secrecy; "
      + "the fit imputes the mean share of the period's GPs, unpublished).";
  private static final String AGE = "aged %s in the period's final year";

  private static String territoryShare(String column) {
    return "Mean of " + column + " over the profiled GPs of his territory in the period (GPs "
        + "whose share is suppressed left out).";
  }

  private static final String SOURCE_FILE = "Landing file the row was read from, relative to "
      + "the landing folder (e.g. physicians.csv, ij_claims/part-0001.csv).";
  private static final String SOURCE_LINE = "Line of the row in that file, 1-based with the "
      + "header as line 1 (for Parquet, the record number + 1).";
  private static final String FROM_PHYSICIANS = "from physicians; null for a prescriber "
      + "absent from that file.";
  private static final String PATIENT_LEVEL = " Patient-level: never exposed to analysts' "
      + "views.";

  // ---------------------------------------------------------------------------------------
  // Derived, GP-level or aggregated tables.

  public static final TableSchema GP_PERIOD_PROFILE = table(Tables.GP_PERIOD_PROFILE,
          "One row per physician of the physicians file and per prescriber with IJ days "
          + "attributed to him (a substitute absent from that file included), for each "
          + "observation period: his IJ days, stops, active patients, their mix, exposure and "
          + "rate; written by profile.")
      .partitionedBy(Profile.PERIOD)
      .column(Profile.PERIOD, "string", PERIOD_LABEL)
      .column(Profile.PERIOD_START, "date", "First day of the period (inclusive).")
      .column(Profile.PERIOD_END, "date", "Last day of the period (inclusive).")
      .column(Profile.PHYSICIAN_ID, "string", "RPPS number of the physician or prescriber the "
          + "days are attributed to (after the replacement rule).")
      .column(Profile.SPECIALTY_CODE, "string", "His specialty code (01 = general practice), "
          + FROM_PHYSICIANS)
      .column(Profile.EXERCISE_MODE, "string", "How he practises, LIBERAL or SALARIED_CENTER, "
          + FROM_PHYSICIANS)
      .column(Profile.REGION_CODE, "string", "2-character INSEE code of his region, "
          + FROM_PHYSICIANS)
      .column(Profile.PRACTICE_IRIS, "string", "9-character INSEE IRIS code of his practice, "
          + FROM_PHYSICIANS)
      .column(Profile.INSTALLATION_DATE, "date", "Date he installed, " + FROM_PHYSICIANS
          + " Also null for a substitute who is not installed.")
      .column(Profile.SEX, "string", "His sex, M or F, " + FROM_PHYSICIANS)
      .column(Profile.BIRTH_YEAR, "int", "His year of birth, " + FROM_PHYSICIANS)
      .column(Profile.IJ_DAYS, "double", "IJ days of the in-scope claims (MALADIE, neither a "
          + "reversal nor reversed) attributed to him, pro rata day by day inside the period "
          + "(paid days x calendar days inside / calendar days of the paid period); 0 when "
          + "none.")
      .column(Profile.AMOUNT_EUR, "double", "Euros paid on the same claims, pro rata like the "
          + "days; 0 when none.")
      .column(Profile.STOPS, "bigint", "Sick-leave stops with days attributed to him in the "
          + "period; a stop shared by a titular and his substitute counts for each.")
      .column(Profile.SHORT_STOPS, "bigint", "Of those stops, the ones lasting under 8 calendar "
          + "days from their first paid day to their last.")
      .column(Profile.LONG_STOPS, "bigint", "Of those stops, the ones lasting over 90 calendar "
          + "days from their first paid day to their last.")
      .column(Profile.STOP_DAYS_SQ_SUM, "double", "Sum over his stops of the square of each "
          + "stop's days attributed to him in the period: the numerator of the stop dispersion "
          + "(sum of d squared / sum of d) the model uses.")
      .column(Profile.NON_MT_IJ_DAYS, "double", "His IJ days prescribed to patients without a "
          + "médecin-traitant link to him overlapping the period.")
      .column(Profile.NON_MT_SHARE, "double", "non_mt_ij_days / ij_days; null when he has no "
          + "IJ day.")
      .column(Profile.DAYS_MOVED_TO_SUBSTITUTES, "double", "Days prescribed under his "
          + "identifier that the replacement rule moved to his substitutes (claims inside his "
          + "replacement contracts); 0 when none.")
      .column(Profile.DAYS_AS_SUBSTITUTE, "double", "Days he prescribed as a substitute under "
          + "a titular's identifier, moved to him by the replacement rule; 0 when none.")
      .column(Profile.REPLACEMENT_RULE, "boolean", "Whether the replacement rule was on when "
          + "this period was profiled.")
      .column(Profile.ACTIVE_PATIENTS, "bigint", "Patients with a médecin-traitant link to him "
          + "overlapping the period, in employment during it and aged 16 to 64 in the period's "
          + "final year (a patient who changed GP counts for both); 0 when none.")
      .column(Profile.SHARE_AGE_16_29, "double", share(AGE.formatted("16 to 29"), SUPPRESSED))
      .column(Profile.SHARE_AGE_30_39, "double", share(AGE.formatted("30 to 39"), SUPPRESSED))
      .column(Profile.SHARE_AGE_40_49, "double", share(AGE.formatted("40 to 49"), SUPPRESSED))
      .column(Profile.SHARE_AGE_50_59, "double", share(AGE.formatted("50 to 59"), SUPPRESSED))
      .column(Profile.SHARE_AGE_60_64, "double", share(AGE.formatted("60 to 64"), SUPPRESSED))
      .column(Profile.SHARE_WOMEN, "double", share("who are women", SUPPRESSED))
      .column(Profile.SHARE_ALD, "double", share("with an ALD (long-term condition) period "
          + "overlapping the period", SUPPRESSED))
      .column(Profile.SHARE_C2S, "double", share("with C2S (complementary health cover for low "
          + "incomes) overlapping the period", SUPPRESSED))
      .column(Profile.PRESENCE_FRACTION, "double", "Share of the period's days covered by none "
          + "of his replacement contracts as titular; 1 when he has none or the replacement "
          + "rule is off.")
      .column(Profile.EXPOSURE, "double", "active_patients x presence_fraction x the period's "
          + "calendar days / 365.25: patient-years of his patientèle.")
      .column(Profile.RATE, "double", "ij_days / exposure: IJ days per active patient per year; "
          + "null when exposure is 0.")
      .column(Profile.PROFILED, "boolean", "Whether he is a general practitioner (specialty 01) "
          + "with a positive exposure: only profiled GPs enter territories, the model and "
          + "targeting.")
      .build();

  public static final TableSchema TERRITORIES = table(Tables.TERRITORIES,
          "One row per profiled GP and period: the IRIS cluster and supply class of his "
          + "practice, his comparison territory after widening and that territory's size, mean "
          + "and standard deviation of the rate; written by territory.")
      .partitionedBy(Territory.PERIOD)
      .column(Territory.PERIOD, "string", PERIOD_LABEL)
      .column(Territory.PHYSICIAN_ID, "string", RPPS)
      .column(Territory.REGION_CODE, "string", REGION + " GPs are never compared across "
          + "regions.")
      .column(Territory.PRACTICE_IRIS, "string", IRIS)
      .column(Territory.COMMUNE_CODE, "string", "INSEE code of the practice commune: the first "
          + "5 characters of practice_iris.")
      .column(Territory.CLUSTER, "int", "Socio-economic cluster of the practice IRIS, from "
          + "iris_cluster_assignment: 1 = least fragile to k = most fragile; 0 when the IRIS is "
          + "not in it.")
      .column(Territory.APL, "double", "DREES APL (localised potential accessibility to GPs) "
          + "of the practice commune in apl_year; null when the commune has no APL.")
      .column(Territory.APL_YEAR, "int", "Year of the APL used: the latest year not after the "
          + "period's final year, else the earliest year available; null without APL.")
      .column(Territory.SUPPLY_CLASS, "int", "Medical-supply class from the APL: 1 below 2.5 "
          + "(under-served), 2 from 2.5, 3 from 3.5, 4 from 4.5 (territory.apl-thresholds); 0 "
          + "without APL.")
      .column(Territory.CELL_SIZE, "bigint", "Profiled GPs of the period in his region, cluster "
          + "and supply class cell, before widening.")
      .column(Territory.TERRITORY, "string", TERRITORY + " A cell under the minimum size (30 "
          + "profiled GPs) is widened.")
      .column(Territory.TERRITORY_LEVEL, "int", TERRITORY_LEVEL)
      .column(Territory.TERRITORY_SIZE, "bigint", TERRITORY_SIZE)
      .column(Territory.TERRITORY_MEAN_RATE, "double", TERRITORY_MEAN_RATE)
      .column(Territory.TERRITORY_SD_RATE, "double", TERRITORY_SD_RATE)
      .build();

  public static final TableSchema IRIS_CLUSTER_ASSIGNMENT = table(
          Tables.IRIS_CLUSTER_ASSIGNMENT,
          "One row per IRIS: its socio-economic cluster, the supplied one when iris_clusters "
          + "has rows, else from k-means on iris_indicators; replaced whole by territory.")
      .column(Territory.IRIS_CODE, "string", "9-character INSEE IRIS code.")
      .column(Territory.CLUSTER, "int", "The IRIS's cluster, 1 = least fragile to k = most "
          + "fragile (k-means clusters are numbered by increasing fragility score).")
      .column(Territory.CLUSTER_SOURCE, "string", "Where the cluster comes from: SUPPLIED "
          + "(iris_clusters.csv) or KMEANS.")
      .build();

  public static final TableSchema CLUSTER_CENTRES = table(Tables.CLUSTER_CENTRES,
          "One row per k-means cluster and indicator: the cluster's centre on that indicator, "
          + "its fragility score and its size; replaced whole by territory, empty when the "
          + "clusters are supplied.")
      .column(Territory.CLUSTER, "int", "The cluster, 1 = least fragile to k = most fragile.")
      .column(Territory.FRAGILITY_SCORE, "double", "Mean of the centre's standardised "
          + "indicators, median income counted negatively: higher is more fragile; the same on "
          + "every row of the cluster.")
      .column(Territory.IRIS_COUNT, "bigint", "IRIS in the cluster.")
      .column(Territory.INDICATOR, "string", "The iris_indicators column, e.g. "
          + "median_income_eur or poverty_rate (an indicator missing everywhere is left out).")
      .column(Territory.CENTRE_Z, "double", "The centre's coordinate on the indicator, in "
          + "standard deviations from the mean over all IRIS (missing values imputed with the "
          + "median).")
      .build();

  public static final TableSchema EXPECTED_IJ = table(Tables.EXPECTED_IJ,
          "One row per profiled GP and modelled period: his observed IJ days against those the "
          + "period's Poisson model expects for his patientèle and territory, with the ratio, z, "
          + "funnel limits and shrunken ratio; written by model (and by persistent and evaluate "
          + "for periods they need).")
      .partitionedBy(Expected.PERIOD)
      .column(Territory.TERRITORY, "string", TERRITORY)
      .column(Expected.PERIOD, "string", PERIOD_LABEL)
      .column(Expected.PHYSICIAN_ID, "string", RPPS)
      .column(Profile.REGION_CODE, "string", REGION)
      .column(Expected.OBSERVED_DAYS, "double", "His IJ days in the period "
          + "(gp_period_profile.ij_days).")
      .column(Profile.EXPOSURE, "double", "His exposure in the period, patient-years "
          + "(gp_period_profile.exposure); log(exposure) is the model's offset.")
      .column(Expected.OBSERVED_RATE, "double", OBSERVED_RATE)
      .column(Profile.ACTIVE_PATIENTS, "bigint", ACTIVE_PATIENTS)
      .column(Territory.TERRITORY_LEVEL, "int", TERRITORY_LEVEL)
      .column(Territory.TERRITORY_SIZE, "bigint", TERRITORY_SIZE)
      .column(Territory.TERRITORY_MEAN_RATE, "double", TERRITORY_MEAN_RATE)
      .column(Territory.TERRITORY_SD_RATE, "double", TERRITORY_SD_RATE)
      .column(Profile.SHARE_AGE_16_29, "double", share(AGE.formatted("16 to 29"), SUPPRESSED))
      .column(Profile.SHARE_AGE_30_39, "double", share(AGE.formatted("30 to 39"), IMPUTED))
      .column(Profile.SHARE_AGE_40_49, "double", share(AGE.formatted("40 to 49"), IMPUTED))
      .column(Profile.SHARE_AGE_50_59, "double", share(AGE.formatted("50 to 59"), IMPUTED))
      .column(Profile.SHARE_AGE_60_64, "double", share(AGE.formatted("60 to 64"), IMPUTED))
      .column(Profile.SHARE_WOMEN, "double", share("who are women", IMPUTED))
      .column(Profile.SHARE_ALD, "double", share("with an ALD (long-term condition) period "
          + "overlapping the period", IMPUTED))
      .column(Profile.SHARE_C2S, "double", share("with C2S (complementary health cover for low "
          + "incomes) overlapping the period", IMPUTED))
      .column(Expected.EXPECTED_DAYS, "double", EXPECTED_DAYS)
      .column(Expected.STOP_DISPERSION, "double", "D_t: sum of d squared / sum of d over the "
          + "stops of his territory's profiled GPs in the period (d = a stop's days), the "
          + "variance factor of days that come in stops; 1 when the territory has no day.")
      .column(Expected.EXPECTED_RATE, "double", EXPECTED_RATE)
      .column(Expected.RATIO, "double", RATIO)
      .column(Expected.VARIANCE, "double", "stop_dispersion x expected_days: the variance of "
          + "his days if he prescribed like his peers.")
      .column(Expected.Z, "double", Z)
      .column(Expected.SAMPLING_VARIANCE, "double", "stop_dispersion / expected_days: the "
          + "variance of his ratio if he prescribed like his peers.")
      .column(Expected.FUNNEL_95_LOW, "double", "Lower 95 % funnel limit of the ratio: 1 - "
          + "1.96 x sqrt(sampling_variance).")
      .column(Expected.FUNNEL_95_HIGH, "double", "Upper 95 % funnel limit of the ratio: 1 + "
          + "1.96 x sqrt(sampling_variance).")
      .column(Expected.FUNNEL_998_LOW, "double", "Lower 99.8 % funnel limit of the ratio: 1 - "
          + "3.09 x sqrt(sampling_variance).")
      .column(Expected.FUNNEL_998_HIGH, "double", FUNNEL_998_HIGH)
      .column(Expected.SHRINKAGE_WEIGHT, "double", "tau2 / (tau2 + sampling_variance), tau2 "
          + "the period's estimated variance of true ratios across GPs "
          + "(model_coefficients.tau2): the weight his own ratio gets in shrunk_ratio.")
      .column(Expected.SHRUNK_RATIO, "double", SHRUNK_RATIO)
      .column(Expected.REGION_PERCENT_RANK, "double", REGION_PERCENT_RANK)
      .column(Expected.REGION_GPS, "bigint", REGION_GPS)
      .column(Expected.MODEL_VERSION, "string", MODEL_VERSION)
      .column("territory_share_age_16_29", "double", territoryShare(Profile.SHARE_AGE_16_29))
      .column("territory_share_age_30_39", "double", territoryShare(Profile.SHARE_AGE_30_39))
      .column("territory_share_age_40_49", "double", territoryShare(Profile.SHARE_AGE_40_49))
      .column("territory_share_age_50_59", "double", territoryShare(Profile.SHARE_AGE_50_59))
      .column("territory_share_age_60_64", "double", territoryShare(Profile.SHARE_AGE_60_64))
      .column("territory_share_women", "double", territoryShare(Profile.SHARE_WOMEN))
      .column("territory_share_ald", "double", territoryShare(Profile.SHARE_ALD))
      .column("territory_share_c2s", "double", territoryShare(Profile.SHARE_C2S))
      .build();

  public static final TableSchema MODEL_COEFFICIENTS = table(Tables.MODEL_COEFFICIENTS,
          "One row per term of a period's expected-IJ model (Poisson regression of IJ days with "
          + "log(exposure) as offset), with the fit's figures repeated on every row; written by "
          + "model (and by persistent and evaluate for periods they need).")
      .partitionedBy(Expected.PERIOD)
      .column(Expected.MODEL_VERSION, "string", MODEL_VERSION)
      .column(Expected.PERIOD, "string", PERIOD_LABEL)
      .column(Expected.TERM, "string", "The term: a patientèle share (share_age_30_39 to "
          + "share_age_60_64 against 16 to 29, share_women, share_ald, share_c2s), "
          + "territory=<label> for a territory's effect against the alphabetically last "
          + "territory, or (intercept).")
      .column(Expected.ESTIMATE, "double", "The coefficient on the log scale: exp(estimate) "
          + "multiplies the expected days (for a share, as it goes from 0 to 1).")
      .column(Expected.STD_ERROR, "double", "Its standard error under the Poisson model.")
      .column(Expected.QUASI_STD_ERROR, "double", "std_error x sqrt(phi): the quasi-Poisson "
          + "standard error; null when phi is undefined.")
      .column(Expected.Z_VALUE, "double", "estimate / std_error.")
      .column(Expected.P_VALUE, "double", "Two-sided p-value of z_value under the standard "
          + "normal.")
      .column(Expected.PHI, "double", "The fit's over-dispersion, sum of (O - E) squared / E "
          + "over (n_gps - n_parameters): a diagnostic only; NaN when n_gps <= n_parameters.")
      .column(Expected.TAU2, "double", "max(0, mean of (ratio - 1) squared - mean of "
          + "sampling_variance) over the GPs: the estimated variance of true ratios across GPs, "
          + "which sets how much each ratio is shrunk.")
      .column(Expected.DEVIANCE, "double", "The fit's residual deviance.")
      .column(Expected.NULL_DEVIANCE, "double", "The deviance of the model with the intercept "
          + "alone.")
      .column(Expected.AIC, "double", "The fit's Akaike information criterion.")
      .column(Expected.ITERATIONS, "int", "IRLS iterations the fit took.")
      .column(Expected.N_GPS, "bigint", "Profiled GPs in the fit.")
      .column(Expected.N_PARAMETERS, "int", "Parameters fitted: the terms plus the intercept.")
      .column(Expected.DROPPED_TERMS, "string", "Shares left out of the model because they do "
          + "not vary, comma-separated; empty when none.")
      .build();

  public static final TableSchema TARGETING = table(Tables.TARGETING,
          "One row per campaign and GP modelled in its observation period (each of the "
          + "period's expected_ij rows): his figures, what each selection rule makes of him, "
          + "his status and his objective; written by target.")
      .partitionedBy(Targeting.CAMPAIGN)
      .column(Targeting.CAMPAIGN, "string", CAMPAIGN_NAME)
      .column(Expected.PERIOD, "string", "Label of the campaign's observation period, e.g. "
          + "2024-01-01_2024-12-31.")
      .column(Expected.MODEL_VERSION, "string", MODEL_VERSION)
      .column(Profile.PHYSICIAN_ID, "string", RPPS)
      .column(Profile.REGION_CODE, "string", REGION)
      .column(Profile.PRACTICE_IRIS, "string", IRIS)
      .column(Profile.EXERCISE_MODE, "string", EXERCISE_MODE)
      .column(Profile.INSTALLATION_DATE, "date", INSTALLATION + " Such a GP is never a recent "
          + "installation.")
      .column(Profile.SEX, "string", GP_SEX)
      .column(Profile.BIRTH_YEAR, "int", GP_BIRTH_YEAR)
      .column(Territory.TERRITORY, "string", TERRITORY)
      .column(Territory.TERRITORY_LEVEL, "int", TERRITORY_LEVEL)
      .column(Territory.TERRITORY_SIZE, "bigint", TERRITORY_SIZE)
      .column(Territory.TERRITORY_MEAN_RATE, "double", TERRITORY_MEAN_RATE)
      .column(Territory.TERRITORY_SD_RATE, "double", TERRITORY_SD_RATE)
      .column(Profile.ACTIVE_PATIENTS, "bigint", ACTIVE_PATIENTS)
      .column(Expected.OBSERVED_DAYS, "double", "His IJ days in the observation period.")
      .column(Expected.EXPECTED_DAYS, "double", EXPECTED_DAYS)
      .column(Expected.OBSERVED_RATE, "double", OBSERVED_RATE)
      .column(Expected.EXPECTED_RATE, "double", EXPECTED_RATE)
      .column(Expected.RATIO, "double", RATIO + " The published rule's ratio.")
      .column(Expected.Z, "double", Z)
      .column(Expected.FUNNEL_998_HIGH, "double", FUNNEL_998_HIGH)
      .column(Expected.SHRUNK_RATIO, "double", SHRUNK_RATIO)
      .column(Expected.REGION_PERCENT_RANK, "double", REGION_PERCENT_RANK)
      .column(Expected.REGION_GPS, "bigint", REGION_GPS)
      .column(Targeting.PASSES_RAW_RULE, "boolean", "Whether the campaign's rule passes its "
          + "raw test: its ratio (ratio, or persistent_ratio under the persistent rule) at or "
          + "above the ratio threshold and region_percent_rank at or above the regional rank "
          + "threshold; false when a figure is missing.")
      .column(Targeting.PASSES_SAFEGUARD, "boolean", "Whether the campaign rule's safeguard "
          + "passes (published rule: z at or above safeguard.funnel-z, 3.09, or in SHRUNK mode "
          + "shrunk_ratio at or above safeguard.shrunk-ratio; persistent rule: "
          + "probability_at_threshold at or above persistent.min-probability and semesters at "
          + "or above persistent.min-semesters), computed even when the safeguard is off; "
          + "false when a figure is missing.")
      .column(Targeting.SAFEGUARD_ENABLED, "boolean", "Whether the campaign applies its "
          + "safeguard (the target job's --no-safeguard turns it off).")
      .column(Targeting.SAFEGUARD_MODE, "string", "The published rule's safeguard as "
          + "configured: FUNNEL (z) or SHRUNK (shrunken ratio).")
      .column(Targeting.EXCLUSIONS, "string", "Every exclusion that applies, comma-separated: "
          + "SMALL_LIST (fewer active patients than the campaign's minimum), RECENT_INSTALLATION "
          + "(installed after the observation start minus the minimum years installed); empty "
          + "when none.")
      .column(Targeting.ELIGIBLE, "boolean", "Whether his campaign_history makes him eligible: "
          + "an EXCHANGE in the look-back window before the campaign's start, or an earlier "
          + "prior procedure (MSO, MSO_REFUSED, MSAP); false when neither.")
      .column(Targeting.QUALIFYING_EVENT, "string", "The event that makes him eligible: his "
          + "latest prior procedure, as type, campaign and date like MSO 2023 (2023-10-05), "
          + "else his latest exchange in the window, like EXCHANGE 2024-03-12; null when not "
          + "eligible.")
      .column(Targeting.WAVE, "string", "Name of the first campaign wave whose rule his events "
          + "meet (an exchange inside the wave's window, or a prior procedure when the wave "
          + "accepts one); null when none.")
      .column(Targeting.STATUS, "string", "His status, the first that applies: BELOW_THRESHOLD "
          + "(fails the raw rule), FAILS_SAFEGUARD (passes the raw rule but not the safeguard, "
          + "safeguard on), EXCLUDED_SMALL_LIST, EXCLUDED_RECENT_INSTALLATION, NOT_ELIGIBLE (not "
          + "eligible or no wave), TARGETED.")
      .column(Targeting.OBJECTIVE_REDUCTION, "double", "The change of his rate the campaign "
          + "asks, a negative fraction set by the band of the rule's ratio (2025-2026: -0.20 "
          + "from 2, -0.25 from 2.5, -0.30 from 3); null when he fails the raw rule.")
      .column(Targeting.TARGET_RATE, "double", "observed_rate x (1 + objective_reduction): the "
          + "rate asked of him, IJ days per active patient per year; null without an "
          + "objective.")
      .column(Targeting.SELECTION_RULE, "string", "The rule the campaign selects with: "
          + "PUBLISHED (the observation period's ratio) or PERSISTENT (persistent_ratio).")
      .column(Targeting.PASSES_PUBLISHED_RULE, "boolean", "Whether the published rule passes "
          + "for him (raw rule, and its funnel or shrunk safeguard when the campaign's "
          + "safeguard is on), whatever rule the campaign selects with.")
      .column(Targeting.PASSES_PERSISTENT_RULE, "boolean", "Whether the persistent rule passes "
          + "for him (raw rule on persistent_ratio, and its probability and semesters "
          + "safeguard when the campaign's safeguard is on); false without a persistent "
          + "estimate.")
      .column(Persistent.PERSISTENT_RATIO, "double", "His persistent ratio from the campaign's "
          + "slice of persistent_ratio; null when the campaign has none or he is not in it.")
      .column(Persistent.PERSISTENT_RATIO_LOW95, "double", "Lower end of the 95 % interval of "
          + "his persistent ratio; null without one.")
      .column(Persistent.PERSISTENT_RATIO_HIGH95, "double", "Upper end of the 95 % interval of "
          + "his persistent ratio; null without one.")
      .column(Persistent.PROBABILITY_AT_THRESHOLD, "double", "Posterior probability that his "
          + "persistent ratio is at or above ratio_threshold; null without one.")
      .column(Persistent.RATIO_THRESHOLD, "double", "The campaign's ratio threshold as recorded "
          + "in persistent_ratio; null without a persistent estimate.")
      .column(Persistent.SEMESTERS, "bigint", "Semesters behind his persistent ratio; null "
          + "without one.")
      .column(Persistent.PERIODS, "string", "Labels of those semesters, comma-separated in "
          + "order; null without a persistent ratio.")
      .column(Persistent.DAYS_AS_SUBSTITUTE, "double", "His days as a substitute over those "
          + "semesters (persistent_ratio's); null without a persistent ratio.")
      .column(Persistent.EXCLUDE_SUBSTITUTE_DAYS, "boolean", "Whether his persistent ratio "
          + "leaves those days out (persistent.exclude-substitute-days); null without one.")
      .column(Persistent.STOP_LENGTH_RATIO, "double", "His days per stop over those semesters "
          + "against his peers' (persistent_ratio's); null unless the estimate reads a credible "
          + "stop length (persistent.stop-length = CREDIBLE).")
      .column(Persistent.CREDIBLE_STOP_LENGTH_RATIO, "double", "The length ratio his persistent "
          + "ratio reads: stop_length_ratio pulled towards the GPs' as far as his stops leave it "
          + "uncertain; null unless CREDIBLE.")
      .column(Profile.SHARE_AGE_16_29, "double", share(AGE.formatted("16 to 29"), SUPPRESSED))
      .column("territory_share_age_16_29", "double", territoryShare(Profile.SHARE_AGE_16_29))
      .column(Profile.SHARE_AGE_30_39, "double", share(AGE.formatted("30 to 39"), SUPPRESSED))
      .column("territory_share_age_30_39", "double", territoryShare(Profile.SHARE_AGE_30_39))
      .column(Profile.SHARE_AGE_40_49, "double", share(AGE.formatted("40 to 49"), SUPPRESSED))
      .column("territory_share_age_40_49", "double", territoryShare(Profile.SHARE_AGE_40_49))
      .column(Profile.SHARE_AGE_50_59, "double", share(AGE.formatted("50 to 59"), SUPPRESSED))
      .column("territory_share_age_50_59", "double", territoryShare(Profile.SHARE_AGE_50_59))
      .column(Profile.SHARE_AGE_60_64, "double", share(AGE.formatted("60 to 64"), SUPPRESSED))
      .column("territory_share_age_60_64", "double", territoryShare(Profile.SHARE_AGE_60_64))
      .column(Profile.SHARE_WOMEN, "double", share("who are women", SUPPRESSED))
      .column("territory_share_women", "double", territoryShare(Profile.SHARE_WOMEN))
      .column(Profile.SHARE_ALD, "double", share("with an ALD (long-term condition) period "
          + "overlapping the period", SUPPRESSED))
      .column("territory_share_ald", "double", territoryShare(Profile.SHARE_ALD))
      .column(Profile.SHARE_C2S, "double", share("with C2S (complementary health cover for low "
          + "incomes) overlapping the period", SUPPRESSED))
      .column("territory_share_c2s", "double", territoryShare(Profile.SHARE_C2S))
      .column(Targeting.EXPLANATION, "string", "The letter's figures in French: his rate and "
          + "active patients, his comparison group's size, mean and standard deviation, the "
          + "expected rate, ratio, shrunken ratio, z and regional rank, his persistent ratio "
          + "when he has one, then his objective and wave if targeted, else his status.")
      .build();

  public static final TableSchema FAIRNESS = table(Tables.FAIRNESS,
          "One row per campaign, GP attribute and category: how the category weighs among the "
          + "GPs of the targeting table and among the targeted, with the safeguard, without it "
          + "and under the other selection rule; written by target.")
      .partitionedBy(Targeting.CAMPAIGN)
      .column(Targeting.CAMPAIGN, "string", CAMPAIGN_NAME)
      .column("dimension", "string", "The GP attribute: sex, age_band (age in the observation "
          + "period's final year), years_installed (whole years from installation to the "
          + "observation start), exercise_mode, cluster or supply_class.")
      .column("category", "string", "The attribute's value: M or F; <40, 40-49, 50-59, 60+; "
          + "<2, 2-4, 5-9, 10+ or not_installed; the exercise mode; the cluster or supply "
          + "class number.")
      .column("profiled_gps", "bigint", "GPs of the campaign's targeting rows in the category.")
      .column("profiled_share", "double", "profiled_gps over the dimension's total.")
      .column("targeted_gps", "bigint", "Of them, GPs TARGETED by the campaign as run.")
      .column("targeted_share", "double", "targeted_gps over the dimension's total; null when "
          + "nobody is targeted.")
      .column("targeting_rate", "double", "targeted_gps / profiled_gps.")
      .column("targeted_gps_no_safeguard", "bigint", "GPs of the category the same campaign "
          + "targets with the safeguard off.")
      .column("targeted_share_no_safeguard", "double", "targeted_gps_no_safeguard over the "
          + "dimension's total; null when nobody is.")
      .column("other_rule", "string", "The campaign's other selection rule (PERSISTENT for a "
          + "campaign selecting on the published rule, PUBLISHED for one selecting on the "
          + "persistent one); null when the campaign has no persistent estimate.")
      .column("targeted_gps_other_rule", "bigint", "GPs of the category the campaign targets "
          + "under other_rule, safeguard as run; null without a persistent estimate.")
      .column("targeted_share_other_rule", "double", "targeted_gps_other_rule over the "
          + "dimension's total; null without a persistent estimate or when nobody is.")
      .build();

  public static final TableSchema PERSISTENT_RATIO = table(Tables.PERSISTENT_RATIO,
          "One row per campaign and GP profiled in at least one calendar semester ending "
          + "before the campaign's start and not after its observation period: his persistent "
          + "ratio over those semesters with its uncertainty, and the fit's figures; written by "
          + "persistent.")
      .partitionedBy(Persistent.CAMPAIGN)
      .column(Persistent.CAMPAIGN, "string", CAMPAIGN_NAME)
      .column(Persistent.LAST_PERIOD, "string", "The last semester the estimate uses, e.g. "
          + "2024S2; the same on every row of the campaign.")
      .column(Persistent.PHYSICIAN_ID, "string", RPPS)
      .column(Persistent.SEMESTERS, "bigint", "Semesters he is profiled and modelled in, which "
          + "his estimate uses.")
      .column(Persistent.PERIODS, "string", "Labels of those semesters, comma-separated in "
          + "order.")
      .column(Persistent.STOPS, "bigint", "His stops summed over those semesters (a stop "
          + "spanning two semesters counts in each).")
      .column(Persistent.OWN_STOP_DISPERSION, "double", "Sum of his stops' squared days / sum "
          + "of his days over the semesters: his own stop dispersion; null when he has no "
          + "day.")
      .column(Persistent.TERRITORY_STOP_DISPERSION, "double", "His territories' stop "
          + "dispersion D_t, averaged over the semesters weighted by his days in each (plain "
          + "mean when he has no day).")
      .column(Persistent.STOP_DISPERSION, "double", "His own dispersion pulled towards his "
          + "territories': (stops x own + n0 x territory) / (stops + n0), n0 = "
          + "persistent.dispersion-prior-stops (50); his territories' when he has no day. The "
          + "dispersion his noise variances use.")
      .column(Persistent.OBSERVED_DAYS, "double", "His IJ days summed over the semesters, "
          + "without his days as a substitute when exclude_substitute_days.")
      .column(Persistent.EXPECTED_DAYS, "double", "The days each semester's model expects of "
          + "him, summed over the semesters; with leave_self_out, each semester's times his "
          + "territory's other GPs' observed / expected days (his peers without him).")
      .column(Persistent.FITTED_EXPECTED_DAYS, "double", "The days each semester's model "
          + "expects of him as fitted (his own days among his territory's), summed; equal to "
          + "expected_days without leave_self_out.")
      .column(Persistent.POOLED_RATIO, "double", "observed_days / expected_days, raw.")
      .column(Persistent.WEIGHTED_LOG_RATIO, "double", "Precision-weighted mean of his "
          + "semesters' log ratios log((O + D/2) / (E + D/2)), D = gp_stop_dispersion, weights "
          + "1 / (sigma2_semester + noise_scale x the semester's noise variance).")
      .column(Persistent.WEIGHTED_LOG_RATIO_SE, "double", "Standard error of "
          + "weighted_log_ratio: 1 / sqrt(sum of the weights); under WINDOW noise "
          + "sqrt(sigma2_semester / semesters + the window's noise variance).")
      .column(Persistent.PERSISTENT_LOG_RATIO, "double", "log of persistent_ratio: the "
          + "posterior mean of his persistent log ratio (prior normal with mean_log_ratio and "
          + "tau2_persistent, or the mixture's: then the mean of the posterior mixture) plus "
          + "sigma2_semester / 2.")
      .column(Persistent.PERSISTENT_LOG_RATIO_SD, "double", "Posterior standard deviation of "
          + "his persistent log ratio; 0 when tau2_persistent is 0.")
      .column(Persistent.PERSISTENT_RATIO, "double", "exp(persistent_log_ratio): the ratio of "
          + "observed to expected days he shows on average over semesters once the noise is "
          + "removed, on the scale of the campaign's ratio threshold.")
      .column(Persistent.PERSISTENT_RATIO_LOW95, "double", "Lower end of its 95 % interval: "
          + "exp(persistent_log_ratio - 1.96 x persistent_log_ratio_sd); under the mixture "
          + "prior exp of the posterior mixture's 2.5 % quantile (+ sigma2_semester / 2).")
      .column(Persistent.PERSISTENT_RATIO_HIGH95, "double", "Upper end of its 95 % interval: "
          + "exp(persistent_log_ratio + 1.96 x persistent_log_ratio_sd); under the mixture "
          + "prior exp of its 97.5 % quantile (+ sigma2_semester / 2).")
      .column(Persistent.RATIO_THRESHOLD, "double", "The campaign's ratio threshold "
          + "(thresholds.ratio) at which probability_at_threshold is taken.")
      .column(Persistent.PROBABILITY_AT_THRESHOLD, "double", "Posterior probability that his "
          + "persistent ratio is at or above ratio_threshold (0 or 1 when "
          + "persistent_log_ratio_sd is 0).")
      .column(Persistent.POSTERIOR_WEIGHT_HIGH, "double", "Under the mixture prior "
          + "(persistent_prior MIXTURE): his posterior probability of belonging to its high "
          + "component; null under the normal prior.")
      .column(Persistent.MEAN_LOG_RATIO, "double", "The fit's mu: mean over GPs of their plain "
          + "mean log ratio over semesters of at least persistent.moments-min-expected-days "
          + "expected days, the prior mean of a persistent log ratio; the same on every row of "
          + "the campaign.")
      .column(Persistent.TAU2_PERSISTENT, "double", "The fit's variance of the persistent log "
          + "ratio across GPs (method of moments, floored at 0); the same on every row.")
      .column(Persistent.SIGMA2_SEMESTER, "double", "The fit's variance of a semester's shock "
          + "on a GP's log ratio (method of moments, floored at 0); the same on every row.")
      .column(Persistent.NOISE_SCALE, "double", "kappa: the factor the fit applies to the "
          + "modelled compound Poisson noise variances (1 when it cannot be told from the "
          + "shock); the same on every row.")
      .column(Persistent.SHOCK_CORRELATION, "double", "rho: the correlation of a GP's semester "
          + "shocks one semester apart (rho^h at h semesters), fitted on the semivariogram of "
          + "the GPs' log ratios; 0 when the shocks are independent or fewer than three "
          + "semesters tell, and under WINDOW noise (the window carries what long stops "
          + "straddling semesters share); the same on every row.")
      .column(Persistent.MOMENT_GPS, "bigint", "GPs with at least one semester of "
          + "persistent.moments-min-expected-days (50) expected days, over which the moments "
          + "were fitted; the same on every row.")
      .column(Persistent.LEAVE_SELF_OUT, "boolean", "persistent.leave-self-out of the "
          + "campaign: whether expected_days compares him with his territory's other GPs only; "
          + "the same on every row.")
      .column(Persistent.PERSISTENT_PRIOR, "string", "The prior of the persistent log ratio "
          + "applied: NORMAL (normal with mean_log_ratio and tau2_persistent) or MIXTURE (two "
          + "normals fitted by EM, the mixture_ columns); NORMAL when persistent.prior asks for "
          + "MIXTURE but the fit shows no second component. The same on every row.")
      .column(Persistent.MIXTURE_WEIGHT_HIGH, "double", "The mixture prior's weight of its high "
          + "component (the one of higher mean); null under the normal prior. The same on "
          + "every row, as the four below.")
      .column(Persistent.MIXTURE_MEAN_LOW, "double", "Mean of the mixture's low component "
          + "(log ratio).")
      .column(Persistent.MIXTURE_TAU2_LOW, "double", "Variance of the mixture's low component.")
      .column(Persistent.MIXTURE_MEAN_HIGH, "double", "Mean of the mixture's high component "
          + "(log ratio).")
      .column(Persistent.MIXTURE_TAU2_HIGH, "double", "Variance of the mixture's high "
          + "component.")
      .column(Persistent.DAYS_AS_SUBSTITUTE, "double", "His days as a substitute (under a "
          + "titular's id, during the titular's contract) summed over the semesters; left out "
          + "of observed_days when exclude_substitute_days.")
      .column(Persistent.EXCLUDE_SUBSTITUTE_DAYS, "boolean", "persistent.exclude-substitute-days"
          + " of the campaign: whether observed_days, and the estimate, leave out his days as "
          + "a substitute, which have no patient of his own list behind them; the same on "
          + "every row.")
      .column(Persistent.PERSISTENT_NOISE, "string", "persistent.noise of the campaign: "
          + "SEMESTERS, the noise of his mean taken semester by semester (each semester's "
          + "compound Poisson noise scaled by noise_scale, shocks correlated by "
          + "shock_correlation), or WINDOW, the compound Poisson noise of his days over the "
          + "whole window with each stop counted once (window_stop_dispersion) and independent "
          + "shocks. The same on every row.")
      .column(Persistent.WINDOW_STOP_DISPERSION, "double", "Under WINDOW noise: his stop "
          + "dispersion over the window, Σd²/Σd with d a stop's days over the whole window of "
          + "his semesters (a long stop straddling semesters counts once), pulled towards his "
          + "territory's with dispersion-prior-stops stops; the noise variance of his mean log "
          + "ratio is this over his expected days times his pooled ratio. Null under SEMESTERS.")
      .column(Persistent.STOP_LENGTH, "string", "persistent.stop-length of the campaign: OWN, "
          + "his days as they are, or CREDIBLE, his count of stops times a credible length "
          + "(credible_stop_length_ratio); the same on every row; null on rows written before "
          + "the setting existed.")
      .column(Persistent.STOP_LENGTH_RATIO, "double", "Under CREDIBLE: his own days per stop "
          + "over the semesters against his peers' (his territories' days per stop, weighted "
          + "by his expected days). Null under OWN.")
      .column(Persistent.CREDIBLE_STOP_LENGTH_RATIO, "double", "Under CREDIBLE: the length "
          + "ratio the estimate uses, stop_length_ratio pulled towards the GPs' by empirical "
          + "Bayes as far as the number and dispersion of his stops leave it uncertain; his "
          + "estimate reads his days as his stops times his territories' days per stop times "
          + "this. Null under OWN.")
      .build();

  public static final TableSchema CAMPAIGN_EVALUATION = table(Tables.CAMPAIGN_EVALUATION,
          "One row per group of a past campaign's evaluation: the published comparison's "
          + "groups MSO, MSAP, ALL_TREATED and ALL_OTHER, and the headline estimate's row "
          + "(group CONTROLS, headline true); written by evaluate.")
      .partitionedBy(Evaluation.CAMPAIGN)
      .column(Evaluation.CAMPAIGN, "string", EVALUATED_CAMPAIGN)
      .column(Evaluation.BASELINE, "string", "The published comparison's baseline period, e.g. "
          + "2022S2; on the headline row its baseline semesters joined by +, e.g. "
          + "2023S1+2023S2, or - when there is none.")
      .column(Evaluation.FOLLOW_UP, "string", "The follow-up period, e.g. 2024S2.")
      .column(Evaluation.GROUP, "string", "MSO or MSAP (treated GPs by their event of the "
          + "campaign, MSAP winning), ALL_TREATED (both), ALL_OTHER (every other GP), or "
          + "CONTROLS (the headline row).")
      .column(Evaluation.GPS, "double", "GPs of the group profiled in both the baseline and "
          + "the follow-up; on the headline row, the untreated GPs profiled in every baseline "
          + "semester and the follow-up (0 when none).")
      .column(Evaluation.BASELINE_DAYS, "double", "The group's IJ days in the baseline; on the "
          + "headline row, the controls' days of stops started in the same semester, over the "
          + "baseline semesters.")
      .column(Evaluation.BASELINE_EXPOSURE, "double", "The group's exposure in the baseline, "
          + "patient-years (headline row: the controls' over the baseline semesters).")
      .column(Evaluation.BASELINE_RATE, "double", "baseline_days / baseline_exposure: IJ days "
          + "per active patient per year.")
      .column(Evaluation.FOLLOW_UP_DAYS, "double", "The group's IJ days in the follow-up; on "
          + "the headline row, the controls' days of stops started in the follow-up.")
      .column(Evaluation.FOLLOW_UP_EXPOSURE, "double", "The group's exposure in the follow-up, "
          + "patient-years.")
      .column(Evaluation.FOLLOW_UP_RATE, "double", "follow_up_days / follow_up_exposure.")
      .column(Evaluation.CHANGE_PCT, "double", "100 x (follow_up_rate / baseline_rate - 1).")
      .column(Evaluation.MEAN_BASELINE_RATIO, "double", "Mean of the group's GPs' ratio "
          + "(observed / expected days) in the baseline period's model; null on the headline "
          + "row.")
      .column(Evaluation.OBJECTIVE_ATTAINMENT, "double", "MSO row only: share of the MSO GPs "
          + "with an objective whose follow-up rate is at or below it; null elsewhere or when "
          + "none has an objective.")
      .column(Evaluation.GPS_WITH_OBJECTIVE, "bigint", "MSO row only: MSO GPs of the group "
          + "with an objective (campaign_history.objective_ij_per_patient).")
      .column(Evaluation.SAVINGS_DAYS, "double", "ALL_TREATED row: the published savings, each "
          + "treated GP's baseline rate moved like all other GPs' rate, times his follow-up "
          + "exposure, minus the treated's follow-up days; headline row: counterfactual minus "
          + "actual follow-up days of the treated. Null elsewhere or without an estimate.")
      .column(Evaluation.SAVINGS_EUR, "double", "savings_days x eur_per_day.")
      .column(Evaluation.EUR_PER_DAY, "double", "Euros per IJ day in the follow-up: sum of "
          + "amount_eur / sum of ij_days over its gp_period_profile rows; on the ALL_TREATED "
          + "and headline rows.")
      .column(Evaluation.DID_LOG, "double", "ALL_OTHER row: the published difference in "
          + "differences of log pooled rates, treated against all other GPs; headline row: the "
          + "headline effect, log of the treated's actual over counterfactual follow-up days, "
          + "null unless status is ESTIMATED; null on the other rows.")
      .column(Evaluation.DID_CI_LOW, "double", "Headline row: lower end of the 95 % interval of "
          + "did_log.")
      .column(Evaluation.DID_CI_HIGH, "double", "Headline row: upper end of the 95 % interval "
          + "of did_log.")
      .column(Evaluation.EFFECT_PCT, "double", "100 x (exp(did_log) - 1): the effect as a "
          + "percentage change of the treated's days.")
      .column(Evaluation.METHOD, "string", "How the row's effect is estimated, in words "
          + "(ALL_OTHER and headline rows).")
      .column(Evaluation.HEADLINE, "boolean", "True on the headline estimate's row (group "
          + "CONTROLS), false on the published comparison's rows.")
      .column(Evaluation.STATUS, "string", "Headline row: ESTIMATED, or why there is no "
          + "figure: PRE_TREND (the placebo shows the treated drifting apart before the "
          + "campaign), NO_BASELINE, NO_CONTROLS, NO_TREATED; null on the other rows.")
      .column(Evaluation.TREATED_EVALUATED, "bigint", "Headline row: treated GPs in the "
          + "estimate (profiled in every baseline semester and in the follow-up).")
      .column(Evaluation.SAVINGS_DAYS_LOW, "double", "Headline row: lower end of the 95 % "
          + "interval of savings_days.")
      .column(Evaluation.SAVINGS_DAYS_HIGH, "double", "Headline row: upper end of the 95 % "
          + "interval of savings_days.")
      .column(Evaluation.SAVINGS_EUR_LOW, "double", "Headline row: savings_days_low x "
          + "eur_per_day.")
      .column(Evaluation.SAVINGS_EUR_HIGH, "double", "Headline row: savings_days_high x "
          + "eur_per_day.")
      .column(Evaluation.PLACEBO_LOG, "double", "Headline row: the same estimate on the days "
          + "of stops started in the semester, with the last baseline semester as target and "
          + "the earlier ones as baseline, where the campaign cannot act and it should be 0; "
          + "null with fewer than two baseline semesters.")
      .column(Evaluation.PLACEBO_CI_LOW, "double", "Headline row: lower end of the placebo's "
          + "95 % interval.")
      .column(Evaluation.PLACEBO_CI_HIGH, "double", "Headline row: upper end of the placebo's "
          + "95 % interval.")
      .build();

  public static final TableSchema EVALUATION_SERIES = table(Tables.EVALUATION_SERIES,
          "One row per evaluated campaign, group and profiled calendar semester: the group's "
          + "pooled IJ days, exposure and rate, membership fixed by the evaluation; written by "
          + "evaluate.")
      .partitionedBy(Evaluation.CAMPAIGN)
      .column(Evaluation.CAMPAIGN, "string", EVALUATED_CAMPAIGN)
      .column(Evaluation.PERIOD, "string", SEMESTER_LABEL)
      .column(Evaluation.GROUP, "string", "MSO, MSAP or ALL_OTHER (the published comparison's "
          + "groups), ALL_TREATED (MSO and MSAP together), or CONTROLS (the headline's untreated "
          + "GPs).")
      .column(Evaluation.GPS, "bigint", "GPs of the group profiled in the semester.")
      .column(Evaluation.DAYS, "double", "Their IJ days in the semester, summed.")
      .column(Evaluation.EXPOSURE, "double", "Their exposure in the semester, patient-years, "
          + "summed.")
      .column(Evaluation.RATE, "double", "days / exposure: the group's pooled IJ days per "
          + "active patient per year.")
      .build();

  public static final TableSchema EVALUATION_BALANCE = table(Tables.EVALUATION_BALANCE,
          "One row per evaluated campaign and calendar semester: the headline's treated GPs "
          + "against its untreated ones, pooled rates of all days and of new stops, their log "
          + "gaps, and the headline estimate with that semester as target; written by "
          + "evaluate.")
      .partitionedBy(Evaluation.CAMPAIGN)
      .column(Evaluation.CAMPAIGN, "string", EVALUATED_CAMPAIGN)
      .column(Evaluation.PERIOD, "string", SEMESTER_LABEL)
      .column(Evaluation.ROLE, "string", "What the semester is to the evaluation: "
          + "BEFORE_SELECTION, SELECTION, BASELINE, BETWEEN, CAMPAIGN or FOLLOW_UP.")
      .column(Evaluation.TREATED_GPS, "bigint", "Treated GPs of the headline panel (profiled in "
          + "every baseline semester and in the follow-up) profiled in this semester.")
      .column(Evaluation.CONTROL_GPS, "bigint", "Untreated GPs of the same panel profiled in "
          + "this semester.")
      .column(Evaluation.TREATED_RATE, "double", "The treated's pooled IJ days / pooled "
          + "exposure in the semester.")
      .column(Evaluation.CONTROL_RATE, "double", "The untreated's pooled IJ days / pooled "
          + "exposure in the semester.")
      .column(Evaluation.LOG_GAP, "double", "log(treated_rate / control_rate).")
      .column(Evaluation.TREATED_CLEAN_RATE, "double", "The treated's pooled days of stops "
          + "started in this semester / their exposure; null before the selection window.")
      .column(Evaluation.CONTROL_CLEAN_RATE, "double", "The untreated's pooled days of stops "
          + "started in this semester / their exposure; null before the selection window.")
      .column(Evaluation.CLEAN_LOG_GAP, "double", "log(treated_clean_rate / "
          + "control_clean_rate); null when either is 0 or before the selection window.")
      .column(Evaluation.ESTIMATE_LOG, "double", "The headline estimate (log effect) with this "
          + "semester as target, from the semester of the treatment start on; the placebo in "
          + "the last baseline semester; null otherwise or without an estimate.")
      .column(Evaluation.ESTIMATE_CI_LOW, "double", "Lower end of estimate_log's 95 % "
          + "interval.")
      .column(Evaluation.ESTIMATE_CI_HIGH, "double", "Upper end of estimate_log's 95 % "
          + "interval.")
      .build();

  // ---------------------------------------------------------------------------------------
  // Ingested landing zone: the accepted rows of each file, and the rejected ones.

  public static final TableSchema PHYSICIANS = table(Tables.PHYSICIANS,
          "One row per prescriber of physicians.csv accepted by the contract; replaced whole "
          + "by ingest.")
      .column(Physicians.PHYSICIAN_ID, "string", RPPS)
      .column(Physicians.SPECIALTY_CODE, "string", "2-digit specialty code; 01 = general "
          + "practice, the only one profiled.")
      .column(Physicians.EXERCISE_MODE, "string", "How he practises: LIBERAL or "
          + "SALARIED_CENTER.")
      .column(Physicians.PRACTICE_IRIS, "string", "9-character INSEE IRIS code of his "
          + "practice.")
      .column(Physicians.REGION_CODE, "string", "2-character INSEE code of his region.")
      .column(Physicians.INSTALLATION_DATE, "date", "Date he installed; null for a substitute "
          + "who is not installed.")
      .column(Physicians.BIRTH_YEAR, "int", "His year of birth.")
      .column(Physicians.SEX, "string", "His sex: M or F.")
      .column(Quarantine.SOURCE_FILE, "string", SOURCE_FILE)
      .column(Quarantine.SOURCE_LINE, "bigint", SOURCE_LINE)
      .build();

  public static final TableSchema PATIENTS = table(Tables.PATIENTS,
          "One row per insured person of patients.csv accepted by the contract; replaced whole "
          + "by ingest." + PATIENT_LEVEL)
      .withoutSkippingStatistics()
      .column(Patients.PATIENT_ID, "string", "Pseudonymous identifier of the insured person.")
      .column(Patients.BIRTH_YEAR, "int", "Year of birth.")
      .column(Patients.SEX, "string", "Sex: M or F.")
      .column(Patients.ALD_START, "date", "Start of the patient's ALD (long-term condition) "
          + "period; null when none.")
      .column(Patients.ALD_END, "date", "End of the ALD period; null when ongoing or none.")
      .column(Patients.C2S_START, "date", "Start of the patient's C2S (complementary health "
          + "cover for low incomes); null when none.")
      .column(Patients.C2S_END, "date", "End of the C2S; null when ongoing or none.")
      .column(Patients.ACTIVE_START, "date", "Start of the patient's employment, which makes "
          + "him an active patient; null when none.")
      .column(Patients.ACTIVE_END, "date", "End of the employment; null when ongoing or none.")
      .column(Quarantine.SOURCE_FILE, "string", SOURCE_FILE)
      .column(Quarantine.SOURCE_LINE, "bigint", SOURCE_LINE)
      .build();

  public static final TableSchema MT_LINKS = table(Tables.MT_LINKS,
          "One row per médecin-traitant declaration of mt_links.csv accepted by the contract; "
          + "replaced whole by ingest." + PATIENT_LEVEL)
      .withoutSkippingStatistics()
      .column(MtLinks.PATIENT_ID, "string", "Pseudonymous identifier of the patient.")
      .column(MtLinks.PHYSICIAN_ID, "string", "RPPS number of the declared médecin traitant.")
      .column(MtLinks.START_DATE, "date", "First day of the declaration.")
      .column(MtLinks.END_DATE, "date", "Last day of the declaration; null when ongoing.")
      .column(Quarantine.SOURCE_FILE, "string", SOURCE_FILE)
      .column(Quarantine.SOURCE_LINE, "bigint", SOURCE_LINE)
      .build();

  public static final TableSchema CLAIMS_CLEAN = table(Tables.CLAIMS_CLEAN,
          "One row per paid IJ period (claim) of ij_claims accepted by the contract, reversals "
          + "and reversed claims included; replaced whole by ingest." + PATIENT_LEVEL)
      .withStatisticsOnlyOn(Claims.PERIOD_START, Claims.PERIOD_END)
      .column(Claims.CLAIM_ID, "string", "Identifier of the claim, unique in the table.")
      .column(Claims.STOP_ID, "string", "Identifier of the sick-leave stop the claim belongs "
          + "to: an initial prescription and its prolongations share it.")
      .column(Claims.PRESCRIPTION_KIND, "string", "INITIAL or PROLONGATION.")
      .column(Claims.PATIENT_ID, "string", "Pseudonymous identifier of the patient.")
      .column(Claims.PRESCRIBER_ID, "string", "RPPS number under which the sick leave was "
          + "prescribed (the replacement rule may attribute it to a substitute).")
      .column(Claims.PRESCRIPTION_DATE, "date", "Date of the prescription.")
      .column(Claims.PERIOD_START, "date", "First day of the paid period (inclusive).")
      .column(Claims.PERIOD_END, "date", "Last day of the paid period (inclusive).")
      .column(Claims.PAID_DAYS, "int", "IJ days paid for the period, at most its calendar "
          + "days.")
      .column(Claims.AMOUNT_EUR, "double", "Euros paid for the period.")
      .column(Claims.RISK, "string", "MALADIE (sickness, the only risk in scope), AT_MP (work "
          + "accident or occupational disease) or MATERNITE.")
      .column(Claims.REVERSAL_OF, "string", "For a reversal, the claim_id it cancels; null for "
          + "an ordinary claim. Reversals count for nothing.")
      .column("reversed", "boolean", "True when an accepted reversal cancels this claim; a "
          + "reversed claim counts for nothing.")
      .column(Quarantine.SOURCE_FILE, "string", SOURCE_FILE)
      .column(Quarantine.SOURCE_LINE, "bigint", SOURCE_LINE)
      .build();

  public static final TableSchema REPLACEMENTS = table(Tables.REPLACEMENTS,
          "One row per replacement contract of replacements.csv accepted by the contract; "
          + "replaced whole by ingest.")
      .column(Replacements.TITULAR_ID, "string", "RPPS number of the physician replaced.")
      .column(Replacements.SUBSTITUTE_ID, "string", "RPPS number of the substitute (often absent "
          + "from physicians).")
      .column(Replacements.START_DATE, "date", "First day of the contract (inclusive).")
      .column(Replacements.END_DATE, "date", "Last day of the contract (inclusive).")
      .column(Quarantine.SOURCE_FILE, "string", SOURCE_FILE)
      .column(Quarantine.SOURCE_LINE, "bigint", SOURCE_LINE)
      .build();

  public static final TableSchema IRIS_INDICATORS = table(Tables.IRIS_INDICATORS,
          "One row per IRIS of iris_indicators.csv accepted by the contract, the socio-economic "
          + "indicators the k-means clusters use; replaced whole by ingest.")
      .column(IrisIndicators.IRIS_CODE, "string", "9-character INSEE IRIS code.")
      .column(IrisIndicators.COMMUNE_CODE, "string", "5-character INSEE code of its commune "
          + "(2A or 2B for Corsica).")
      .column(IrisIndicators.REGION_CODE, "string", "2-character INSEE code of its region.")
      .column(IrisIndicators.POPULATION, "int", "Inhabitants of the IRIS.")
      .column(IrisIndicators.MEDIAN_INCOME_EUR, "double", "Median income of the IRIS in euros "
          + "(the reference job uses INSEE Filosofi's median declared income per consumption "
          + "unit); null when unknown.")
      .column(IrisIndicators.POVERTY_RATE, "double", "Poverty rate, a fraction in [0, 1]; null "
          + "when unknown.")
      .column(IrisIndicators.UNEMPLOYMENT_RATE, "double", "Unemployment rate, a fraction in [0, "
          + "1]; null when unknown.")
      .column(IrisIndicators.MANUAL_WORKER_SHARE, "double", "Share of manual workers, a "
          + "fraction in [0, 1]; null when unknown.")
      .column(IrisIndicators.SINGLE_PARENT_SHARE, "double", "Share of single-parent families, "
          + "a fraction in [0, 1]; null when unknown (always, from the public files).")
      .column(Quarantine.SOURCE_FILE, "string", SOURCE_FILE)
      .column(Quarantine.SOURCE_LINE, "bigint", SOURCE_LINE)
      .build();

  public static final TableSchema IRIS_CLUSTERS = table(Tables.IRIS_CLUSTERS,
          "One row per IRIS of the optional iris_clusters.csv accepted by the contract, a "
          + "supplied typology used instead of k-means; replaced whole by ingest, empty when "
          + "the file is absent.")
      .column(IrisClusters.IRIS_CODE, "string", "9-character INSEE IRIS code.")
      .column(IrisClusters.CLUSTER, "int", "The IRIS's supplied cluster, 1 = least fragile to "
          + "k = most fragile.")
      .column(Quarantine.SOURCE_FILE, "string", SOURCE_FILE)
      .column(Quarantine.SOURCE_LINE, "bigint", SOURCE_LINE)
      .build();

  public static final TableSchema APL = table(Tables.APL,
          "One row per commune and year of apl.csv accepted by the contract: the DREES "
          + "accessibility to GPs behind the supply classes; replaced whole by ingest.")
      .column(Apl.COMMUNE_CODE, "string", "5-character INSEE commune code (2A or 2B for "
          + "Corsica).")
      .column(Apl.YEAR, "int", "Year of the figure.")
      .column(Apl.APL, "double", "DREES APL (localised potential accessibility) to GPs of the "
          + "commune in that year: the lower, the more under-served.")
      .column(Apl.ZONING, "string", "ZIP, ZAC or NONE; from the reference job a proxy from the "
          + "APL (ZIP under 2.5, ZAC under 4.0), not the ARS zoning. Not used by the jobs.")
      .column(Quarantine.SOURCE_FILE, "string", SOURCE_FILE)
      .column(Quarantine.SOURCE_LINE, "bigint", SOURCE_LINE)
      .build();

  public static final TableSchema CAMPAIGN_HISTORY = table(Tables.CAMPAIGN_HISTORY,
          "One row per past campaign event of a GP in campaign_history.csv accepted by the "
          + "contract; replaced whole by ingest.")
      .column(CampaignHistory.PHYSICIAN_ID, "string", RPPS)
      .column(CampaignHistory.CAMPAIGN, "string", "The campaign the event belongs to, e.g. "
          + "2023.")
      .column(CampaignHistory.EVENT_TYPE, "string", "EXCHANGE, MSO (mise sous objectif), "
          + "MSO_REFUSED (an MSO refused) or MSAP (mise sous accord préalable). An exchange in "
          + "a campaign's look-back window, or any earlier MSO, MSO_REFUSED or MSAP, makes the "
          + "GP eligible; MSO and MSAP are the treated GPs of an evaluation.")
      .column(CampaignHistory.EVENT_DATE, "date", "Date of the event.")
      .column(CampaignHistory.OBJECTIVE_IJ_PER_PATIENT, "double", "The objective of an MSO, in "
          + "IJ days per active patient per year (the evaluation compares the follow-up rate "
          + "with it); null when none.")
      .column(CampaignHistory.OUTCOME, "string", "REACHED or NOT_REACHED, as recorded in the "
          + "file; null when none. Not used by the jobs.")
      .column(Quarantine.SOURCE_FILE, "string", SOURCE_FILE)
      .column(Quarantine.SOURCE_LINE, "bigint", SOURCE_LINE)
      .build();

  public static final TableSchema QUARANTINE = table(Tables.QUARANTINE,
          "One row per landing row that ingestion rejected, with where it came from and the "
          + "first check it failed; replaced whole by ingest." + PATIENT_LEVEL)
      .partitionedBy("landing_file")
      .column("landing_file", "string", "The contract file the row belongs to: physicians.csv, "
          + "patients.csv, mt_links.csv, ij_claims, replacements.csv, iris_indicators.csv, "
          + "iris_clusters.csv, apl.csv or campaign_history.csv.")
      .column(Quarantine.SOURCE_FILE, "string", SOURCE_FILE)
      .column(Quarantine.SOURCE_LINE, "bigint", SOURCE_LINE)
      .column(Quarantine.RAW, "string", "The rejected line's text as read (for Parquet, the "
          + "record as JSON).")
      .column(Quarantine.REASON, "string", "The first check the row failed, e.g. missing_value, "
          + "unparseable_date, unknown_prescriber, duplicate_claim_id, conflicting_patient_id, "
          + "reversal_of_unknown_claim (docs/input-contract.md).")
      .column(Quarantine.DETAIL, "string", "What was wrong: the column at fault and its value "
          + "(for invalid_encoding, the line's bytes in hex).")
      .build();

  // ---------------------------------------------------------------------------------------
  // Lineage.

  public static final TableSchema RUNS = table(Tables.RUNS,
          "One row per job run, RUNNING while it runs, then SUCCEEDED or FAILED; written by "
          + "every job.")
      .column(Runs.RUN_ID, "string", "Random UUID of the run.")
      .column(Runs.JOB, "string", "The job: ingest, profile, territory, model, persistent, "
          + "target, export, evaluate, dashboard, maintenance, accuracy or benchmark.")
      .column(Runs.STATUS, "string", "RUNNING (a run killed half-way stays so), SUCCEEDED or "
          + "FAILED.")
      .column(Runs.STARTED_AT, "timestamp", "When the run started.")
      .column(Runs.ENDED_AT, "timestamp", "When the run ended; null while RUNNING.")
      .column(Runs.DURATION_S, "double", "Seconds from start to end; null while RUNNING.")
      .column(Runs.PARAMETERS, "map<string,string>", "The run's options, name to value (e.g. "
          + "campaign, periods, landing).")
      .column(Runs.ENVIRONMENT, "string", "Name of the environment configuration (its "
          + "environment key, e.g. local).")
      .column(Runs.CONFIG_HASH, "string", "SHA-256 of the environment configuration as "
          + "loaded, followed by / and the campaign file's SHA-256 for jobs that read one.")
      .column(Runs.PROJECT_VERSION, "string", "The jar's version; dev when run from classes.")
      .column(Runs.INPUTS, "array<struct<path:string,size_bytes:bigint>>", "Landing files "
          + "read, each with its path and size in bytes (ingest); empty for other jobs.")
      .column(Runs.ROW_COUNTS,
          "array<struct<item:string,read:bigint,accepted:bigint,quarantined:bigint>>",
          "Per item, rows read, accepted and quarantined (read = accepted + quarantined): each "
          + "source file for ingest; for profile, each period's in-scope claim days (read) "
          + "against its profile days (accepted), rounded.")
      .column(Runs.STAGES, "array<struct<stage:string,rows_in:bigint,rows_out:bigint,"
          + "seconds:double>>", "Each stage of the run: its name, rows in, rows out and "
          + "seconds.")
      .column(Runs.TABLES_READ, "map<string,bigint>", "Delta version of each table the run "
          + "read, table name to version.")
      .column(Runs.TABLES_WRITTEN, "map<string,bigint>", "Delta version each table the run "
          + "wrote reached, table name to version.")
      .column(Runs.ERROR, "string", "The failure's message when FAILED; null otherwise.")
      .build();

  /**
   * In the order docs/tables.md lists them: the analyst-facing tables first, then the ingested
   * ones, then runs.
   */
  public static final List<TableSchema> ALL = List.of(
      GP_PERIOD_PROFILE, TERRITORIES, IRIS_CLUSTER_ASSIGNMENT, CLUSTER_CENTRES, EXPECTED_IJ,
      MODEL_COEFFICIENTS, TARGETING, FAIRNESS, PERSISTENT_RATIO, CAMPAIGN_EVALUATION,
      EVALUATION_SERIES, EVALUATION_BALANCE,
      PHYSICIANS, PATIENTS, MT_LINKS, CLAIMS_CLEAN, REPLACEMENTS, IRIS_INDICATORS, IRIS_CLUSTERS,
      APL, CAMPAIGN_HISTORY, QUARANTINE,
      RUNS);

  public static Optional<TableSchema> of(String table) {
    return ALL.stream().filter(t -> t.name().equals(table)).findFirst();
  }
}
