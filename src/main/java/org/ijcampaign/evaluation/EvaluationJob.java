package org.ijcampaign.evaluation;

import static org.apache.spark.sql.functions.col;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.Period;
import org.ijcampaign.config.ReplacementRule;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.InputError;
import org.ijcampaign.io.RowBuilder;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.model.ModelJob;
import org.ijcampaign.profile.Profiles;
import org.ijcampaign.schema.Evaluation;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.TableSchemas;
import org.ijcampaign.schema.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code evaluate} job's edges: reads the profiles (and fits the baseline model if it is
 * missing), evaluates the campaign — the published comparison, and the headline estimate from a
 * baseline clean of the selection (docs/evaluation.md) — and replaces the campaign's slices of
 * {@code campaign_evaluation}, {@code evaluation_series} and {@code evaluation_balance}. A
 * campaign without a treated GP, or a period without profiles, stops the job with a message
 * instead of zeros; a headline the data cannot support is written with its reason and no
 * number.
 */
public final class EvaluationJob {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationJob.class);
  private EvaluationJob() {}

  /**
   * What the evaluation found, for the command's summary and the tests.
   *
   * @param naiveDid the published comparison's difference in differences of log rates
   * @param headline the headline estimate, null when {@code status} says why there is none
   * @param placebo the headline's placebo, null without two baseline semesters
   * @param baseline the headline's baseline semesters
   */
  public record Outcome(double naiveDid, String status, CleanDid.Result headline,
      CleanDid.Result placebo, long controls, long treated,
      Map<String, CampaignEvaluation.Pooled> pooled, List<String> baseline, double eurPerDay) {}

  public static final StructType SCHEMA = TableSchemas.CAMPAIGN_EVALUATION.structType();

  public static final StructType BALANCE_SCHEMA = TableSchemas.EVALUATION_BALANCE.structType();

  public static Outcome run(DeltaStore store, RunLog log, AppConfig cfg,
      CampaignConfig.EvaluationPlan plan) {
    Instant t0 = Instant.now();
    String campaign = plan.campaign();
    Period baseline = plan.baseline();
    Period followUp = plan.followUp();
    Dataset<Row> profiles = store.read(Tables.GP_PERIOD_PROFILE);
    Dataset<Row> b = profiles.where(col(Profile.PERIOD).equalTo(baseline.label()));
    Dataset<Row> f = profiles.where(col(Profile.PERIOD).equalTo(followUp.label()));
    List<Period> clean = plan.cleanBaseline();
    List<Period> required = new ArrayList<>(List.of(baseline, followUp));
    required.addAll(clean);
    for (Period p : required) {
      if (profiles.where(col(Profile.PERIOD).equalTo(p.label()).and(col(Profile.PROFILED)))
          .isEmpty()) {
        throw new InputError("no profiled GP in period " + p.label() + " (no claims, or the "
            + "profile job has not run for it): nothing to evaluate");
      }
    }
    Dataset<Row> treated = CampaignEvaluation.treated(store.read(Tables.CAMPAIGN_HISTORY),
        campaign).persist();
    if (treated.isEmpty()) {
      throw new InputError("campaign " + campaign + " has no GP with an MSO or MSAP event in "
          + "campaign_history: nothing to evaluate");
    }
    Dataset<Row> expectedB = baselineModel(store, log, cfg, baseline);
    Dataset<Row> panel = CampaignEvaluation.panel(b, f, expectedB, treated)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, CampaignEvaluation.Pooled> pooled = CampaignEvaluation.pooledByGroup(panel);
    CampaignEvaluation.Pooled all = pooled.get(Evaluation.ALL_TREATED);
    CampaignEvaluation.Pooled others = pooled.get(Evaluation.ALL_OTHER);
    if (all.gps() == 0 || others == null) {
      throw new InputError("campaign " + campaign + ": no treated GP (or no other GP) is "
          + "profiled in both " + baseline.label() + " and " + followUp.label());
    }
    double naiveDid = all.logChange() - others.logChange();

    // One price per day for every saving of the run, the published and the headline's alike.
    double eurPerDay = Savings.eurPerDay(f);
    double naiveSavings = Savings.publishedDays(Savings.daysAtBaselineRates(panel),
        others.followUpRate() / others.baselineRate(), all.fDays());
    ObjectiveAttainment attainment = ObjectiveAttainment.of(panel);
    Map<String, Double> balance = CampaignEvaluation.meanBaselineRatio(panel);

    // The headline: stops compared with stops of the same age, started after the selection.
    List<String> cleanLabels = clean.stream().map(Period::label).toList();
    String startSemester = semesterOf(plan.treatmentStart());
    int lags = CleanBaseline.affectedLags(followUp.label(), startSemester);
    Dataset<Row> semesters = profiles.where(col(Profile.PERIOD).rlike("^[0-9]{4}S[12]$"));
    List<Period> lagPeriods = semesterPeriods(semesters).stream()
        .filter(p -> !p.end().isBefore(plan.selectionStart())
            && !p.start().isAfter(followUp.end())).toList();
    Dataset<Row> claims = store.read(Tables.CLAIMS_CLEAN);
    Dataset<Row> attributed = Profiles.attributedClaims(claims, store.read(Tables.REPLACEMENTS),
        Profiles.periods(store.spark(), lagPeriods), replacementRule(f, cfg));
    Dataset<Row> lagDays = CleanBaseline.lagDays(attributed, CleanBaseline.stopStarts(claims),
        lags + 1).persist(StorageLevel.MEMORY_AND_DISK());
    List<String> needed = new ArrayList<>(cleanLabels);
    needed.add(followUp.label());
    Dataset<Row> cleanPanel = CleanBaseline.panel(semesters, treated, needed)
        .persist(StorageLevel.MEMORY_AND_DISK());
    List<List<String>> baseByLag = CleanBaseline.baselineByLag(cleanLabels, lags);
    int min = cfg.evaluation().minStratumControls();
    CleanBaseline.Estimate headline;
    CleanBaseline.Estimate placebo = null;
    String status;
    if (baseByLag == null) {
      headline = new CleanBaseline.Estimate(null, null, 0);
      status = Evaluation.NO_BASELINE;
    } else {
      headline = CleanBaseline.estimate(cleanPanel, lagDays, baseByLag, followUp.label(), false,
          min);
      if (cleanLabels.size() >= 2) {
        placebo = CleanBaseline.estimate(cleanPanel, lagDays,
            List.of(cleanLabels.subList(0, cleanLabels.size() - 1)),
            cleanLabels.get(cleanLabels.size() - 1), true, min);
      }
      status = headline.treated() == 0 ? Evaluation.NO_TREATED
          : headline.result() == null ? Evaluation.NO_CONTROLS
          : placebo != null && CleanDid.drifts(placebo.result(),
              cfg.evaluation().placeboTolerance()) ? Evaluation.PRE_TREND
          : Evaluation.ESTIMATED;
    }
    CleanDid.Result h = Evaluation.ESTIMATED.equals(status) ? headline.result() : null;
    CleanDid.Result pl = placebo == null ? null : placebo.result();

    List<Row> rows = new ArrayList<>();
    for (String g : List.of(Evaluation.MSO, Evaluation.MSAP, Evaluation.ALL_TREATED,
        Evaluation.ALL_OTHER)) {
      CampaignEvaluation.Pooled p = pooled.get(g);
      if (p == null) {
        continue;
      }
      boolean isAll = g.equals(Evaluation.ALL_TREATED);
      boolean isOther = g.equals(Evaluation.ALL_OTHER);
      // Boxed on purpose: a ternary mixing double and a null Double would unbox the null.
      Double ratio = isAll ? Double.valueOf(treatedMeanRatio(panel)) : balance.get(g);
      rows.add(new RowBuilder(SCHEMA)
          .set(Evaluation.CAMPAIGN, campaign).set(Evaluation.BASELINE, baseline.label())
          .set(Evaluation.FOLLOW_UP, followUp.label()).set(Evaluation.GROUP, g)
          .set(Evaluation.GPS, p.gps()).set(Evaluation.BASELINE_DAYS, p.bDays())
          .set(Evaluation.BASELINE_EXPOSURE, p.bExposure())
          .set(Evaluation.BASELINE_RATE, p.baselineRate())
          .set(Evaluation.FOLLOW_UP_DAYS, p.fDays())
          .set(Evaluation.FOLLOW_UP_EXPOSURE, p.fExposure())
          .set(Evaluation.FOLLOW_UP_RATE, p.followUpRate())
          .set(Evaluation.CHANGE_PCT, 100 * (p.followUpRate() / p.baselineRate() - 1))
          .set(Evaluation.MEAN_BASELINE_RATIO, ratio)
          .set(Evaluation.OBJECTIVE_ATTAINMENT,
              g.equals(Evaluation.MSO) ? attainment.share() : null)
          .set(Evaluation.GPS_WITH_OBJECTIVE,
              g.equals(Evaluation.MSO) ? Long.valueOf(attainment.withObjective()) : null)
          .set(Evaluation.SAVINGS_DAYS, isAll ? Double.valueOf(naiveSavings) : null)
          .set(Evaluation.SAVINGS_EUR,
              isAll ? Double.valueOf(Savings.euros(naiveSavings, eurPerDay)) : null)
          .set(Evaluation.EUR_PER_DAY, isAll ? Double.valueOf(eurPerDay) : null)
          .set(Evaluation.DID_LOG, isOther ? Double.valueOf(naiveDid) : null)
          .set(Evaluation.EFFECT_PCT, isOther ? Double.valueOf(100 * (Math.exp(naiveDid) - 1))
              : null)
          .set(Evaluation.METHOD, isOther ? "published comparison: the treated's change from "
              + baseline.label() + " to " + followUp.label() + " against all other GPs'; "
              + "overstates the effect (regression to the mean)" : null)
          .set(Evaluation.HEADLINE, false)
          .build());
    }
    rows.add(headlineRow(campaign, cleanLabels, followUp, headline.controls(), h, pl, status,
        headline.treated(), eurPerDay));
    store.replaceSlice(store.spark().createDataFrame(rows, SCHEMA), Tables.CAMPAIGN_EVALUATION,
        Evaluation.CAMPAIGN, campaign, Evaluation.CAMPAIGN);
    store.replaceSlice(EvaluationSeries.series(profiles, panel, cleanPanel, campaign),
        Tables.EVALUATION_SERIES, Evaluation.CAMPAIGN, campaign, Evaluation.CAMPAIGN);
    store.replaceSlice(balanceTable(store, cfg, plan, cleanPanel, lagDays, cleanLabels,
            headline.result(), pl),
        Tables.EVALUATION_BALANCE, Evaluation.CAMPAIGN, campaign, Evaluation.CAMPAIGN);
    LOG.info(String.format(java.util.Locale.ROOT, "[evaluate] %s: treated %,.0f; published comparison "
            + "%s->%s %.3f (%.1f %%); headline from %s: %s%s", campaign, all.gps(),
        baseline.label(), followUp.label(), naiveDid, 100 * (Math.exp(naiveDid) - 1),
        String.join("+", cleanLabels), status, h == null ? "" : String.format(
            java.util.Locale.ROOT, " %.3f [%.3f, %.3f] (%.1f %%), savings %,.0f days [%,.0f, "
                + "%,.0f], %,.0f EUR", h.log(), h.lo(), h.hi(), 100 * (Math.exp(h.log()) - 1),
            h.savingsDays(), h.savingsLo(), h.savingsHi(),
            Savings.euros(h.savingsDays(), eurPerDay))));
    log.stage("evaluate " + campaign, (long) (all.gps() + others.gps()), rows.size(),
        Duration.between(t0, Instant.now()));
    panel.unpersist();
    cleanPanel.unpersist();
    lagDays.unpersist();
    treated.unpersist();
    return new Outcome(naiveDid, status, h, pl,
        headline.controls() == null ? 0 : headline.controls().controls(), (long) all.gps(),
        pooled, cleanLabels, eurPerDay);
  }

  /** The headline's row: its controls' clean figures, the estimate, or why there is none. */
  static Row headlineRow(String campaign, List<String> baseline, Period followUp,
      CleanDid.Growth controls, CleanDid.Result h, CleanDid.Result placebo, String status,
      long treated, double eurPerDay) {
    RowBuilder r = new RowBuilder(SCHEMA)
        .set(Evaluation.CAMPAIGN, campaign)
        .set(Evaluation.BASELINE, baseline.isEmpty() ? "-" : String.join("+", baseline))
        .set(Evaluation.FOLLOW_UP, followUp.label()).set(Evaluation.GROUP, Evaluation.CONTROLS)
        .set(Evaluation.GPS, controls == null ? 0.0 : (double) controls.controls())
        .set(Evaluation.HEADLINE, true).set(Evaluation.STATUS, status)
        .set(Evaluation.TREATED_EVALUATED, treated)
        .set(Evaluation.EUR_PER_DAY, eurPerDay)
        .set(Evaluation.METHOD, "headline: each treated GP's days of stops started after the "
            + "selection, by stop age, at his rate over " + (baseline.isEmpty()
            ? "(no semester between the selection and the campaign)" : String.join("+",
                baseline)) + ", moved like his region's untreated GPs' days of the same age to "
            + followUp.label() + ", plus his days of stops started before the campaign as "
            + "paid; 95 % interval: jackknife and delta method; this row's rates: the "
            + "controls' days of stops started in the semester (docs/evaluation.md)");
    if (controls != null) {
      // The controls' figures of lag 0: days of stops started in the semester itself.
      double bRate = controls.baseDays()[0] / controls.baseExposure()[0];
      double fRate = controls.followDays()[0] / controls.followExposure();
      r.set(Evaluation.BASELINE_DAYS, controls.baseDays()[0])
          .set(Evaluation.BASELINE_EXPOSURE, controls.baseExposure()[0])
          .set(Evaluation.BASELINE_RATE, bRate)
          .set(Evaluation.FOLLOW_UP_DAYS, controls.followDays()[0])
          .set(Evaluation.FOLLOW_UP_EXPOSURE, controls.followExposure())
          .set(Evaluation.FOLLOW_UP_RATE, fRate)
          .set(Evaluation.CHANGE_PCT, 100 * (fRate / bRate - 1));
    }
    if (h != null) {
      r.set(Evaluation.DID_LOG, h.log()).set(Evaluation.DID_CI_LOW, h.lo())
          .set(Evaluation.DID_CI_HIGH, h.hi())
          .set(Evaluation.EFFECT_PCT, 100 * (Math.exp(h.log()) - 1))
          .set(Evaluation.SAVINGS_DAYS, h.savingsDays())
          .set(Evaluation.SAVINGS_DAYS_LOW, h.savingsLo())
          .set(Evaluation.SAVINGS_DAYS_HIGH, h.savingsHi())
          .set(Evaluation.SAVINGS_EUR, Savings.euros(h.savingsDays(), eurPerDay))
          .set(Evaluation.SAVINGS_EUR_LOW, Savings.euros(h.savingsLo(), eurPerDay))
          .set(Evaluation.SAVINGS_EUR_HIGH, Savings.euros(h.savingsHi(), eurPerDay));
    }
    if (placebo != null) {
      r.set(Evaluation.PLACEBO_LOG, placebo.log()).set(Evaluation.PLACEBO_CI_LOW, placebo.lo())
          .set(Evaluation.PLACEBO_CI_HIGH, placebo.hi());
    }
    return r.build();
  }

  /**
   * Semester by semester, the treated against the headline's controls: pooled rates of all days
   * and of the days of stops started in the semester, their log gaps, and the headline's
   * estimate with the semester as its target from the campaign's start on (and the placebo in
   * the last baseline semester).
   */
  private static Dataset<Row> balanceTable(DeltaStore store, AppConfig cfg,
      CampaignConfig.EvaluationPlan plan, Dataset<Row> cleanPanel, Dataset<Row> lagDays,
      List<String> cleanLabels, CleanDid.Result atFollowUp, CleanDid.Result placebo) {
    String startSemester = semesterOf(plan.treatmentStart());
    int min = cfg.evaluation().minStratumControls();
    List<Row> rows = new ArrayList<>();
    // A row per semester, sorted here rather than by a Spark range partitioning.
    List<Row> semesters = new ArrayList<>(CleanBaseline.balance(cleanPanel, lagDays)
        .collectAsList());
    semesters.sort(Comparator.comparing((Row r) -> r.<String>getAs(Profile.PERIOD)));
    for (Row r : semesters) {
      Period p = Period.parse(r.getAs(Profile.PERIOD));
      String role = role(plan, p, cleanLabels);
      boolean counted = !p.end().isBefore(plan.selectionStart());
      CleanDid.Result e = null;
      boolean lastBaseline = cleanLabels.size() >= 2
          && p.label().equals(cleanLabels.get(cleanLabels.size() - 1));
      // The follow-up's and the placebo's estimates are the run's own: not computed twice.
      if (p.label().equals(plan.followUp().label())) {
        e = atFollowUp;
      } else if (lastBaseline) {
        e = placebo;
      } else if (!p.start().isBefore(Period.parse(startSemester).start())) {
        List<List<String>> base = CleanBaseline.baselineByLag(cleanLabels,
            CleanBaseline.affectedLags(p.label(), startSemester));
        if (base != null) {
          e = CleanBaseline.estimate(cleanPanel, lagDays, base, p.label(), false, min).result();
        }
      }
      rows.add(new RowBuilder(BALANCE_SCHEMA)
          .set(Evaluation.CAMPAIGN, plan.campaign()).set(Evaluation.PERIOD, p.label())
          .set(Evaluation.ROLE, role)
          .set(Evaluation.TREATED_GPS, r.getAs(Evaluation.TREATED_GPS))
          .set(Evaluation.CONTROL_GPS, r.getAs(Evaluation.CONTROL_GPS))
          .set(Evaluation.TREATED_RATE, r.getAs(Evaluation.TREATED_RATE))
          .set(Evaluation.CONTROL_RATE, r.getAs(Evaluation.CONTROL_RATE))
          .set(Evaluation.LOG_GAP, r.getAs(Evaluation.LOG_GAP))
          // Stop ages are computed from the selection on only.
          .set(Evaluation.TREATED_CLEAN_RATE, counted ? r.getAs(Evaluation.TREATED_CLEAN_RATE)
              : null)
          .set(Evaluation.CONTROL_CLEAN_RATE, counted ? r.getAs(Evaluation.CONTROL_CLEAN_RATE)
              : null)
          .set(Evaluation.CLEAN_LOG_GAP, counted ? r.getAs(Evaluation.CLEAN_LOG_GAP) : null)
          .set(Evaluation.ESTIMATE_LOG, e == null ? null : e.log())
          .set(Evaluation.ESTIMATE_CI_LOW, e == null ? null : e.lo())
          .set(Evaluation.ESTIMATE_CI_HIGH, e == null ? null : e.hi())
          .build());
    }
    return store.spark().createDataFrame(rows, BALANCE_SCHEMA);
  }

  /** The calendar semester holding a date, as a label. */
  static String semesterOf(java.time.LocalDate d) {
    return d.getYear() + (d.getMonthValue() <= 6 ? "S1" : "S2");
  }

  /** A semester's role in the evaluation. */
  static String role(CampaignConfig.EvaluationPlan plan, Period p, List<String> cleanLabels) {
    if (p.end().isBefore(plan.selectionStart())) {
      return Evaluation.BEFORE_SELECTION;
    }
    if (!p.start().isAfter(plan.selectionEnd())) {
      return Evaluation.SELECTION;
    }
    if (cleanLabels.contains(p.label())) {
      return Evaluation.BASELINE_ROLE;
    }
    if (p.label().equals(plan.followUp().label())) {
      return Evaluation.FOLLOW_UP_ROLE;
    }
    return p.start().isBefore(plan.treatmentStart()) ? Evaluation.BETWEEN
        : Evaluation.CAMPAIGN_ROLE;
  }

  /** The semesters of the profiles (a handful of labels). */
  private static List<Period> semesterPeriods(Dataset<Row> semesters) {
    List<Period> out = new ArrayList<>();
    for (Row r : semesters.select(Profile.PERIOD).distinct().collectAsList()) {
      out.add(Period.parse(r.getAs(Profile.PERIOD)));
    }
    out.sort(java.util.Comparator.comparing(Period::start));
    return out;
  }

  /**
   * The replacement rule the follow-up was profiled with (the profile records whether it was
   * on; the configuration says which variant), so that the days split by stop age are
   * attributed like the profile's days.
   */
  private static ReplacementRule replacementRule(Dataset<Row> followUpProfile, AppConfig cfg) {
    List<Row> rules = followUpProfile.select(Profile.REPLACEMENT_RULE).distinct()
        .collectAsList();
    Boolean on = rules.size() == 1 ? rules.get(0).getAs(Profile.REPLACEMENT_RULE) : null;
    if (on == null) {
      throw new IllegalStateException("the follow-up profile holds " + rules.size()
          + " replacement rules; profile it again");
    }
    return on ? cfg.profile().rule() : ReplacementRule.OFF;
  }

  /** The baseline model: read if the period was modelled, else fitted now. */
  private static Dataset<Row> baselineModel(DeltaStore store, RunLog log, AppConfig cfg,
      Period baseline) {
    if (!store.exists(Tables.EXPECTED_IJ) || store.read(Tables.EXPECTED_IJ)
        .where(col(Expected.PERIOD).equalTo(baseline.label())).isEmpty()) {
      ModelJob.run(store, log, cfg, baseline);
    }
    return store.read(Tables.EXPECTED_IJ).where(col(Expected.PERIOD).equalTo(baseline.label()));
  }

  private static double treatedMeanRatio(Dataset<Row> panel) {
    return panel.where(col(CampaignEvaluation.GROUP).notEqual(Evaluation.ALL_OTHER))
        .agg(org.apache.spark.sql.functions.avg(CampaignEvaluation.B_RATIO)
            .as(CampaignEvaluation.B_RATIO)).head().getAs(CampaignEvaluation.B_RATIO);
  }
}
