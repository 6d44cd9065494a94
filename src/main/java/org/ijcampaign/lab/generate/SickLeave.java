package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.Patients;
import org.ijcampaign.schema.Physicians;

/**
 * Sick-leave stops and their paid claims, generated in one narrow chain from the physicians
 * (no shuffle: each generation task holds a contiguous range of physicians and becomes one
 * claim file per year).
 *
 * <p>Stops arise as a thinned Poisson process. For each médecin-traitant link of an employed
 * patient, candidate start dates fall uniformly over the time the patient is both linked and
 * employed, at the highest intensity the patient could have; a candidate at date t is kept
 * with probability intensity(t) / that maximum, where intensity(t) = base rate × age band ×
 * sex × ALD × C2S × IRIS fragility × commune APL × the GP's multiplier at t (× the patient's
 * own frailty when the scenario draws one: it scales his candidates' Poisson mean, since it does
 * not vary with t). The GP's multiplier
 * at t is his practice multiplier (× the over-prescriber factor) × his shock of t's semester ×
 * the 2023 treatment effect from 2024, or the substitute's factor while a replacement contract
 * runs (the claims still carry the titular's RPPS). Each physician also prescribes to patients
 * who are not on his list (walk-ins, drawn uniformly among all patients and kept only while
 * employed); specialists prescribe only those.
 *
 * <p>A stop of d calendar days is an INITIAL prescription then PROLONGATIONs of a length fixed
 * per stop; each prescription is paid in periods of at most a month; the first 3 days of a
 * MALADIE stop are not paid (so the first period pays its days − 3). Claims are kept when their
 * paid period overlaps the configured years; stops start up to two years earlier so that long
 * stops are already running on the first 1 January.
 */
public final class SickLeave {
  private SickLeave() {}

  public static final String FILE_YEAR = "file_year";
  public static final String CLAIM_UID = "claim_uid";
  public static final String STOP_UID = "stop_uid";
  public static final String STOP_DAYS = "stop_days";
  public static final String STOP_START = "stop_start";
  public static final String PRESCRIBER_IDX = "prescriber_idx";
  public static final String WALK_IN = "walk_in";
  public static final String PRESCRIPTION_NO = "prescription_no";

  /** Stop numbers of walk-in stops start here (own-list stops are numbered below). */
  static final long WALK_IN_BASE = 1_000_000_000_000L;
  static final int MAX_CANDIDATES_PER_LINK = 127;
  static final int MAX_WALK_IN_CANDIDATES = 4_095;
  /** Walk-in stop numbers per physician: his walk-ins are numbered from base + idx × this. */
  static final long WALK_IN_UIDS_PER_PHYSICIAN = MAX_WALK_IN_CANDIDATES + 1;
  /** Claims per stop are numbered below this; planted fresh claims use the numbers above. */
  static final int CLAIMS_PER_STOP = 512;
  /** The longest stop that is not a long MALADIE one (medium MALADIE and AT_MP are capped). */
  static final int MEDIUM_MAX_DAYS = 365;

  private static final String LINK = "link";
  private static final String L = "l_";
  private static final String W0 = "w0";
  private static final String SPAN = "span";
  private static final String K = "k";
  private static final String CAND = "cand";
  private static final String T = "t";
  private static final String CPID = "cand_pid";
  private static final String WALK_GP = "walk_gp";
  private static final String AGE_T = "age_t";
  private static final String ALD_T = "ald_t";
  private static final String MULT_T = "mult_t";
  private static final String RISK = "stop_risk";
  private static final String I0 = "initial_days";
  private static final String P = "prolongation_days";
  private static final String C = "period_days";
  private static final String N = "n";
  private static final String A = "a_n";
  private static final String B = "b_n";
  private static final String CHUNK = "chunk";

  private static Column intArray(int[] values) {
    return array(Arrays.stream(values).mapToObj(v -> lit(v)).toArray(Column[]::new));
  }

  /**
   * The paid claims prescribed by {@code physicians} (all of them, or a subset to recompute a
   * few), with the typed contract columns of {@code ij_claims} and the generation columns
   * {@link #FILE_YEAR}, {@link Practitioners#PART}, {@link #CLAIM_UID}, {@link #STOP_UID},
   * {@link #STOP_DAYS}, {@link #STOP_START}, {@link #PRESCRIBER_IDX}, {@link #WALK_IN}.
   * {@code allPhysicians} is the full table (the GPs a patient may switch to).
   */
  public static Dataset<Row> claims(SparkSession spark, GenerateSpec spec,
      Dataset<Row> physicians, Dataset<Row> allPhysicians) {
    return claims(spark, spec, physicians, allPhysicians, null, null);
  }

  /**
   * As {@link #claims(SparkSession, GenerateSpec, Dataset, Dataset)}, but only the claims of
   * stops that start on or before {@code startsBy} (all when null) and, when
   * {@code maladieFrom} is set, of MALADIE stops still running on or after it. Every draw is
   * keyed by its stop, so these claims are exactly those of the full generation: the 2023
   * selection, which reads only the MALADIE days of 2022S2, skips drawing the other stops'.
   */
  public static Dataset<Row> claims(SparkSession spark, GenerateSpec spec,
      Dataset<Row> physicians, Dataset<Row> allPhysicians, java.time.LocalDate startsBy,
      java.time.LocalDate maladieFrom) {
    return claimsOf(new Draws(spec.seed()), spec,
        stops(spark, spec, physicians, allPhysicians, startsBy, maladieFrom));
  }

  /**
   * Under a scenario whose over-prescribers prescribe longer stops, the days multiplier of each
   * planted GP, in place of {@link Practitioners#MULTIPLIER} (the others' is returned as is; with
   * no such scenario, {@code physicians} itself). The caps on a stop's length keep a lengthened
   * stop short of F^λ times the stop it would have been, so his days are not practice × F: they
   * are practice × F^(1-λ) × κ, κ his own MALADIE stops' days less their waiting days (the days
   * the profile counts) lengthened, over the same stops' had they not been, over every such stop
   * of his that starts in the claims' years. The truth reports that multiplier, the level his
   * days tell.
   */
  public static Dataset<Row> effectiveMultipliers(SparkSession spark, GenerateSpec spec,
      Dataset<Row> physicians) {
    double lengthShare = spec.scenario().overLengthShare();
    if (lengthShare == 0) {
      return physicians;
    }
    Draws d = new Draws(spec.seed());
    int waiting = Calibration.WAITING_DAYS;
    // Every patient is a source, for a GP's patients may have come from another list; the
    // links to the planted GPs alone meet a GP's dynamics (an inner join), so only their stops
    // are drawn.
    Dataset<Row> kappa = keep(stops(spark, spec, physicians,
            physicians.where(col(Practitioners.OVER)), null, null),
            col(RISK).equalTo(Claims.MALADIE)
                .and(col(STOP_START).geq(Population.day(spec.dataStart()))))
        .withColumn(BASE_DAYS, duration(d, null))
        .groupBy(col(PRESCRIBER_IDX).as(KAPPA + "idx"))
        .agg(sum(col(STOP_DAYS).minus(waiting))
            .divide(sum(col(BASE_DAYS).minus(waiting)))
            .as(KAPPA));
    return physicians.join(kappa, physicians.col(Practitioners.IDX)
            .equalTo(kappa.col(KAPPA + "idx")), "left")
        .withColumn(Practitioners.MULTIPLIER, when(col(Practitioners.OVER),
            col(Practitioners.PRACTICE).multiply(pow(col(Practitioners.OVER_FACTOR),
                1 - lengthShare)).multiply(col(KAPPA)))
            .otherwise(col(Practitioners.MULTIPLIER)))
        .drop(KAPPA, KAPPA + "idx")
        // One row per physician, written to two truth files: the stops are drawn once.
        .localCheckpoint();
  }

  private static final String BASE_DAYS = "base_stop_days";
  private static final String KAPPA = "length_kappa";

  /** The accepted stops of {@link #claims}, before their prescriptions and paid periods. */
  private static Dataset<Row> stops(SparkSession spark, GenerateSpec spec,
      Dataset<Row> physicians, Dataset<Row> allPhysicians, java.time.LocalDate startsBy,
      java.time.LocalDate maladieFrom) {
    Draws d = new Draws(spec.seed());
    Column h0 = Population.day(spec.horizonStart());
    Column h1 = Population.day(spec.dataEnd());
    Column dataStart = Population.day(spec.dataStart());

    // Sources: every patient of the list, plus one walk-in source per physician (rank -1).
    // The patient's own GP's IRIS and APL factors of the stop rate, computed once per
    // physician rather than for every link (the same doubles: the product keeps its order).
    Column aplRatio = coalesce(col(Practitioners.APL_LATEST), lit(Calibration.APL_MEDIAN))
        .divide(Calibration.APL_MEDIAN);
    Dataset<Row> withFactors = physicians
        .withColumn(IRIS_FACTOR, exp(col(Practitioners.FRAGILITY)
            .multiply(Calibration.FRAGILITY_EFFECT)))
        .withColumn(APL_FACTOR, pow(greatest(aplRatio, lit(0.05)), Calibration.APL_ELASTICITY));
    Dataset<Row> sources = Population.withPatients(spec,
        Population.physicianStream(spark, spec, withFactors)
            .withColumn(Population.RANK, explode(sequence(lit(-1),
                col(Practitioners.LIST_SIZE).minus(1)))));
    Column walk = col(Population.RANK).lt(0);
    Column walkLink = array(struct(col(Practitioners.IDX).as(Population.LINK_GP),
        lit(0).as(Population.LINK_NO),
        greatest(col(Physicians.INSTALLATION_DATE), h0).as(Population.LINK_START),
        h1.as(Population.LINK_END)));
    // explode_outer: the arrays are never empty, and a plain explode would make the optimiser
    // infer a size filter that inlines the whole link computation below it.
    Dataset<Row> links = sources
        .withColumn(LINK, explode_outer(when(walk, walkLink).otherwise(col(Population.LINKS))))
        .withColumn(WALK_IN, walk);

    // Under a scenario whose over-prescribers prescribe longer stops, the share λ of the factor
    // F that lengthens stops (F^λ) leaves the stop count; the calibration's plans stay as they
    // were (λ = 0: no column, no expression), so its zones keep their bytes.
    double lengthShare = spec.scenario().overLengthShare();
    List<Column> dynamicColumns = new ArrayList<>(List.of(
        col(Practitioners.IDX).as(L + "idx"),
        col(Practitioners.MULTIPLIER).as(L + "mult"), col(Practitioners.SHOCKS).as(L + "shocks"),
        col(Practitioners.TREAT_FACTOR).as(L + "treat"),
        col(Practitioners.C1_START).as(L + "c1s"), col(Practitioners.C1_END).as(L + "c1e"),
        col(Practitioners.C1_FACTOR).as(L + "c1f"), col(Practitioners.C2_START).as(L + "c2s"),
        col(Practitioners.C2_END).as(L + "c2e"), col(Practitioners.C2_FACTOR).as(L + "c2f"),
        col(Practitioners.MULT_MAX).as(L + "max"), col(Practitioners.WALK_IN_RATE).as(L + "walk")));
    if (lengthShare > 0) {
      dynamicColumns.add(pow(col(Practitioners.OVER_FACTOR), lengthShare).as(L + "len"));
    }
    Dataset<Row> dynamics = allPhysicians.select(dynamicColumns.toArray(new Column[0]));
    Column linkStart = col(LINK + "." + Population.LINK_START);
    Column linkEnd = col(LINK + "." + Population.LINK_END);
    Column w0 = when(walk, linkStart)
        .otherwise(greatest(linkStart, col(Patients.ACTIVE_START), h0));
    Column w1 = when(walk, linkEnd).otherwise(least(coalesce(linkEnd, h1),
        coalesce(col(Patients.ACTIVE_END), h1)));
    Column aldMax = when(col(Patients.ALD_START).isNotNull(), Calibration.ALD_FACTOR)
        .otherwise(1.0);
    Column c2sMax = when(col(Patients.C2S_START).isNotNull(), Calibration.C2S_FACTOR)
        .otherwise(1.0);
    double ageMax = Arrays.stream(Calibration.AGE_FACTORS).max().orElseThrow();
    Column years = col(SPAN).divide(365.25);
    Column ownMean = lit(Calibration.STOP_RATE * ageMax)
        .multiply(when(col(Patients.SEX).equalTo("F"), Calibration.FEMALE_FACTOR).otherwise(1.0))
        .multiply(aldMax).multiply(c2sMax)
        .multiply(col(IRIS_FACTOR))
        .multiply(col(APL_FACTOR))
        .multiply(col(L + "max")).multiply(years);
    double frailty = spec.scenario().patientFrailtySigma();
    if (frailty > 0) {
      // Constant over the patient's life, so it stays with each GP whose list he is on.
      ownMean = ownMean.multiply(d.meanOne("patient.frailty", frailty, col(Population.PID)));
    }
    Column walkMean = col(L + "walk").multiply(col(L + "max")).multiply(years);
    Column pid = col(Population.PID);
    Column linkNo = col(LINK + "." + Population.LINK_NO);
    Column count = when(col(SPAN).leq(0), lit(0))
        .when(walk, d.poisson("walk.count", walkMean, MAX_WALK_IN_CANDIDATES,
            col(Practitioners.IDX)))
        .when(col(Patients.ACTIVE_START).isNull(), lit(0))
        .otherwise(d.poisson("stop.count", ownMean, MAX_CANDIDATES_PER_LINK, pid, linkNo));
    Column uid = when(walk, lit(WALK_IN_BASE)
        .plus(col(Practitioners.IDX).multiply(WALK_IN_UIDS_PER_PHYSICIAN)).plus(col(CAND)))
        .otherwise(pid.multiply(2).plus(linkNo).multiply(MAX_CANDIDATES_PER_LINK + 1)
            .plus(col(CAND)));

    Dataset<Row> drawn = links
        .join(broadcast(dynamics), col(LINK + "." + Population.LINK_GP).equalTo(col(L + "idx")))
        .withColumn(W0, w0)
        .withColumn(SPAN, datediff(w1, col(W0)).plus(1))
        .withColumn(K, count)
        .withColumn(CAND, explode_outer(when(col(K).gt(0), sequence(lit(0), col(K).minus(1)))))
        .where(col(CAND).isNotNull())
        .withColumn(STOP_UID, uid)
        .withColumn(T, date_add(col(W0), floor(d.uniform("stop.t", col(STOP_UID))
            .multiply(col(SPAN))).cast("int")));
    Column wanted = lit(true);
    if (startsBy != null) {
      wanted = wanted.and(col(T).leq(Population.day(startsBy)));
    }
    if (maladieFrom != null) {
      // A stop of at most MEDIUM_MAX_DAYS that starts earlier ends before maladieFrom; only a
      // long MALADIE stop can be longer, and it is long only when its own class draw falls
      // under the long share (the same draw duration() makes, so the test is exact).
      wanted = wanted.and(col(T).geq(date_add(Population.day(maladieFrom),
              1 - MEDIUM_MAX_DAYS))
          .or(d.uniform("stop.class", col(STOP_UID)).lt(
              Math.max(Calibration.LONG_SHARE_ALD, Calibration.LONG_SHARE_OTHER))));
    }
    Dataset<Row> candidates = startsBy == null && maladieFrom == null ? drawn
        : keep(drawn, wanted);

    // Walk-in patients: a uniform GP, then a uniform rank in his list; their attributes are
    // recomputed from their number.
    Column stopUid = col(STOP_UID);
    Column otherGp = floor(d.uniform("walk.gp", stopUid).multiply(spec.gps())).cast("long");
    Column otherRank = floor(d.uniform("walk.rank", stopUid)
        .multiply(Practitioners.listSize(d, spec, col(WALK_GP)))).cast("long");
    Dataset<Row> withPatient = candidates.withColumn(WALK_GP, when(walk, otherGp))
        .withColumn(CPID, when(walk, col(WALK_GP).multiply(Ids.PATIENTS_PER_PHYSICIAN)
            .plus(otherRank)).otherwise(pid));
    Column t = col(T);
    Column ageT = year(t).minus(col(Patients.BIRTH_YEAR));
    Column aldT = inRange(t, col(Patients.ALD_START), col(Patients.ALD_END));
    Column c2sT = inRange(t, col(Patients.C2S_START), col(Patients.C2S_END));
    Column activeT = inRange(t, col(Patients.ACTIVE_START), col(Patients.ACTIVE_END));
    Column semester = year(t).minus(spec.horizonStart().getYear()).multiply(2)
        .plus(when(month(t).gt(6), 1).otherwise(0));
    Column treated = when(t.geq(to_date(lit(Calibration.EFFECT_FROM))), col(L + "treat"))
        .otherwise(1.0);
    Column multT = when(inRange(t, col(L + "c1s"), col(L + "c1e")), col(L + "c1f"))
        .when(inRange(t, col(L + "c2s"), col(L + "c2e")), col(L + "c2f"))
        .otherwise((lengthShare > 0 ? col(L + "mult").divide(col(L + "len")) : col(L + "mult"))
            .multiply(element_at(col(L + "shocks"), semester.plus(1))).multiply(treated));
    // A substitute's stops are his own length, not the titular's.
    Column lengthT = lengthShare > 0 ? when(inRange(t, col(L + "c1s"), col(L + "c1e"))
        .or(inRange(t, col(L + "c2s"), col(L + "c2e"))), lit(1.0)).otherwise(col(L + "len"))
        : null;
    double[] ages = Calibration.AGE_FACTORS;
    Column ageFactor = when(col(AGE_T).lt(30), ages[0]).when(col(AGE_T).lt(40), ages[1])
        .when(col(AGE_T).lt(50), ages[2]).when(col(AGE_T).lt(60), ages[3]).otherwise(ages[4]);
    Column ownAccept = ageFactor
        .multiply(when(col(ALD_T), Calibration.ALD_FACTOR).otherwise(1.0))
        .multiply(when(c2sT, Calibration.C2S_FACTOR).otherwise(1.0))
        .multiply(col(MULT_T))
        .divide(aldMax.multiply(c2sMax).multiply(ageMax).multiply(col(L + "max")));
    Column walkAccept = when(activeT, col(MULT_T).divide(col(L + "max"))).otherwise(0.0);

    Dataset<Row> accepted = keep(Population.withCore(withPatient, d, spec, col(CPID), walk)
        .withColumn(AGE_T, ageT)
        .withColumn(ALD_T, aldT)
        .withColumn(MULT_T, multT),
        d.uniform("stop.accept", stopUid).lt(when(walk, walkAccept).otherwise(ownAccept)));
    Column stopEnd = date_add(t, col(STOP_DAYS).minus(1));
    Column running = maladieFrom == null ? stopEnd.geq(dataStart)
        : stopEnd.geq(greatest(dataStart, Population.day(maladieFrom)))
            .and(col(RISK).equalTo(Claims.MALADIE));
    return keep(accepted
        .withColumn(PRESCRIBER_IDX, col(L + "idx"))
        .withColumn(RISK, risk(d, spec))
        .withColumn(STOP_DAYS, duration(d, lengthT)), running)
        .withColumn(STOP_START, t);
  }

  private static final String GATE = "gate";
  private static final String IRIS_FACTOR = "own_iris_factor";
  private static final String APL_FACTOR = "own_apl_factor";

  /**
   * Keeps the rows where {@code condition} holds, computing it once. A plain filter would be
   * pushed below the projections that define the columns it reads, and the optimiser would
   * inline (so compute again, and in nested cases blow up) their whole expressions; the
   * condition evaluated inside an outer explode, and the filter on the explode's output, stay
   * where they are.
   */
  static Dataset<Row> keep(Dataset<Row> df, Column condition) {
    return df.withColumn(GATE, explode_outer(when(condition, array(lit(true)))))
        .where(col(GATE).isNotNull()).drop(GATE);
  }

  /** Whether {@code t} lies in [start, end] (end null = open); false when start is null. */
  static Column inRange(Column t, Column start, Column end) {
    return start.isNotNull().and(start.leq(t)).and(end.isNull().or(t.leq(end)));
  }

  private static Column risk(Draws d, GenerateSpec spec) {
    Column uid = col(STOP_UID);
    Column specialist = col(PRESCRIBER_IDX).geq(spec.gps());
    Column maternity = specialist.unary_$bang().and(col(Patients.SEX).equalTo("F"))
        .and(col(AGE_T).between(20, 42))
        .and(d.bernoulli("stop.maternity", Calibration.MATERNITE_SHARE_YOUNG_WOMEN, uid));
    Column atMp = d.bernoulli("stop.atmp", when(specialist, 0.10)
        .otherwise(Calibration.AT_MP_SHARE), uid);
    return when(maternity, lit(Claims.MATERNITE)).when(atMp, lit(Claims.AT_MP))
        .otherwise(lit(Claims.MALADIE));
  }

  /**
   * Calendar days of the stop, by risk; MALADIE from the short/medium/long mixture. A
   * {@code lengthFactor} (null: none) lengthens every stop but maternity's before its class's
   * cap, so a medium or work-injury stop still ends within {@link #MEDIUM_MAX_DAYS} (the first
   * pass's filter relies on it) and a long one stays long.
   */
  private static Column duration(Draws d, Column lengthFactor) {
    Column uid = col(STOP_UID);
    Column ald = col(ALD_T);
    Column longShare = when(ald, Calibration.LONG_SHARE_ALD)
        .otherwise(Calibration.LONG_SHARE_OTHER);
    Column u = d.uniform("stop.class", uid);
    Column v = d.uniform("stop.length", uid);
    Column longDays = least(lit(Calibration.MAX_STOP_DAYS), lengthened(lit(366).plus(floor(
        log(lit(1.0).minus(v)).multiply(-Calibration.LONG_EXTRA_MEAN))), lengthFactor));
    Column shortDays = lengthened(lit(4).plus(floor(v.multiply(4))), lengthFactor);
    Column median = Exact.expOf(col(AGE_T).minus(40), Calibration.MEDIUM_AGE_SLOPE, -60, 100)
        .multiply(when(ald, Calibration.MEDIUM_MEDIAN * Calibration.MEDIUM_ALD_FACTOR)
            .otherwise(Calibration.MEDIUM_MEDIAN));
    Column mediumDays = least(lit(MEDIUM_MAX_DAYS), lengthened(lit(8).plus(floor(median.multiply(
        exp(d.normal("stop.medium", uid).multiply(Calibration.MEDIUM_SIGMA))))), lengthFactor));
    Column maladie = when(u.lt(longShare), longDays)
        .when(u.lt(longShare.plus(Calibration.SHORT_SHARE)), shortDays)
        .otherwise(mediumDays);
    Column atMp = least(lit(MEDIUM_MAX_DAYS), lengthened(lit(1).plus(floor(
        d.lognormal("stop.atmp.length", 14, 1.1, uid))), lengthFactor));
    return when(col(RISK).equalTo(Claims.MATERNITE), lit(Calibration.MATERNITE_DAYS))
        .when(col(RISK).equalTo(Claims.AT_MP), atMp)
        .otherwise(maladie).cast("int");
  }

  /** {@code days} × {@code factor}, whole days down; {@code days} itself when there is none. */
  static Column lengthened(Column days, Column factor) {
    return factor == null ? days : floor(days.multiply(factor));
  }

  /** Prescriptions of each stop, then paid periods of each prescription. */
  private static Dataset<Row> claimsOf(Draws d, GenerateSpec spec, Dataset<Row> stops) {
    Column uid = col(STOP_UID);
    Column t = col(STOP_START);
    Column days = col(STOP_DAYS);
    Column h1 = Population.day(spec.dataEnd());
    Column dataStart = Population.day(spec.dataStart());
    Column maternity = col(RISK).equalTo(Claims.MATERNITE);
    Column initial = when(maternity, days).otherwise(element_at(
        intArray(Calibration.INITIAL_DAYS),
        d.integer("stop.initial", 1, Calibration.INITIAL_DAYS.length, uid)));
    Column n = col(N);
    Column a = when(n.equalTo(0), lit(0))
        .otherwise(col(I0).plus(n.minus(1).multiply(col(P))));
    Column b = least(when(n.equalTo(0), col(I0)).otherwise(col(I0).plus(n.multiply(col(P)))),
        days).minus(1);
    int specialists = spec.specialists();
    Column specialistProlongs = n.gt(0)
        .and(d.bernoulli("pres.specialist", Calibration.SPECIALIST_PROLONGATION_SHARE, uid, n));
    Column specialist = lit((long) spec.gps()).plus(floor(d.uniform("pres.specialist.who",
        uid, n).multiply(specialists)).cast("long"));
    Column prescriptionDate = when(n.equalTo(0), t)
        .otherwise(date_add(t, col(A).minus(d.integer("pres.ahead", 0, 2, uid, n))));

    Dataset<Row> prescriptions = stops
        .withColumn(I0, least(initial, days))
        .withColumn(P, element_at(intArray(Calibration.PROLONGATION_DAYS),
            d.integer("stop.prolongation", 1, Calibration.PROLONGATION_DAYS.length, uid)))
        .withColumn(C, element_at(intArray(Calibration.PAID_PERIOD_DAYS),
            d.integer("stop.period", 1, Calibration.PAID_PERIOD_DAYS.length, uid)))
        .withColumn(N, explode(sequence(lit(0), ceil(greatest(lit(0), days.minus(col(I0)))
            .divide(col(P))).cast("int"))))
        .withColumn(A, a)
        .withColumn(B, b)
        .where(date_add(t, col(A)).leq(h1).and(date_add(t, col(B)).geq(dataStart)))
        .withColumn(PRESCRIPTION_NO, n)
        .withColumn(Claims.PRESCRIPTION_KIND, when(n.equalTo(0), lit(Claims.INITIAL))
            .otherwise(lit(Claims.PROLONGATION)))
        .withColumn(PRESCRIBER_IDX, when(specialistProlongs, specialist)
            .otherwise(col(PRESCRIBER_IDX)))
        .withColumn(Claims.PRESCRIPTION_DATE, prescriptionDate);

    Column chunk = col(CHUNK);
    Column start = date_add(t, col(A).plus(chunk.multiply(col(C))));
    Column end = date_add(t, least(col(A).plus(chunk.plus(1).multiply(col(C))),
        col(B).plus(1)).minus(1));
    Column calendar = datediff(col(Claims.PERIOD_END), col(Claims.PERIOD_START)).plus(1);
    Column waiting = when(n.equalTo(0).and(chunk.equalTo(0))
        .and(col(RISK).equalTo(Claims.MALADIE)), Calibration.WAITING_DAYS).otherwise(0);
    Column claimUid = uid.multiply(CLAIMS_PER_STOP).plus(n.multiply(4)).plus(chunk);
    Column partial = when(d.bernoulli("claim.partial", Calibration.PARTIAL_PAYMENT_SHARE,
        col(CLAIM_UID)).and(calendar.minus(waiting).geq(2)), 1).otherwise(0);
    // The daily rate in cents, as round(rate × growth^k, 2) cast to decimal(8,2) gives it, and
    // the amount as the decimal of cents × days: the decimals' arithmetic, exactly, in longs.
    Column rateCents = Exact.cents(col(Population.DAILY_RATE).multiply(Exact.pow(
        1 + Calibration.WAGE_GROWTH, year(col(Claims.PERIOD_START))
            .minus(Calibration.RATE_BASE_YEAR),
        spec.horizonStart().getYear() - Calibration.RATE_BASE_YEAR,
        spec.dataEnd().getYear() - Calibration.RATE_BASE_YEAR)));
    return prescriptions
        .withColumn(CHUNK, explode(sequence(lit(0), ceil(col(B).minus(col(A)).plus(1)
            .divide(col(C))).cast("int").minus(1))))
        .withColumn(Claims.PERIOD_START, start)
        .withColumn(Claims.PERIOD_END, end)
        .where(col(Claims.PERIOD_START).leq(h1).and(col(Claims.PERIOD_END).geq(dataStart)))
        .withColumn(CLAIM_UID, claimUid)
        .withColumn(Claims.PAID_DAYS, calendar.minus(waiting).minus(partial).cast("int"))
        .withColumn(Claims.AMOUNT_EUR, Exact.decimal(rateCents.multiply(col(Claims.PAID_DAYS)),
            12, 2))
        .withColumn(FILE_YEAR, greatest(lit(spec.firstYear()), year(col(Claims.PERIOD_START))))
        .select(col(Practitioners.PART), col(FILE_YEAR), col(CLAIM_UID), col(STOP_UID),
            col(STOP_DAYS), col(STOP_START), col(PRESCRIBER_IDX), col(WALK_IN),
            Ids.claim(col(CLAIM_UID), spec.seed()).as(Claims.CLAIM_ID),
            Ids.stop(col(STOP_UID), spec.seed()).as(Claims.STOP_ID),
            col(Claims.PRESCRIPTION_KIND),
            Ids.patient(col(CPID), spec.seed()).as(Claims.PATIENT_ID),
            Ids.rpps(col(PRESCRIBER_IDX), spec.seed()).as(Claims.PRESCRIBER_ID),
            col(Claims.PRESCRIPTION_DATE), col(Claims.PERIOD_START), col(Claims.PERIOD_END),
            col(Claims.PAID_DAYS), col(Claims.AMOUNT_EUR), col(RISK).as(Claims.RISK),
            lit(null).cast("string").as(Claims.REVERSAL_OF));
  }
}
