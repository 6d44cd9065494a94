package org.ijcampaign.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.Period;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.InputError;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.model.ModelJob;
import org.ijcampaign.schema.Evaluation;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Tables;

/**
 * The {@code evaluate} job's edges: reads the profiles of the baseline and follow-up periods (and
 * fits the baseline model if it is missing), evaluates the campaign, and replaces the campaign's
 * slices of {@code campaign_evaluation} and {@code evaluation_series}. A campaign without a
 * treated GP, or a period without profiles, stops the job with a message instead of zeros.
 */
public final class EvaluationJob {
  private EvaluationJob() {}

  /**
   * What the evaluation found, for the command's summary and the tests.
   *
   * @param matchedDid the bias-corrected matched estimate ({@code uncorrectedDid} before the
   *     correction, {@code slope} and {@code previousSlope} the regression-to-the-mean slopes it
   *     used)
   * @param matchedNationally the matched treated GPs whose controls came from other territories
   * @param previousPeriod the period matched on besides the baseline, or null
   */
  public record Outcome(double naiveDid, double matchedDid, double ciLow, double ciHigh,
      long treated, long matchedTreated, Map<String, CampaignEvaluation.Pooled> pooled,
      double uncorrectedDid, double slope, double previousSlope, long matchedNationally,
      String previousPeriod) {}

  public static final StructType SCHEMA = new StructType()
      .add(Evaluation.CAMPAIGN, DataTypes.StringType, false)
      .add(Evaluation.BASELINE, DataTypes.StringType, false)
      .add(Evaluation.FOLLOW_UP, DataTypes.StringType, false)
      .add(Evaluation.GROUP, DataTypes.StringType, false)
      .add(Evaluation.GPS, DataTypes.DoubleType, false)
      .add(Evaluation.BASELINE_DAYS, DataTypes.DoubleType, true)
      .add(Evaluation.BASELINE_EXPOSURE, DataTypes.DoubleType, true)
      .add(Evaluation.BASELINE_RATE, DataTypes.DoubleType, true)
      .add(Evaluation.FOLLOW_UP_DAYS, DataTypes.DoubleType, true)
      .add(Evaluation.FOLLOW_UP_EXPOSURE, DataTypes.DoubleType, true)
      .add(Evaluation.FOLLOW_UP_RATE, DataTypes.DoubleType, true)
      .add(Evaluation.CHANGE_PCT, DataTypes.DoubleType, true)
      .add(Evaluation.MEAN_BASELINE_RATIO, DataTypes.DoubleType, true)
      .add(Evaluation.OBJECTIVE_ATTAINMENT, DataTypes.DoubleType, true)
      .add(Evaluation.GPS_WITH_OBJECTIVE, DataTypes.LongType, true)
      .add(Evaluation.SAVINGS_DAYS, DataTypes.DoubleType, true)
      .add(Evaluation.SAVINGS_EUR, DataTypes.DoubleType, true)
      .add(Evaluation.EUR_PER_DAY, DataTypes.DoubleType, true)
      .add(Evaluation.DID_LOG, DataTypes.DoubleType, true)
      .add(Evaluation.DID_CI_LOW, DataTypes.DoubleType, true)
      .add(Evaluation.DID_CI_HIGH, DataTypes.DoubleType, true)
      .add(Evaluation.EFFECT_PCT, DataTypes.DoubleType, true)
      .add(Evaluation.BOOTSTRAP_REPLICATES, DataTypes.IntegerType, true)
      .add(Evaluation.METHOD, DataTypes.StringType, true);

  public static Outcome run(DeltaStore store, RunLog log, AppConfig cfg, String campaign,
      Period baseline, Period followUp) {
    Instant t0 = Instant.now();
    Dataset<Row> profiles = store.read(Tables.GP_PERIOD_PROFILE);
    Dataset<Row> b = profiles.where(col(Profile.PERIOD).equalTo(baseline.label()));
    Dataset<Row> f = profiles.where(col(Profile.PERIOD).equalTo(followUp.label()));
    for (Period p : List.of(baseline, followUp)) {
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
    Period previous = baseline.previous();
    boolean usePrevious = cfg.evaluation().matchPreviousPeriod() && !profiles.where(
        col(Profile.PERIOD).equalTo(previous.label()).and(col(Profile.PROFILED))).isEmpty();
    if (cfg.evaluation().matchPreviousPeriod() && !usePrevious) {
      System.out.printf("[evaluate] %s: no profile of %s, the period before the baseline: "
          + "matching on the baseline alone (profile %s to match on both)%n", campaign,
          previous.label(), previous.label());
    }
    Dataset<Row> panel = CampaignEvaluation.panel(b, f, usePrevious ? profiles.where(
            col(Profile.PERIOD).equalTo(previous.label())) : null, expectedB, treated,
        usePrevious ? tau2(store, baseline) : 0.0)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> matches = CampaignEvaluation.matches(panel,
        cfg.evaluation().controlsPerTreated(), cfg.evaluation().caliper(), usePrevious,
        cfg.evaluation().nationalFallback())
        .persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, CampaignEvaluation.Pooled> pooled = CampaignEvaluation.pooledByGroup(panel);
    CampaignEvaluation.Pooled all = pooled.get(Evaluation.ALL_TREATED);
    CampaignEvaluation.Pooled others = pooled.get(Evaluation.ALL_OTHER);
    if (all.gps() == 0 || others == null) {
      throw new InputError("campaign " + campaign + ": no treated GP (or no other GP) is "
          + "profiled in both " + baseline.label() + " and " + followUp.label());
    }
    List<CampaignEvaluation.MatchedSet> sets = CampaignEvaluation.matchedSets(panel, matches);
    // The regression to the mean is fitted where it is used: on the GPs chosen as controls,
    // whose baselines are as extreme as the treated ones', not on the whole population, where
    // small practices near the mean dominate and regress more than extreme, persistent ones.
    double[] slopes = CampaignEvaluation.regressionSlopes(panel.join(matches.select(
        col(CampaignEvaluation.CONTROL_ID).as(Profile.PHYSICIAN_ID)).distinct(),
        Profile.PHYSICIAN_ID), usePrevious);
    double uncorrected = sets.isEmpty() ? Double.NaN : CampaignEvaluation.did(sets);
    double matchedDid = sets.isEmpty() ? Double.NaN : CampaignEvaluation.did(sets, slopes);
    double[] ci = sets.isEmpty() ? new double[] {Double.NaN, Double.NaN}
        : CampaignEvaluation.bootstrap(sets, slopes, cfg.evaluation().bootstrapReplicates(),
            cfg.evaluation().bootstrapSeed());
    long national = matches.where(col(CampaignEvaluation.MATCH_LEVEL)
        .equalTo(CampaignEvaluation.NATIONAL)).select(CampaignEvaluation.TREATED_ID).distinct()
        .count();
    double[] previousBalance = usePrevious ? previousBalance(panel, matches)
        : new double[] {Double.NaN, Double.NaN};
    double naiveDid = all.logChange() - others.logChange();
    CampaignEvaluation.Pooled controls = controlsPooled(sets);

    // Savings: each treated GP's baseline rate moved like the comparison group's, over his
    // follow-up exposure, against what he prescribed; euros at the follow-up's € per day.
    Row perGp = panel.where(col(CampaignEvaluation.GROUP).notEqual(Evaluation.ALL_OTHER))
        .agg(sum(col(CampaignEvaluation.B_DAYS).divide(col(CampaignEvaluation.B_EXPOSURE))
            .multiply(col(CampaignEvaluation.F_EXPOSURE)))).head();
    double baselineAtFollowUp = perGp.getDouble(0);
    Row money = f.agg(sum(Profile.AMOUNT_EUR), sum(Profile.IJ_DAYS)).head();
    double eurPerDay = money.getDouble(0) / money.getDouble(1);
    double naiveSavings = baselineAtFollowUp * (others.followUpRate() / others.baselineRate())
        - all.fDays();
    double matchedSavings = controls == null ? Double.NaN : baselineAtFollowUp
        * (controls.followUpRate() / controls.baselineRate()) - all.fDays();

    Row attain = panel.where(col(CampaignEvaluation.GROUP).equalTo(Evaluation.MSO)
            .and(col(CampaignEvaluation.OBJECTIVE).isNotNull()))
        .agg(org.apache.spark.sql.functions.count(lit(1)),
            sum(when(col(CampaignEvaluation.F_DAYS).divide(col(CampaignEvaluation.F_EXPOSURE))
                .leq(col(CampaignEvaluation.OBJECTIVE)), 1).otherwise(0))).head();
    long withObjective = attain.getLong(0);
    Double attainment = withObjective == 0 ? null : attain.getLong(1) / (double) withObjective;
    Map<String, Double> balance = CampaignEvaluation.meanBaselineRatio(panel);
    double matchedControlRatio = matchedBalance(panel, matches);

    List<Row> rows = new ArrayList<>();
    for (String g : List.of(Evaluation.MSO, Evaluation.MSAP, Evaluation.ALL_TREATED,
        Evaluation.ALL_OTHER, Evaluation.MATCHED_CONTROLS)) {
      CampaignEvaluation.Pooled p = g.equals(Evaluation.MATCHED_CONTROLS) ? controls
          : pooled.get(g);
      if (p == null) {
        continue;
      }
      boolean isAll = g.equals(Evaluation.ALL_TREATED);
      boolean isOther = g.equals(Evaluation.ALL_OTHER);
      boolean isMatched = g.equals(Evaluation.MATCHED_CONTROLS);
      // Boxed on purpose: a ternary mixing double and a null Double would unbox the null.
      Double ratio = isMatched ? Double.valueOf(matchedControlRatio)
          : isAll ? Double.valueOf(treatedMeanRatio(panel)) : balance.get(g);
      Double savingsDays = isAll ? Double.valueOf(naiveSavings)
          : isMatched ? nanToNull(matchedSavings) : null;
      Double savingsEur = isAll ? Double.valueOf(naiveSavings * eurPerDay)
          : isMatched ? nanToNull(matchedSavings * eurPerDay) : null;
      Double did = isOther ? Double.valueOf(naiveDid) : isMatched ? nanToNull(matchedDid) : null;
      Double effect = isOther ? Double.valueOf(100 * (Math.exp(naiveDid) - 1))
          : isMatched ? nanToNull(100 * (Math.exp(matchedDid) - 1)) : null;
      rows.add(RowFactory.create(campaign, baseline.label(), followUp.label(), g, p.gps(),
          p.bDays(), p.bExposure(), p.baselineRate(), p.fDays(), p.fExposure(),
          p.followUpRate(), 100 * (p.followUpRate() / p.baselineRate() - 1), ratio,
          g.equals(Evaluation.MSO) ? attainment : null,
          g.equals(Evaluation.MSO) ? Long.valueOf(withObjective) : null,
          savingsDays, savingsEur, isAll || isMatched ? Double.valueOf(eurPerDay) : null,
          did, isMatched ? nanToNull(ci[0]) : null, isMatched ? nanToNull(ci[1]) : null,
          effect,
          isMatched ? Integer.valueOf(cfg.evaluation().bootstrapReplicates()) : null,
          isOther ? "naive: treated against all other GPs"
              : isMatched ? method(cfg, usePrevious, previous, sets.size(), national, slopes,
                  uncorrected, previousBalance) : null));
    }
    store.replaceSlice(store.spark().createDataFrame(rows, SCHEMA), Tables.CAMPAIGN_EVALUATION,
        Evaluation.CAMPAIGN, campaign, Evaluation.CAMPAIGN);
    store.replaceSlice(EvaluationSeries.series(profiles, panel, matches, campaign),
        Tables.EVALUATION_SERIES, Evaluation.CAMPAIGN, campaign, Evaluation.CAMPAIGN);
    System.out.printf("[evaluate] %s %s->%s: treated %,.0f (matched %d, %d of them in other "
            + "territories; matched also on %s); naive DiD %.3f (%.1f %%); matched DiD %.3f "
            + "[%.3f, %.3f] (%.1f %%; uncorrected %.3f, slopes %.3f, %.3f); savings %,.0f days, "
            + "%,.0f EUR%n",
        campaign, baseline.label(), followUp.label(), all.gps(), sets.size(), national,
        usePrevious ? previous.label() : "nothing", naiveDid,
        100 * (Math.exp(naiveDid) - 1), matchedDid, ci[0], ci[1],
        100 * (Math.exp(matchedDid) - 1), uncorrected, slopes[0], slopes[1], naiveSavings,
        naiveSavings * eurPerDay);
    log.stage("evaluate " + campaign, (long) (all.gps() + others.gps()), rows.size(),
        Duration.between(t0, Instant.now()));
    panel.unpersist();
    matches.unpersist();
    treated.unpersist();
    return new Outcome(naiveDid, matchedDid, ci[0], ci[1], (long) all.gps(), sets.size(),
        pooled, uncorrected, slopes[0], slopes[1], national,
        usePrevious ? previous.label() : null);
  }

  /** The matched row's method: how controls were chosen, and the correction applied. */
  private static String method(AppConfig cfg, boolean usePrevious, Period previous, int matched,
      long national, double[] slopes, double uncorrected, double[] previousBalance) {
    java.util.Locale root = java.util.Locale.ROOT;
    return "matched: same territory"
        + (cfg.evaluation().nationalFallback() ? " (else any territory)" : "")
        + ", nearest shrunken log ratio in the baseline"
        + (usePrevious ? " and in " + previous.label() : "") + " within "
        + cfg.evaluation().caliper() + ", up to " + cfg.evaluation().controlsPerTreated()
        + " controls each; treated matched: " + matched + " (" + national
        + " in other territories)"
        + (usePrevious ? String.format(root, "; mean %s shrunken ratio treated %.3f, controls "
            + "%.3f", previous.label(), previousBalance[0], previousBalance[1]) : "")
        + "; corrected for the remaining gaps with the regression-to-the-mean slopes of the "
        + "controls " + String.format(root, "%.3f", slopes[0])
        + (usePrevious ? String.format(root, " (baseline), %.3f (%s)", slopes[1],
            previous.label()) : "")
        + " (uncorrected DiD " + String.format(root, "%.3f", uncorrected) + ")";
  }

  /** τ² of the baseline model, which shrinks the previous period's ratio like the baseline's. */
  private static double tau2(DeltaStore store, Period baseline) {
    Row r = store.read(Tables.MODEL_COEFFICIENTS).where(col(Expected.PERIOD)
        .equalTo(baseline.label())).agg(org.apache.spark.sql.functions.max(Expected.TAU2)).head();
    if (r.isNullAt(0)) {
      throw new IllegalStateException("no τ² in " + Tables.MODEL_COEFFICIENTS + " for "
          + baseline.label());
    }
    return r.getDouble(0);
  }

  /**
   * Mean previous-period shrunken ratio of the matched treated GPs and (weighted) of their
   * controls: the balance of the second matching coordinate.
   */
  private static double[] previousBalance(Dataset<Row> panel, Dataset<Row> matches) {
    Dataset<Row> score = panel.select(col(Profile.PHYSICIAN_ID),
        col(CampaignEvaluation.P_SCORE));
    Row t = matches.select(CampaignEvaluation.TREATED_ID).distinct()
        .join(score.withColumnRenamed(Profile.PHYSICIAN_ID, CampaignEvaluation.TREATED_ID),
            CampaignEvaluation.TREATED_ID)
        .agg(org.apache.spark.sql.functions.avg(CampaignEvaluation.P_SCORE)).head();
    Row c = matches.join(score.withColumnRenamed(Profile.PHYSICIAN_ID,
            CampaignEvaluation.CONTROL_ID), CampaignEvaluation.CONTROL_ID)
        .agg(sum(col(CampaignEvaluation.P_SCORE).multiply(col(CampaignEvaluation.WEIGHT))),
            sum(CampaignEvaluation.WEIGHT)).head();
    return new double[] {t.isNullAt(0) ? Double.NaN : t.getDouble(0),
        c.isNullAt(0) ? Double.NaN : c.getDouble(0) / c.getDouble(1)};
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

  private static CampaignEvaluation.Pooled controlsPooled(
      List<CampaignEvaluation.MatchedSet> sets) {
    if (sets.isEmpty()) {
      return null;
    }
    double[] s = new double[4];
    for (CampaignEvaluation.MatchedSet m : sets) {
      s[0] += m.cbDays();
      s[1] += m.cbExposure();
      s[2] += m.cfDays();
      s[3] += m.cfExposure();
    }
    // Weighted: each matched treated GP's controls count as one GP.
    return new CampaignEvaluation.Pooled(sets.size(), s[0], s[1], s[2], s[3]);
  }

  private static double treatedMeanRatio(Dataset<Row> panel) {
    return panel.where(col(CampaignEvaluation.GROUP).notEqual(Evaluation.ALL_OTHER))
        .agg(org.apache.spark.sql.functions.avg(CampaignEvaluation.B_RATIO)).head().getDouble(0);
  }

  /** Weighted mean baseline ratio of the matched controls: the balance check. */
  private static double matchedBalance(Dataset<Row> panel, Dataset<Row> matches) {
    Row r = matches.join(panel.select(col(Profile.PHYSICIAN_ID).as(CampaignEvaluation.CONTROL_ID),
            col(CampaignEvaluation.B_RATIO)), CampaignEvaluation.CONTROL_ID)
        .agg(sum(col(CampaignEvaluation.B_RATIO).multiply(col(CampaignEvaluation.WEIGHT))),
            sum(CampaignEvaluation.WEIGHT)).head();
    return r.isNullAt(0) ? Double.NaN : r.getDouble(0) / r.getDouble(1);
  }

  private static Double nanToNull(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
