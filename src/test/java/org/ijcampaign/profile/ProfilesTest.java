package org.ijcampaign.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Date;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
import org.ijcampaign.config.Period;
import org.ijcampaign.config.ReplacementRule;
import org.ijcampaign.ingest.Ingestion;
import org.ijcampaign.ingest.SetChecks;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.LandingContract.LandingFile;
import org.ijcampaign.schema.MtLinks;
import org.ijcampaign.schema.Patients;
import org.ijcampaign.schema.Physicians;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Quarantine;
import org.ijcampaign.schema.Replacements;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed profiles of 2024S1 (182 days) and 2024S2 (184 days). GP A = ...01, GP B =
 * ...02, specialist S = ...03, substitute Z = ...99 (not in physicians). Every expected figure
 * is derived in the comments.
 */
class ProfilesTest extends SparkTestBase {
  private static final String A = "10000000001";
  private static final String B = "10000000002";
  private static final String S = "10000000003";
  private static final String Z = "10000000099";

  /** A file's clean table, from rows of column names and values; line 2 is the first. */
  private Dataset<Row> table(LandingFile file, Object[]... rows) {
    TableRows t = TableRows.of(Ingestion.cleanSchema(file));
    for (int i = 0; i < rows.length; i++) {
      Object[] withSource = Arrays.copyOf(rows[i], rows[i].length + 4);
      withSource[rows[i].length] = Quarantine.SOURCE_FILE;
      withSource[rows[i].length + 1] = file.path();
      withSource[rows[i].length + 2] = Quarantine.SOURCE_LINE;
      withSource[rows[i].length + 3] = (long) i + 2;
      t.row(withSource);
    }
    return t.toDataset(spark());
  }

  private static Date d(String iso) {
    return iso == null ? null : Date.valueOf(iso);
  }

  private Object[] claim(String id, String stop, String patient, String prescriber,
      String prescribed, String start, String end, int paid, double amount, String risk,
      String reversalOf, boolean reversed) {
    return new Object[] {Claims.CLAIM_ID, id, Claims.STOP_ID, stop, Claims.PRESCRIPTION_KIND,
        "INITIAL", Claims.PATIENT_ID, patient, Claims.PRESCRIBER_ID, prescriber,
        Claims.PRESCRIPTION_DATE, d(prescribed), Claims.PERIOD_START, d(start), Claims.PERIOD_END,
        d(end), Claims.PAID_DAYS, paid, Claims.AMOUNT_EUR, amount, Claims.RISK, risk,
        Claims.REVERSAL_OF, reversalOf, SetChecks.REVERSED, reversed};
  }

  private static Object[] physician(String id, String specialty, String mode, String iris,
      String region, Date installed, int birthYear, String sex) {
    return new Object[] {Physicians.PHYSICIAN_ID, id, Physicians.SPECIALTY_CODE, specialty,
        Physicians.EXERCISE_MODE, mode, Physicians.PRACTICE_IRIS, iris, Physicians.REGION_CODE,
        region, Physicians.INSTALLATION_DATE, installed, Physicians.BIRTH_YEAR, birthYear,
        Physicians.SEX, sex};
  }

  /** A patient, with the dates he has (ALD, C2S, employment) by column name; the others null. */
  private static Object[] patient(String id, int birthYear, String sex, Object... dates) {
    Object[] p = Arrays.copyOf(new Object[] {Patients.PATIENT_ID, id, Patients.BIRTH_YEAR,
        birthYear, Patients.SEX, sex}, 6 + dates.length);
    System.arraycopy(dates, 0, p, 6, dates.length);
    return p;
  }

  /** A médecin-traitant link of a patient to a GP. */
  private static Object[] link(String patient, String gp, Date start, Date end) {
    return new Object[] {MtLinks.PATIENT_ID, patient, MtLinks.PHYSICIAN_ID, gp,
        MtLinks.START_DATE, start, MtLinks.END_DATE, end};
  }

  private static Object[] replacement(String titular, String substitute, Date start, Date end) {
    return new Object[] {Replacements.TITULAR_ID, titular, Replacements.SUBSTITUTE_ID,
        substitute, Replacements.START_DATE, start, Replacements.END_DATE, end};
  }

  private Profiles.Inputs inputs() {
    Dataset<Row> physicians = table(LandingContract.PHYSICIANS,
        physician(A, "01", "LIBERAL", "751010101", "11", d("2010-01-01"), 1970, "F"),
        physician(B, "01", "LIBERAL", "2A0040000", "94", d("2012-01-01"), 1975, "M"),
        physician(S, "02", "LIBERAL", "751010101", "11", d("2000-01-01"), 1965, "M"));
    Dataset<Row> patients = table(LandingContract.PATIENTS,
        // P1: 44 in 2024, woman, active: A's patient.
        patient("P1", 1980, "F", Patients.ACTIVE_START, "2015-01-01"),
        // P2: 34, ALD ended before 2024 (not ALD), C2S from March 2024, changes GP on 1 April.
        patient("P2", 1990, "M", Patients.ALD_START, "2020-01-01", Patients.ALD_END, "2023-12-31",
            Patients.C2S_START, "2024-03-01", Patients.ACTIVE_START, "2012-05-01"),
        // P3: turns 65 in 2024: not an active patient.
        patient("P3", 1959, "F", Patients.ACTIVE_START, "2000-01-01"),
        // P4: not in employment.
        patient("P4", 2000, "F"),
        // P5: 39, ALD since 2023: B's patient.
        patient("P5", 1985, "M", Patients.ALD_START, "2023-06-01", Patients.ACTIVE_START,
            "2005-01-01"),
        // P6: no médecin traitant.
        patient("P6", 1970, "M", Patients.ACTIVE_START, "2000-01-01"));
    Dataset<Row> links = table(LandingContract.MT_LINKS,
        link("P1", A, d("2019-01-01"), null),
        link("P2", A, d("2019-01-01"), d("2024-03-31")),
        link("P2", B, d("2024-04-01"), null),
        link("P3", A, d("2019-01-01"), null),
        link("P4", A, d("2019-01-01"), null),
        link("P5", B, d("2019-01-01"), null));
    Dataset<Row> claims = table(LandingContract.CLAIMS,
        // Straddles 1 January: 10 of its 20 calendar days are in 2024S1 -> 10 days, 350 EUR.
        claim("C1", "S1", "P1", A, "2023-12-20", "2023-12-22", "2024-01-10", 20, 700, "MALADIE",
            null, false),
        // A 7-day stop with 3 waiting days: short stop, 4 days.
        claim("C2", "S2", "P1", A, "2024-02-01", "2024-02-04", "2024-02-10", 4, 140, "MALADIE",
            null, false),
        // P6 is not A's médecin-traitant patient: 10 non-MT days.
        claim("C3", "S3", "P6", A, "2024-03-01", "2024-03-01", "2024-03-10", 10, 360, "MALADIE",
            null, false),
        // Prescribed under A's id during his replacement by Z: Z's 10 days.
        claim("C4", "S4", "P1", A, "2024-05-10", "2024-05-10", "2024-05-19", 10, 300, "MALADIE",
            null, false),
        // Out of scope: AT_MP, a reversed claim and its reversal.
        claim("C5", "S5", "P1", A, "2024-04-01", "2024-04-01", "2024-04-05", 5, 150, "AT_MP",
            null, false),
        claim("C6", "S6", "P2", A, "2024-04-01", "2024-04-01", "2024-04-10", 10, 300, "MALADIE",
            null, true),
        claim("R6", "S6", "P2", A, "2024-04-01", "2024-04-01", "2024-04-10", 10, 300, "MALADIE",
            "C6", false),
        // B's stop of 199 calendar days (15 Jan - 31 Jul): long; 165 days in S1, 31 in S2.
        claim("C7", "S7", "P5", B, "2024-01-15", "2024-01-15", "2024-06-30", 165, 5775,
            "MALADIE", null, false),
        claim("C8", "S7", "P5", B, "2024-06-28", "2024-07-01", "2024-07-31", 31, 1085,
            "MALADIE", null, false),
        // A specialist's claim: his days, never profiled.
        claim("C9", "S9", "P1", S, "2024-02-01", "2024-02-01", "2024-02-05", 5, 175, "MALADIE",
            null, false));
    Dataset<Row> replacements = table(LandingContract.REPLACEMENTS,
        replacement(A, Z, d("2024-05-01"), d("2024-05-31")));
    return new Profiles.Inputs(claims, physicians, patients, links, replacements);
  }

  private Map<String, Row> profile(ReplacementRule rule) {
    return profile(rule, 1);
  }

  /** Profiles of the fixed inputs by rule and threshold: several tests read the same one. */
  private static final Map<String, Map<String, Row>> PROFILES = new java.util.HashMap<>();

  private Map<String, Row> profile(ReplacementRule rule, int minCellPatients) {
    return PROFILES.computeIfAbsent(rule + "/" + minCellPatients, k -> {
      Dataset<Row> periods = Profiles.periods(spark(),
          List.of(Period.semester("2024S1"), Period.semester("2024S2")));
      Map<String, Row> byKey = new TreeMap<>();
      for (Row r : Profiles.compute(inputs(), periods, rule, minCellPatients).collectAsList()) {
        byKey.put(r.getAs(Profile.PERIOD) + "/" + r.getAs(Profile.PHYSICIAN_ID), r);
      }
      return java.util.Collections.unmodifiableMap(byKey);
    });
  }

  private static double num(Row r, String column) {
    return ((Number) r.getAs(column)).doubleValue();
  }

  @Test
  void anRppsNumberSummedOnAsANumberComesBackAsTheSameText() {
    // The leading zeros are the case a long drops and the padding must restore.
    List<String> rpps = List.of("00000000042", "01234567890", A, "99999999999");
    Dataset<Row> ids = spark().createDataset(rpps, org.apache.spark.sql.Encoders.STRING()).toDF();
    List<String> back = ids.select(Profiles.rppsText(Profiles.gpNumber(ids.col("value"))))
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals(rpps, back);
  }

  @Test
  void countsDaysProRataAttributesReplacementsAndDerivesTheRate() {
    Map<String, Row> p = profile(ReplacementRule.STOPS);
    Row a = p.get("2024S1/" + A);
    assertEquals(24.0, num(a, Profile.IJ_DAYS), 1e-9); // C1 10 + C2 4 + C3 10
    assertEquals(350 + 140 + 360, num(a, Profile.AMOUNT_EUR), 1e-9);
    assertEquals(3, num(a, Profile.STOPS));
    assertEquals(1, num(a, Profile.SHORT_STOPS));
    assertEquals(0, num(a, Profile.LONG_STOPS));
    assertEquals(100 + 16 + 100, num(a, Profile.STOP_DAYS_SQ_SUM), 1e-9);
    assertEquals(10.0, num(a, Profile.NON_MT_IJ_DAYS), 1e-9);
    assertEquals(10.0 / 24, num(a, Profile.NON_MT_SHARE), 1e-9);
    assertEquals(10.0, num(a, Profile.DAYS_MOVED_TO_SUBSTITUTES), 1e-9);
    // P1 and P2 (P3 is 65, P4 not employed).
    assertEquals(2, num(a, Profile.ACTIVE_PATIENTS));
    assertEquals(151.0 / 182, num(a, Profile.PRESENCE_FRACTION), 1e-12); // 31 May days away
    assertEquals(2 * (151.0 / 182) * 182 / 365.25, num(a, Profile.EXPOSURE), 1e-12);
    assertEquals(24 * 365.25 / 302, num(a, Profile.RATE), 1e-9);
    assertEquals(true, a.getAs(Profile.PROFILED));

    Row z = p.get("2024S1/" + Z);
    assertEquals(10.0, num(z, Profile.IJ_DAYS), 1e-9);
    assertEquals(10.0, num(z, Profile.DAYS_AS_SUBSTITUTE), 1e-9);
    assertEquals(false, z.getAs(Profile.PROFILED));

    Row b1 = p.get("2024S1/" + B);
    assertEquals(165.0, num(b1, Profile.IJ_DAYS), 1e-9);
    assertEquals(1, num(b1, Profile.LONG_STOPS));
    assertEquals(165.0 * 165, num(b1, Profile.STOP_DAYS_SQ_SUM), 1e-9);
    assertEquals(165 * 365.25 / 364, num(b1, Profile.RATE), 1e-9);
    Row b2 = p.get("2024S2/" + B);
    assertEquals(31.0, num(b2, Profile.IJ_DAYS), 1e-9);
    assertEquals(1, num(b2, Profile.LONG_STOPS)); // the whole stop's length decides

    Row s = p.get("2024S1/" + S);
    assertEquals(5.0, num(s, Profile.IJ_DAYS), 1e-9);
    assertEquals(false, s.getAs(Profile.PROFILED));
  }

  @Test
  void takesThePatienteleMixOverThePeriodCountingAPatientWhoChangedGpForBoth() {
    Map<String, Row> p = profile(ReplacementRule.STOPS);
    Row a = p.get("2024S1/" + A);
    assertEquals(0.5, num(a, Profile.SHARE_AGE_30_39), 1e-12); // P2, 34
    assertEquals(0.5, num(a, Profile.SHARE_AGE_40_49), 1e-12); // P1, 44
    assertEquals(0.0, num(a, Profile.SHARE_AGE_60_64), 1e-12);
    assertEquals(0.5, num(a, Profile.SHARE_WOMEN), 1e-12);
    assertEquals(0.0, num(a, Profile.SHARE_ALD), 1e-12); // P2's ALD ended in 2023
    assertEquals(0.5, num(a, Profile.SHARE_C2S), 1e-12);
    Row b = p.get("2024S1/" + B);
    assertEquals(2, num(b, Profile.ACTIVE_PATIENTS)); // P2 from April, P5
    assertEquals(1.0, num(b, Profile.SHARE_AGE_30_39), 1e-12);
    assertEquals(0.5, num(b, Profile.SHARE_ALD), 1e-12);
    Row a2 = p.get("2024S2/" + A);
    assertEquals(1, num(a2, Profile.ACTIVE_PATIENTS)); // P2 left A on 31 March
    assertEquals(1.0, num(a2, Profile.PRESENCE_FRACTION), 1e-12);
  }

  @Test
  void suppressesThePatienteleMixOfFewerPatientsThanTheSecrecyThreshold() {
    Row a = profile(ReplacementRule.STOPS, 2).get("2024S1/" + A);
    assertEquals(0.5, num(a, Profile.SHARE_WOMEN), 1e-12);
    Row suppressed = profile(ReplacementRule.STOPS, 3).get("2024S1/" + A);
    for (String share : Profile.SHARES) {
      assertEquals(true, suppressed.isNullAt(suppressed.fieldIndex(share)), share);
    }
    assertEquals(2, num(suppressed, Profile.ACTIVE_PATIENTS));
    assertEquals(24.0, num(suppressed, Profile.IJ_DAYS), 1e-9);
  }

  @Test
  void withTheReplacementRuleOffTheTitularKeepsTheSubstitutesDays() {
    Map<String, Row> p = profile(ReplacementRule.OFF);
    Row a = p.get("2024S1/" + A);
    assertEquals(34.0, num(a, Profile.IJ_DAYS), 1e-9);
    assertEquals(1.0, num(a, Profile.PRESENCE_FRACTION), 1e-12);
    assertEquals(0.0, num(a, Profile.DAYS_MOVED_TO_SUBSTITUTES), 1e-12);
    assertEquals(false, p.containsKey("2024S1/" + Z));
  }

  @Test
  void theClaimsOwnInScopeDaysAddUpToTheSameFigureWithoutAttribution() {
    Dataset<Row> periods = Profiles.periods(spark(),
        List.of(Period.semester("2024S1"), Period.semester("2024S2")));
    Map<String, Double> got = new TreeMap<>();
    Reconciliation.inScopeDays(inputs().claims(), periods).collectAsList()
        .forEach(r -> got.put(r.getString(0), r.getDouble(1)));
    assertEquals(Map.of("2024S1", 204.0, "2024S2", 31.0), got);
  }

  @Test
  void everyInScopeDayOfThePeriodIsCountedOnceOverAllPrescribers() {
    for (ReplacementRule rule : ReplacementRule.values()) {
      Map<String, Row> p = profile(rule);
      double s1 = p.entrySet().stream().filter(e -> e.getKey().startsWith("2024S1/"))
          .mapToDouble(e -> num(e.getValue(), Profile.IJ_DAYS)).sum();
      assertEquals(10 + 4 + 10 + 10 + 165 + 5, s1, 1e-9);
    }
  }

  /**
   * A replaced by Z in May 2024 and by Y from 5 to 12 June. Stop T1 is A's, prolonged during
   * Z's contract; stop T2 is started by Z, prolonged under A's id on 10 June (inside Y's
   * contract) and on 20 June (after every contract); stop T3 is A's, after the contracts.
   */
  @Test
  void aStopTheSubstituteStartedFollowsHimOnlyUnderTheStopRule() {
    Dataset<Row> claims = table(LandingContract.CLAIMS,
        claim("X1", "T1", "P1", A, "2024-04-20", "2024-04-23", "2024-04-30", 8, 280, "MALADIE",
            null, false),
        claim("X2", "T1", "P1", A, "2024-05-15", "2024-05-01", "2024-05-20", 20, 700, "MALADIE",
            null, false),
        claim("X3", "T2", "P2", A, "2024-05-20", "2024-05-23", "2024-06-09", 18, 630, "MALADIE",
            null, false),
        claim("X4", "T2", "P2", A, "2024-06-10", "2024-06-10", "2024-06-19", 10, 350, "MALADIE",
            null, false),
        claim("X6", "T2", "P2", A, "2024-06-20", "2024-06-20", "2024-06-29", 10, 350, "MALADIE",
            null, false),
        claim("X5", "T3", "P1", A, "2024-06-15", "2024-06-18", "2024-06-25", 8, 280, "MALADIE",
            null, false));
    String y = "10000000098";
    Dataset<Row> replacements = table(LandingContract.REPLACEMENTS,
        replacement(A, Z, d("2024-05-01"), d("2024-05-31")),
        replacement(A, y, d("2024-06-05"), d("2024-06-12")));
    Dataset<Row> s1 = Profiles.periods(spark(), List.of(Period.semester("2024S1")));
    Map<ReplacementRule, Map<String, String>> got = new TreeMap<>();
    for (ReplacementRule rule : ReplacementRule.values()) {
      Map<String, String> owner = new TreeMap<>();
      Profiles.attributedClaims(claims, replacements, s1, rule)
          .select("claim_id", Profiles.ATTRIBUTED_ID).collectAsList()
          .forEach(r -> owner.put(r.getString(0), r.getString(1)));
      got.put(rule, owner);
    }
    assertEquals(Map.of("X1", A, "X2", A, "X3", A, "X4", A, "X5", A, "X6", A),
        got.get(ReplacementRule.OFF));
    // Claim by claim (docs/method.md, "Profile"): whoever practised under A's id on the
    // prescription date.
    assertEquals(Map.of("X1", A, "X2", Z, "X3", Z, "X4", y, "X5", A, "X6", A),
        got.get(ReplacementRule.PRESCRIPTIONS));
    // And T2, started by Z, is Z's after the contracts too; X4's own date still picks Y.
    assertEquals(Map.of("X1", A, "X2", Z, "X3", Z, "X4", y, "X5", A, "X6", Z),
        got.get(ReplacementRule.STOPS));
  }

  /**
   * Contracts that overlap: A is replaced by Z from 1 to 31 March, by Y from 10 to 20 March
   * and by W (a smaller id than Y) from 10 to 25 March. C1 (10 March) is in all three: the
   * latest start, 10 March, is Y's and W's, so the smaller id, W. C2 (5 March) is only in Z's.
   * C3 has no stop id and is in none. C4 is B's, who is never replaced. Each claim comes out
   * once, whoever it goes to.
   */
  @Test
  void competingContractsGoToTheLatestStartedThenTheSmallestSubstituteId() {
    String y = "10000000098";
    String w = "10000000097";
    Dataset<Row> claims = table(LandingContract.CLAIMS,
        claim("C1", "U1", "P1", A, "2024-03-10", "2024-03-10", "2024-03-19", 10, 350,
            "MALADIE", null, false),
        claim("C2", "U2", "P1", A, "2024-03-05", "2024-03-05", "2024-03-08", 4, 140, "MALADIE",
            null, false),
        claim("C3", null, "P2", A, "2024-04-02", "2024-04-02", "2024-04-05", 4, 140, "MALADIE",
            null, false),
        claim("C4", "U4", "P2", B, "2024-03-10", "2024-03-10", "2024-03-12", 3, 105, "MALADIE",
            null, false));
    Dataset<Row> replacements = table(LandingContract.REPLACEMENTS,
        replacement(A, Z, d("2024-03-01"), d("2024-03-31")),
        replacement(A, y, d("2024-03-10"), d("2024-03-20")),
        replacement(A, w, d("2024-03-10"), d("2024-03-25")));
    Dataset<Row> s1 = Profiles.periods(spark(), List.of(Period.semester("2024S1")));
    for (ReplacementRule rule : List.of(ReplacementRule.PRESCRIPTIONS, ReplacementRule.STOPS)) {
      List<Row> rows = Profiles.attributedClaims(claims, replacements, s1, rule)
          .select("claim_id", Profiles.ATTRIBUTED_ID, Profiles.MOVED).collectAsList();
      Map<String, String> owner = new TreeMap<>();
      rows.forEach(r -> owner.put(r.getString(0), r.getString(1) + (r.getBoolean(2) ? "*" : "")));
      assertEquals(4, rows.size(), rule + ": one row per claim");
      assertEquals(Map.of("C1", w + "*", "C2", Z + "*", "C3", A, "C4", B), owner, rule.name());
    }
  }

  /**
   * Seventy semesters, 2000S1 to 2034S2: more periods than one pass counts, so they are
   * counted in three passes (the third from 2024S1, the 49th). Q1 (woman, born 1970) has two
   * overlapping links to A: one patient, in every semester. Q2 (man, born 1980, ALD in 2031S1
   * only) is A's throughout and also B's from 2033. Both are 16-64 and in employment in every
   * semester.
   */
  @Test
  void countsAPatientLinkedTwiceOnceInEveryPeriodHoweverManyPeriods() {
    Dataset<Row> patients = table(LandingContract.PATIENTS,
        patient("Q1", 1970, "F", Patients.ACTIVE_START, d("2000-01-01")),
        patient("Q2", 1980, "M", Patients.ACTIVE_START, d("2000-01-01"), Patients.ALD_START,
            d("2031-01-01"), Patients.ALD_END, d("2031-06-30")));
    Dataset<Row> links = table(LandingContract.MT_LINKS,
        link("Q1", A, d("2000-01-01"), d("2010-12-31")),
        link("Q1", A, d("2005-01-01"), null),
        link("Q2", A, d("2000-01-01"), null),
        link("Q2", B, d("2033-01-01"), null));
    List<Period> semesters = Period.semestersBetween(java.time.LocalDate.parse("2000-01-01"),
        java.time.LocalDate.parse("2034-12-31"));
    assertEquals(70, semesters.size());
    assertEquals(true, semesters.size() > 2 * Profiles.PERIODS_PER_MASK);
    Map<String, Row> got = new TreeMap<>();
    Profiles.activePatients(links, patients, Profiles.periods(spark(), semesters))
        .collectAsList().forEach(r -> got.put(r.getAs(Profiles.ATTRIBUTED_ID) + "/"
            + r.getAs(Profile.PERIOD), r));
    assertEquals(70 + 4, got.size()); // A in every semester, B in 2033-2034
    for (Period p : semesters) {
      Row a = got.get(A + "/" + p.label());
      assertEquals(2, num(a, Profile.ACTIVE_PATIENTS), p.label());
      assertEquals(0.5, num(a, Profile.SHARE_WOMEN), 1e-12, p.label());
      // Q2's ALD covers 2031S1 only.
      assertEquals(p.label().equals("2031S1") ? 0.5 : 0.0, num(a, Profile.SHARE_ALD), 1e-12,
          p.label());
      // Q1 is 60 from 2030 on: the 60-64 band.
      assertEquals(p.finalYear() >= 2030 ? 0.5 : 0.0, num(a, Profile.SHARE_AGE_60_64), 1e-12,
          p.label());
    }
    Row b = got.get(B + "/2034S2");
    assertEquals(1, num(b, Profile.ACTIVE_PATIENTS));
    assertEquals(1.0, num(b, Profile.SHARE_AGE_50_59), 1e-12); // Q2, 54
  }

  /** A titular outside the physicians file, whom Z replaces for May 2024. */
  private static final String REPLACED_IN_MAY = "10000000097";

  /** The stop rows of {@code claims} under the prescriptions rule, Z replacing T in May. */
  private Dataset<Row> stopRowsWithTReplacedByZInMay(Dataset<Row> periods, Object[]... claims) {
    Dataset<Row> replacements = table(LandingContract.REPLACEMENTS,
        replacement(REPLACED_IN_MAY, Z, d("2024-05-01"), d("2024-05-31")));
    return Profiles.stopRows(Profiles.attributedClaims(table(LandingContract.CLAIMS, claims),
        replacements, periods, ReplacementRule.PRESCRIPTIONS));
  }

  /**
   * The profile's rows with claims: T (not in the physicians file) is replaced by Z for May, so
   * his only claim, prescribed on 10 May, is Z's; A keeps his. The pairs are A's, Z's (the
   * moved claim) and T's (his days moved away), and they are exactly the pairs
   * {@code prescriberDays} has a row for.
   */
  @Test
  void thePrescribersOfTheProfileAreThoseOfItsDays() {
    String t = REPLACED_IN_MAY;
    Dataset<Row> s1 = Profiles.periods(spark(), List.of(Period.semester("2024S1")));
    Dataset<Row> stopRows = stopRowsWithTReplacedByZInMay(s1,
        claim("W1", "U1", "P1", t, "2024-05-10", "2024-05-10", "2024-05-19", 10, 350, "MALADIE",
            null, false),
        claim("W2", "U2", "P2", A, "2024-05-10", "2024-05-10", "2024-05-14", 5, 175, "MALADIE",
            null, false));
    Set<String> pairs = new TreeSet<>();
    Profiles.prescribers(stopRows, s1).collectAsList()
        .forEach(r -> pairs.add(r.getAs(Profile.PERIOD) + "/" + r.getAs(Profiles.ATTRIBUTED_ID)));
    assertEquals(Set.of("2024S1/" + A, "2024S1/" + Z, "2024S1/" + t), pairs);
    Set<String> ofDays = new TreeSet<>();
    Profiles.prescriberDays(stopRows, table(LandingContract.MT_LINKS), s1).collectAsList()
        .forEach(r -> ofDays.add(r.getAs(Profile.PERIOD) + "/"
            + r.getAs(Profiles.ATTRIBUTED_ID)));
    assertEquals(pairs, ofDays);
  }

  /**
   * The stop rows: A's stop U1 has a claim in May and one of 10 days from 25 June to 4 July, so
   * 2024S1 holds 10 + 6 of its days (350 + 210 euros) and 2024S2 the other 4 (140), each row with
   * the first and last day of its claims; T's claim prescribed on 10 May moved to Z, whose row
   * names T as the prescriber it moved from.
   */
  @Test
  void stopRowsSumTheClaimPeriodsOfAStopAndNameWhereTheyMovedFrom() {
    String t = REPLACED_IN_MAY;
    Dataset<Row> semesters = Profiles.periods(spark(),
        List.of(Period.semester("2024S1"), Period.semester("2024S2")));
    Map<String, Row> rows = new TreeMap<>();
    stopRowsWithTReplacedByZInMay(semesters,
        claim("W1", "U1", "P1", A, "2024-05-10", "2024-05-10", "2024-05-19", 10, 350, "MALADIE",
            null, false),
        claim("W2", "U1", "P1", A, "2024-06-25", "2024-06-25", "2024-07-04", 10, 350, "MALADIE",
            null, false),
        claim("W3", "U2", "P2", t, "2024-05-10", "2024-05-10", "2024-05-19", 10, 350, "MALADIE",
            null, false)).collectAsList()
        .forEach(r -> rows.put(r.getAs(Profiles.PERIOD_INDEX) + "/"
            + r.getAs(Profiles.ATTRIBUTED_ID) + "/" + r.getAs(Claims.STOP_ID), r));
    assertEquals(Set.of("0/" + A + "/U1", "1/" + A + "/U1", "0/" + Z + "/U2"), rows.keySet());
    Row first = rows.get("0/" + A + "/U1");
    assertEquals(16.0, num(first, Profiles.STOP_DAYS), 1e-12);
    assertEquals(560.0, num(first, Profiles.STOP_AMOUNT), 1e-9);
    assertEquals(d("2024-05-10"), first.<Date>getAs(Profiles.C_START));
    assertEquals(d("2024-07-04"), first.<Date>getAs(Profiles.C_END));
    assertEquals(null, first.<String>getAs(Profiles.MOVED_FROM));
    Row second = rows.get("1/" + A + "/U1");
    assertEquals(4.0, num(second, Profiles.STOP_DAYS), 1e-12);
    assertEquals(140.0, num(second, Profiles.STOP_AMOUNT), 1e-9);
    assertEquals(d("2024-06-25"), second.<Date>getAs(Profiles.C_START));
    Row moved = rows.get("0/" + Z + "/U2");
    assertEquals(t, moved.<String>getAs(Profiles.MOVED_FROM));
    assertEquals(10.0, num(moved, Profiles.STOP_DAYS), 1e-12);
    assertEquals("P2", moved.<String>getAs(Claims.PATIENT_ID));
  }

  /** A label given twice would sum two periods' days under one key. */
  @Test
  void aPeriodGivenTwiceIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> Profiles.periods(spark(),
            List.of(Period.semester("2024S1"), Period.semester("2024S1"))));
  }
}
