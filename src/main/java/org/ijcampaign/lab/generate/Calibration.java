package org.ijcampaign.lab.generate;

import java.util.Map;

/**
 * The generator's model: every calibrated constant, with the public figure it reproduces
 * (régime général, 2023, unless said otherwise). These are properties of the simulated world,
 * not settings of a run; the run's settings (years, files per year) are configuration and the
 * size and seed are command-line options. docs/generator.md compares the figures a generated
 * landing zone actually shows with the targets.
 */
public final class Calibration {
  private Calibration() {}

  // ---- Scale ----------------------------------------------------------------------------
  /** General practitioners in France: national totals are scaled by N / this. */
  public static final int NATIONAL_GPS = 60_000;
  /** About 52,000 liberal GPs; the rest practise in salaried health centres. */
  public static final double LIBERAL_SHARE = 52_000.0 / 60_000.0;
  /** Physicians of other specialties in physicians.csv, per GP (they prescribe too). */
  public static final double SPECIALISTS_PER_GP = 0.2;
  /** Real two-digit specialty codes other than 01 (general practice). */
  public static final String[] SPECIALTIES = {"03", "04", "07", "13", "14", "15", "17", "32",
      "33", "41"};

  // ---- Geography (synthetic; see Geography) ---------------------------------------------
  /** Communes per GP in the synthetic geography (France: 35,000 communes, 60,000 GPs). */
  public static final double COMMUNES_PER_GP = 0.4;
  public static final int MIN_COMMUNES = 24;
  /** Share of communes split into IRIS (France: about 5,000 of 35,000 communes). */
  public static final double SPLIT_COMMUNE_SHARE = 0.15;
  /** Median population of an IRIS (INSEE aims at 2,000 inhabitants) and of an unsplit commune. */
  public static final double IRIS_POPULATION_MEDIAN = 2_300;
  public static final double UNSPLIT_POPULATION_MEDIAN = 700;
  /** Below this population Filosofi income and poverty are secret (empty). */
  public static final int SECRET_POPULATION = 200;
  /** APL of a split (urban) commune: median; unsplit communes are lower (rural). */
  public static final double APL_MEDIAN = 3.3;
  public static final double APL_RURAL_LOG_SHIFT = -0.15;
  public static final double APL_LOG_SIGMA = 0.35;
  /** APL declines slowly (fewer GPs, more demand): log change per year. */
  public static final double APL_TREND = -0.02;
  /**
   * Zoning proxy (there is no national file of ARS zoning): ZIP (zone d'intervention
   * prioritaire) below 2.5, ZAC (zone d'action complémentaire) below 3.5, else NONE.
   */
  public static final double ZIP_BELOW = 2.5;
  public static final double ZAC_BELOW = 3.5;
  /** Fragility offset of each region (overseas and the north are poorer, the west richer). */
  public static final Map<String, Double> REGION_FRAGILITY = Map.ofEntries(
      Map.entry("01", 1.0), Map.entry("02", 1.0), Map.entry("03", 1.2), Map.entry("04", 1.0),
      Map.entry("06", 1.5), Map.entry("11", 0.0), Map.entry("24", 0.0), Map.entry("27", 0.0),
      Map.entry("28", 0.05), Map.entry("32", 0.3), Map.entry("44", 0.1), Map.entry("52", -0.25),
      Map.entry("53", -0.3), Map.entry("75", -0.05), Map.entry("76", 0.1), Map.entry("84", -0.1),
      Map.entry("93", 0.15), Map.entry("94", 0.2));

  // ---- Physicians -----------------------------------------------------------------------
  /** Adult médecin-traitant patients per GP: lognormal, mean about 960, half in 600–1,300. */
  public static final double LIST_MEDIAN = 860;
  public static final double LIST_SIGMA = 0.52;
  public static final int LIST_MAX = 3_000;
  /** GPs installed less than two years before the last year, with small growing lists. */
  public static final double NEW_GP_SHARE = 0.07;
  public static final double NEW_LIST_MEDIAN = 170;
  public static final double NEW_LIST_SIGMA = 0.6;
  public static final int NEW_LIST_MAX = 400;
  /** GP's own practice multiplier on sick-leave intensity: lognormal with mean 1. */
  public static final double PRACTICE_SIGMA = 0.25;
  /** Transient per-GP, per-semester shock (mean 1): regression to the mean comes from it. */
  public static final double SHOCK_SIGMA = 0.20;
  /** Planted over-prescribers and their extra factor. */
  public static final double OVER_PRESCRIBER_SHARE = 0.02;
  public static final double OVER_FACTOR_MIN = 2.2;
  public static final double OVER_FACTOR_MAX = 3.5;
  /** Share of planted over-prescribers left without an exchange (so not eligible). */
  public static final double OVER_WITHOUT_EXCHANGE_SHARE = 0.2;
  /** GPs replaced for 1 to 3 months; their substitutes prescribe ×4 to ×8 a typical GP. */
  public static final double REPLACED_SHARE = 0.05;
  public static final double SUBSTITUTE_FACTOR_MIN = 4.0;
  public static final double SUBSTITUTE_FACTOR_MAX = 8.0;
  public static final int CONTRACT_MIN_DAYS = 30;
  public static final int CONTRACT_MAX_DAYS = 92;
  /** Share of replaced GPs with a second contract about a year earlier. */
  public static final double SECOND_CONTRACT_SHARE = 0.25;
  /** Share of contracts whose substitute is himself a GP of physicians.csv. */
  public static final double SUBSTITUTE_KNOWN_SHARE = 0.1;
  /** Share of contracts of the last year (the usual observation year). */
  public static final double CONTRACT_IN_LAST_YEAR_SHARE = 0.7;

  // ---- Campaigns ------------------------------------------------------------------------
  /** 2023 campaign (national): about 1,000 GPs retained; 416 MSO, 207 MSAP, the rest refused. */
  public static final double CAMPAIGN_2023_RETAINED = 1_000;
  public static final double CAMPAIGN_2023_MSO = 416;
  public static final double CAMPAIGN_2023_MSAP = 207;
  /** Minimum list for the 2023 selection (its letters spoke of established patientèles). */
  public static final int CAMPAIGN_2023_MIN_LIST = 200;
  /** True effect of the procedure on the treated GP's prescribing, from EFFECT_FROM on. */
  public static final double MSO_EFFECT = 0.80;
  public static final double MSAP_EFFECT = 0.75;
  public static final double MSO_REFUSED_EFFECT = 1.0;
  public static final String EFFECT_FROM = "2024-01-01";
  /** Share of MSO GPs recorded as having reached their objective (the Cnam: 3 in 4). */
  public static final double MSO_REACHED_SHARE = 0.75;
  /** Selection semester of the 2023 campaign (its letters observed the latent 2022S2). */
  public static final int CAMPAIGN_2023_YEAR = 2022;
  public static final int CAMPAIGN_2023_HALF = 2;
  /** The procedures were notified over this many days from this date. */
  public static final String CAMPAIGN_2023_NOTIFIED_FROM = "2023-09-01";
  public static final int CAMPAIGN_2023_NOTIFIED_DAYS = 105;
  /** Nominal rate (IJ days per active patient per year) used to state MSO objectives. */
  public static final double NOMINAL_RATE = 8.0;
  /** Accompaniment interviews before the 2025-2026 campaign (national). */
  public static final double EXCHANGES = 5_000;
  /**
   * Exchange windows of the 2025-2026 campaign: wave 1 (with a prior MSO/MSO_REFUSED/MSAP),
   * wave 2, and an older window (outside the 24-month look-back: not eligible), with the share
   * of exchanges falling in each of the first two.
   */
  public static final String WAVE1_FROM = "2023-09-01";
  public static final String WAVE1_TO = "2024-07-31";
  public static final String WAVE2_FROM = "2024-09-01";
  public static final String WAVE2_TO = "2024-12-31";
  public static final String OLD_EXCHANGE_FROM = "2022-06-01";
  public static final String OLD_EXCHANGE_TO = "2023-08-31";
  public static final double WAVE1_EXCHANGE_SHARE = 0.55;
  public static final double WAVE2_EXCHANGE_SHARE = 0.35;
  /** The 2025-2026 campaign's start and look-back (for the eligibility written in the truth). */
  public static final String CAMPAIGN_2025_START = "2025-09-01";
  public static final int LOOKBACK_MONTHS = 24;
  /** Share of non-over-prescriber exchanges given to the GPs of highest latent intensity. */
  public static final double EXCHANGES_TO_HIGH_SHARE = 0.7;

  // ---- Patients -------------------------------------------------------------------------
  /** Share of adult patients aged 18–64 (the rest 65–94, fewer with age). */
  public static final double WORKING_AGE_SHARE = 0.62;
  public static final double FEMALE_SHARE = 0.53;
  /** Share of link starts before the first year; the rest register during the years. */
  public static final double LINK_BEFORE_SHARE = 0.85;
  /** Share of links ending during the years, and of those followed by a link to another GP. */
  public static final double LINK_END_SHARE = 0.08;
  public static final double LINK_SWITCH_SHARE = 0.6;
  /** ALD prevalence: logistic in age; C2S: logistic in IRIS fragility, lower when employed. */
  public static final double ALD_INTERCEPT = -3.3;
  public static final double ALD_PER_YEAR_OF_AGE = 0.055;
  public static final double C2S_INTERCEPT = -2.2;
  public static final double C2S_PER_FRAGILITY = 0.7;
  public static final double C2S_EMPLOYED = -0.8;
  /** Daily IJ (half the daily wage, capped at 1.8 SMIC: 52.28 € in 2023) in euros of 2023. */
  public static final double DAILY_RATE_MEDIAN = 36.5;
  public static final double DAILY_RATE_SIGMA = 0.3;
  public static final double DAILY_RATE_MAX = 52.28;
  public static final double DAILY_RATE_MIN = 8.0;
  public static final double WAGE_GROWTH = 0.03;
  public static final int RATE_BASE_YEAR = 2023;

  // ---- Sick leave -----------------------------------------------------------------------
  /** Stops (all risks) per active patient-year for a reference patient and an average GP. */
  public static final double STOP_RATE = 0.16;
  /** Relative intensity by age band 16–29, 30–39, 40–49, 50–59, 60–64 (max is the last). */
  public static final double[] AGE_FACTORS = {0.8, 0.95, 1.0, 1.25, 1.35};
  public static final double FEMALE_FACTOR = 1.25;
  public static final double ALD_FACTOR = 2.0;
  public static final double C2S_FACTOR = 1.3;
  /** Log intensity per unit of IRIS fragility, and elasticity to the commune's APL. */
  public static final double FRAGILITY_EFFECT = 0.15;
  public static final double APL_ELASTICITY = 0.10;
  /** Walk-in stops (patients who are not the prescriber's own), relative to own-list stops. */
  public static final double WALK_IN_RATIO = 0.18;
  /** Stops per year prescribed by a specialist of average practice. */
  public static final double SPECIALIST_STOPS_PER_YEAR = 60;
  /** Share of prolongations prescribed by a specialist rather than the stop's GP. */
  public static final double SPECIALIST_PROLONGATION_SHARE = 0.03;
  /** Risks other than MALADIE (out of scope) among own-list stops. */
  public static final double AT_MP_SHARE = 0.08;
  public static final double MATERNITE_SHARE_YOUNG_WOMEN = 0.05;
  public static final int MATERNITE_DAYS = 112;
  /** Unpaid waiting days of a MALADIE stop (délai de carence). */
  public static final int WAITING_DAYS = 3;
  /**
   * Duration mixture of paid MALADIE stops: short 4–7 days (≈ 4 % of spending), medium
   * 8 days + lognormal, long (over a year: ≈ 3 % of stops, ≈ 24 % of spending in a year),
   * mostly under ALD.
   */
  public static final double SHORT_SHARE = 0.48;
  public static final double LONG_SHARE_ALD = 0.065;
  public static final double LONG_SHARE_OTHER = 0.0065;
  public static final double MEDIUM_MEDIAN = 21;
  public static final double MEDIUM_SIGMA = 1.05;
  public static final double MEDIUM_AGE_SLOPE = 0.015;
  public static final double MEDIUM_ALD_FACTOR = 1.5;
  public static final double LONG_EXTRA_MEAN = 200;
  public static final int MAX_STOP_DAYS = 1_095;
  /** Length of the initial prescription, of each prolongation, of a paid period (days). */
  public static final int[] INITIAL_DAYS = {4, 5, 7, 7, 10, 14, 15, 15, 21, 30};
  public static final int[] PROLONGATION_DAYS = {14, 15, 21, 30, 31};
  public static final int[] PAID_PERIOD_DAYS = {14, 15, 30, 31};
  /** Share of paid periods with one day not paid (hospital day, partial month). */
  public static final double PARTIAL_PAYMENT_SHARE = 0.02;
}
