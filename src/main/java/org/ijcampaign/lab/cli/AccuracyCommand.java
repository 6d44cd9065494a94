package org.ijcampaign.lab.cli;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.ijcampaign.cli.CommonOptions;
import org.ijcampaign.cli.JobContext;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.config.Period;
import org.ijcampaign.config.ReplacementRule;
import org.ijcampaign.evaluation.CleanDid;
import org.ijcampaign.evaluation.EvaluationJob;
import org.ijcampaign.ingest.Ingestion;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.io.SparkSessions;
import org.ijcampaign.lab.LabConfig;
import org.ijcampaign.lab.PlantedEffects;
import org.ijcampaign.model.ModelJob;
import org.ijcampaign.model.PersistentJob;
import org.ijcampaign.model.PersistentRatio;
import org.ijcampaign.schema.Persistent;
import org.ijcampaign.profile.ProfileJob;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Tables;
import org.ijcampaign.schema.Targeting;
import org.ijcampaign.targeting.CampaignTargeting;
import org.ijcampaign.territory.TerritoryJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code accuracy}: runs the pipeline on a generated landing zone and scores the targeting
 * against the planted truth: recall of the planted over-prescribers who meet the eligibility
 * rule and precision, with and without the safeguard; innocent replaced titulars flagged with
 * the replacement rule off and on; newly installed GPs flagged with and without the exclusions.
 */
@Command(name = "accuracy", mixinStandardHelpOptions = true,
    description = "Score the targeting against a generated landing zone's planted truth.")
public final class AccuracyCommand implements Runnable {
  @Mixin CommonOptions common;

  @Option(names = "--gps", description = "GPs of the generated landing zone.")
  int gps = 6000;

  @Option(names = "--seed", description = "Generator seed.")
  long seed = 1;

  @Option(names = "--reference", paramLabel = "DIR", description = "Real reference files.")
  String reference;

  @Option(names = "--out", paramLabel = "DIR", description = "Work folder (default bench-out).")
  String out = "bench-out";

  @Option(names = "--zone", paramLabel = "DIR", description = "Score an already generated "
      + "zone (DIR/landing and DIR/truth, e.g. one the benchmark wrote) instead of generating.")
  String zone;

  @Option(names = "--evaluation-only", description = "With --zone: only re-evaluate campaign "
      + "2023 on the zone's existing rule-on warehouse (after a change of the evaluation).")
  boolean evaluationOnly;

  @Option(names = "--reuse-ingested", description = "With --zone: score the zone's already "
      + "ingested rule-on warehouse (a benchmark's) without ingesting the landing zone again; "
      + "every period the score reads is profiled again.")
  boolean reuseIngested;

  @Option(names = "--persistent-campaign", paramLabel = "FILE", description = "The campaign "
      + "selecting on the persistent ratio, scored beside the published rule (default "
      + "conf/campaigns/2025-2026-persistent.conf).")
  java.io.File persistentCampaign = new java.io.File("conf/campaigns/2025-2026-persistent.conf");

  @Option(names = "--targeting-only", description = "Score the targeting only, without the "
      + "evaluation of campaign 2023.")
  boolean targetingOnly;

  @Override
  public void run() {
    AppConfig cfg = JobContext.config(common);
    LabConfig lab = LabConfig.load(common.envFile());
    CampaignConfig c = ConfigLoader.bundledCampaign();
    CampaignConfig persistent = ConfigLoader.loadCampaign(persistentCampaign);
    String dir = zone != null ? zone
        : Path.of(out, "accuracy-" + gps + "gps-seed" + seed).toString();
    SparkSession spark = SparkSessions.create(cfg);
    try {
      if (zone == null) {
        DemoLanding.generate(spark, cfg, lab, gps, seed, reference, dir);
      } else {
        Map<String, String> model = truthModel(spark, dir);
        gps = Integer.parseInt(model.get("gps"));
        seed = Long.parseLong(model.get("seed"));
      }
      if ((evaluationOnly || reuseIngested) && zone == null) {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
            "--evaluation-only and --reuse-ingested need --zone (a zone ingested before)");
      }
      String report = evaluationOnly ? evaluationOnly(spark, cfg, c, dir, gps, seed)
          : score(spark, cfg, lab.generate(), c, persistent, dir, gps, seed, !reuseIngested,
              !targetingOnly);
      // The report is the command's output, not a log line: on stdout whatever the log levels.
      System.out.println(report);
      Files.createDirectories(Path.of(out));
      Files.writeString(Path.of(out, "accuracy.md"), report + "\n", StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      spark.stop();
    }
  }

  /**
   * Runs both variants of the pipeline on {@code dir/landing} (ingesting it first unless
   * {@code ingest} is false) and scores them.
   */
  static String score(SparkSession spark, AppConfig cfg, LabConfig.Generate years,
      CampaignConfig c, String dir, int gps, long seed, boolean ingest) {
    return score(spark, cfg, years, c, null, dir, gps, seed, ingest, true);
  }

  /**
   * The same, and, with {@code persistent} (a campaign selecting on the persistent ratio), every
   * semester of the claims profiled on the rule-on warehouse, the persistent ratio estimated and
   * both rules scored side by side ({@link #compareRules}).
   */
  static String score(SparkSession spark, AppConfig cfg, LabConfig.Generate years,
      CampaignConfig c, CampaignConfig persistent, String dir, int gps, long seed, boolean ingest,
      boolean evaluation) {
    DeltaStore on = new DeltaStore(spark, Path.of(dir, "warehouse-rule-on").toString());
    RunLog log = new RunLog(on, "accuracy", Map.of("ingest", String.valueOf(ingest)),
        cfg.environment(), cfg.contentHash());
    if (ingest) {
      Ingestion.run(on, log, Path.of(dir, "landing").toString());
    }
    List<Period> periods = List.of(c.observation());
    pipeline(on, log, cfg, c, periods, true);
    DeltaStore off = new DeltaStore(spark, Path.of(dir, "warehouse-rule-off").toString(), on);
    pipeline(off, log, cfg, c, periods, false);

    Dataset<Row> truth = PlantedEffects.physicians(spark, dir)
        .join(relativeIntensity(spark, dir, c.observation()), Profile.PHYSICIAN_ID, "left");
    Row a = counts(on, truth, c);
    Row b = counts(off, truth, c);
    String report = targetingReport(gps, seed, c.ratioThreshold(), a, b);
    boolean profiledAll = false;
    if (persistent != null) {
      // The generated years only: the claims also hold the December 2021 days of stops begun
      // in the burn-in and the 2025 days of stops still running, and a semester that holds
      // only those is no semester of practice.
      java.time.LocalDate first = java.time.LocalDate.of(years.firstYear(), 1, 1);
      List<Period> semesters = ProfileJob.claimSemesters(on.read(Tables.CLAIMS_CLEAN)).stream()
          .filter(p -> !p.start().isBefore(first)
              && p.end().getYear() <= years.lastYear()).toList();
      // Reusing an ingested warehouse, the semesters it has profiled stay (same claims, same
      // configuration); the persistent job adds the territories and models they lack.
      java.util.Set<String> done = new java.util.HashSet<>();
      if (!ingest) {
        on.read(Tables.GP_PERIOD_PROFILE).select(Profile.PERIOD).distinct().collectAsList()
            .forEach(r -> done.add(r.getAs(Profile.PERIOD)));
      }
      List<Period> missing = semesters.stream().filter(p -> !done.contains(p.label())).toList();
      if (!missing.isEmpty()) {
        ProfileJob.run(on, log, missing, cfg.profile().rule(), cfg.privacy().minCellPatients());
        TerritoryJob.run(on, log, cfg.territory(), missing);
      }
      PersistentRatio.Moments moments = PersistentJob.run(on, log, cfg, persistent);
      profiledAll = true;
      Dataset<Row> withPersistent = truth.join(persistentIntensity(spark, dir),
          Profile.PHYSICIAN_ID, "left");
      report += "\n" + compareRules(on, withPersistent, c, persistent, moments, gps, seed);
      report += "\n" + estimateAgainstTruth(on, withPersistent, dir, persistent);
    }
    return evaluation ? report + "\n" + evaluationReport(on, log, cfg, c, truth, gps, seed,
        profiledAll) : report;
  }

  /** Truth column: a GP's true practice (practice × over-prescriber factor) over the GPs' mean. */
  static final String TRUE_PERSISTENT = "true_persistent_relative";

  /** The posterior probabilities the persistent rule is scored at, to choose its threshold. */
  static final double[] PROBABILITY_SWEEP = {0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99};

  /**
   * The precision issue 18 asks of the persistent rule, at which {@link #bestCut} cuts: the
   * bounds show what recall that precision leaves, before and after the estimate's noise.
   */
  static final double CUT_PRECISION = 0.9;

  /**
   * A targeting cut on a ranking with the truth's help: the eligible GPs (the truth's
   * eligibility with a wave) with a value of {@code level}, ranked by it from the highest, cut
   * where the most planted GPs are found with at least {@code precision} of the targeted planted
   * (the fewest GPs for that many). On {@link #TRUE_PERSISTENT} it is the ceiling of any rule that
   * ranks GPs by an estimate of their persistent level, as both of the campaign's rules do: a
   * goal above it asks more than the level tells. On {@code persistent_ratio} it is the most the
   * estimate's ranking gives at that precision, the threshold chosen knowing the answer: the gap
   * between the two is the data's noise, the gap to the rule what its no-harm settings cost.
   * Columns: physician_id, status (TARGETED or BELOW_THRESHOLD), active_patients (from
   * {@code profile}), for every GP of {@code truth}.
   */
  static Dataset<Row> bestCut(Dataset<Row> truth, String level, Dataset<Row> profile,
      double precision) {
    // One window over the eligible GPs of a zone (tens of thousands nationally): a single
    // partition is what a ranking of them needs, and it is small.
    WindowSpec byLevel = Window.orderBy(col(level).desc(), col(Profile.PHYSICIAN_ID));
    Dataset<Row> ranked = truth
        .where("eligible_2025_2026 = 'true' AND wave_2025_2026 IS NOT NULL")
        .where(col(level).isNotNull())
        .select(col(Profile.PHYSICIAN_ID),
            row_number().over(byLevel).as("_rank"),
            sum(when(col("over_prescriber").equalTo("true"), 1).otherwise(0))
                .over(byLevel.rowsBetween(Window.unboundedPreceding(), Window.currentRow()))
                .as("_found"));
    Dataset<Row> cut = ranked
        .where(col("_found").geq(col("_rank").multiply(precision).minus(1e-9)))
        .orderBy(col("_found").desc(), col("_rank")).limit(1).select(col("_rank").as("_cut"));
    Dataset<Row> chosen = ranked.crossJoin(cut).where(col("_rank").leq(col("_cut")))
        .select(col(Profile.PHYSICIAN_ID), lit(true).as("_chosen"));
    return truth.select(Profile.PHYSICIAN_ID)
        .join(profile.select(Profile.PHYSICIAN_ID, Profile.ACTIVE_PATIENTS),
            Profile.PHYSICIAN_ID, "left")
        .join(chosen, Profile.PHYSICIAN_ID, "left")
        .select(col(Profile.PHYSICIAN_ID),
            when(col("_chosen"), lit(Targeting.TARGETED)).otherwise(lit(Targeting.BELOW_THRESHOLD))
                .as(Targeting.STATUS),
            col(Profile.ACTIVE_PATIENTS));
  }

  /**
   * Each GP's persistent truth: the generator's true multiplier (practice multiplier × the
   * over-prescriber factor, the level his semesters' shocks scatter around, before the 2023
   * campaign's effect; under a scenario of longer stops, the multiplier his capped stops give his
   * days) over its mean among the GPs of the truth's semester file.
   */
  static Dataset<Row> persistentIntensity(SparkSession spark, String dir) {
    Dataset<Row> gps = spark.read().option("header", "true").option("sep", ";")
        .csv(Path.of(dir, "truth", "gp_semester_intensity.csv").toString())
        .select(Profile.PHYSICIAN_ID).distinct();
    Dataset<Row> m = spark.read().option("header", "true").option("sep", ";")
        .csv(Path.of(dir, "truth", "physicians_truth.csv").toString())
        .join(gps, Profile.PHYSICIAN_ID)
        .select(col(Profile.PHYSICIAN_ID), col("true_multiplier").cast("double").as("_m"));
    return m.crossJoin(m.agg(avg("_m").as("_mean"))).select(col(Profile.PHYSICIAN_ID),
        col("_m").divide(col("_mean")).as(TRUE_PERSISTENT));
  }

  /**
   * Both rules side by side on the rule-on warehouse: the published rule as run (safeguard on)
   * and the persistent one, at its campaign's probability and at each of
   * {@link #PROBABILITY_SWEEP}; recall among eligible GPs (the truth's eligibility and wave) and
   * precision against the planted labels, against "truly ≥ threshold in the observation year"
   * and against "truly ≥ threshold persistently"; targeted GPs truly under 1.5× the mean (year,
   * persistent); innocent replaced titulars, newly installed and small-list GPs targeted.
   */
  static String compareRules(DeltaStore store, Dataset<Row> truth, CampaignConfig c,
      CampaignConfig persistent, PersistentRatio.Moments fit, long gps, long seed) {
    String period = c.observation().label();
    Dataset<Row> expected = store.read(Tables.EXPECTED_IJ)
        .where(col(Expected.PERIOD).equalTo(period)).cache();
    Dataset<Row> profile = store.read(Tables.GP_PERIOD_PROFILE)
        .where(col(Profile.PERIOD).equalTo(period)).cache();
    Dataset<Row> history = store.read(Tables.CAMPAIGN_HISTORY).cache();
    Dataset<Row> estimate = store.read(Tables.PERSISTENT_RATIO)
        .where(col(Persistent.CAMPAIGN).equalTo(persistent.name())).cache();
    Dataset<Row> scoredTruth = truth.cache();
    StringBuilder out = new StringBuilder(String.format(java.util.Locale.ROOT,
        "### Published and persistent rules at %d GPs (seed %d)%n%n"
            + "Eligible = the truth's eligibility with a wave. \"Truly ≥ %.1f×\": the true "
            + "intensity over the GPs' mean, in the observation year or persistently (true "
            + "multiplier). Recall among eligible GPs; precision among all targeted.%n%n"
            + "| rule | targeted | recall planted | precision planted | recall ≥%.1f× year | "
            + "precision ≥%.1f× year | recall ≥%.1f× persistent | precision ≥%.1f× persistent "
            + "| targeted < 1.5× year | targeted < 1.5× persistent | innocent replaced "
            + "titulars | newly installed | small list |%n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n",
        gps, seed, c.ratioThreshold(), c.ratioThreshold(), c.ratioThreshold(),
        c.ratioThreshold(), c.ratioThreshold()));
    // Both rules' targeting at the campaigns' own settings is read by several tables below.
    Dataset<Row> publishedTargets = CampaignTargeting.target(expected, profile, history, estimate,
        c).cache();
    Dataset<Row> persistentTargets = CampaignTargeting.target(expected, profile, history,
        estimate, persistent).cache();
    out.append(ruleLine("published (" + c.safeguard().mode() + " safeguard)", store,
        publishedTargets, scoredTruth, c));
    for (double p : PROBABILITY_SWEEP) {
      CampaignConfig pc = persistent.withMinProbability(p);
      String name = "persistent, P ≥ " + p
          + (p == persistent.persistent().minProbability() ? " (the campaign's)" : "");
      out.append(ruleLine(name, store, p == persistent.persistent().minProbability()
          ? persistentTargets : CampaignTargeting.target(expected, profile, history, estimate, pc),
          scoredTruth, pc));
    }
    Dataset<Row> withEstimate = scoredTruth.join(estimate.select(Profile.PHYSICIAN_ID,
        Persistent.PERSISTENT_RATIO), Profile.PHYSICIAN_ID, "left");
    out.append(ruleLine(String.format(java.util.Locale.ROOT, "bound: persistent_ratio, best cut "
            + "at precision ≥ %.0f %% (chosen on the truth)", 100 * CUT_PRECISION), store,
        bestCut(withEstimate, Persistent.PERSISTENT_RATIO, profile, CUT_PRECISION),
        scoredTruth, c));
    out.append(ruleLine(String.format(java.util.Locale.ROOT, "bound: the true multiplier, best "
            + "cut at precision ≥ %.0f %%", 100 * CUT_PRECISION), store,
        bestCut(scoredTruth, TRUE_PERSISTENT, profile, CUT_PRECISION), scoredTruth, c));
    // What the persistent rule's parts cost: eligible planted GPs the estimate puts at the
    // threshold with the campaign's probability but whom the top decile or the exclusions stop.
    Dataset<Row> t = persistentTargets.join(scoredTruth, Profile.PHYSICIAN_ID);
    t.createOrReplaceTempView("persistent_scored");
    String planted = "over_prescriber = 'true' AND eligible_2025_2026 = 'true' AND "
        + "wave_2025_2026 IS NOT NULL";
    String trulyUnder = TRUE_PERSISTENT + " < " + c.ratioThreshold();
    Map<String, String> lostCounts = new LinkedHashMap<>();
    lostCounts.put("planted_eligible", countIf(planted));
    lostCounts.put("under_top_decile", countIf(planted + " AND " + Persistent.PERSISTENT_RATIO
        + " >= " + c.ratioThreshold() + " AND " + Expected.REGION_PERCENT_RANK + " < "
        + c.regionalPercentRank()));
    lostCounts.put("fails_safeguard", countIf(planted + " AND status = 'FAILS_SAFEGUARD'"));
    lostCounts.put("excluded", countIf(planted + " AND status LIKE 'EXCLUDED%'"));
    lostCounts.put("truly_under", countIf(planted + " AND " + trulyUnder));
    lostCounts.put("truly_under_not_targeted", countIf(planted + " AND status <> 'TARGETED' AND "
        + trulyUnder));
    Row lost = select(store.spark(), lostCounts, "persistent_scored");
    out.append(String.format(java.util.Locale.ROOT, "%nPersistent rule at P ≥ %s: of %d "
            + "eligible planted GPs, %d have a persistent ratio ≥ %.1f but a %s rate under the "
            + "region's top decile, %d fail the probability or semesters, %d are excluded; "
            + "%d are planted but truly under %.1f× persistently (practice × factor), of whom "
            + "%d are not targeted. Fit: mu %.4f, tau2_p %.4f, sigma2_s %.4f, noise scale %.3f, "
            + "shock correlation %.3f (%d GPs).%n",
        persistent.persistent().minProbability(), count(lost, "planted_eligible"),
        count(lost, "under_top_decile"), c.ratioThreshold(), period,
        count(lost, "fails_safeguard"), count(lost, "excluded"), count(lost, "truly_under"),
        c.ratioThreshold(), count(lost, "truly_under_not_targeted"), fit.mu(), fit.tau2(),
        fit.sigma2(), fit.noiseScale(), fit.shockCorrelation(), fit.gps()));
    List<Row> groups = byPastCampaign(publishedTargets, persistentTargets, scoredTruth,
        estimate, c.ratioThreshold()).collectAsList();
    out.append(String.format(java.util.Locale.ROOT, "%nEligible planted GPs by what the %s "
            + "campaign did with them (the truth's %s; none: not chosen). Distance = mean of "
            + "ln(ratio / persistent truth) over those with an estimate: the pooled ratio is "
            + "observed / expected days over the semesters, the persistent ratio the same after "
            + "the prior.%n%n| %s campaign | eligible planted | truly ≥ %.1f× persistently | "
            + "found, published | found, persistent P ≥ %s | distance, pooled ratio | "
            + "distance, persistent ratio |%n|---|---:|---:|---:|---:|---:|---:|%n",
        c.evaluation().campaign(), PAST_CAMPAIGN_EVENT, c.evaluation().campaign(),
        c.ratioThreshold(), persistent.persistent().minProbability()));
    for (Row g : groups) {
      long n = g.getAs("planted_eligible");
      out.append(String.format(java.util.Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s |%n",
          g.<String>getAs("event"), n, g.<Long>getAs("truly_at_threshold"),
          pct(g.<Long>getAs("found_published"), n), pct(g.<Long>getAs("found_persistent"), n),
          signed(g, "pooled_distance"), signed(g, "persistent_distance")));
    }
    List<Row> harmed = harmed(CampaignTargeting.target(expected, profile, history, estimate,
            persistent.withMinProbability(HARM_LISTING_PROBABILITY)), scoredTruth, estimate,
        profile).collectAsList();
    out.append(String.format(java.util.Locale.ROOT, "%nGPs the persistent rule targets at P ≥ "
            + "%s who are truly under %.1f× persistently or innocent replaced titulars (%d): "
            + "substitute share = his days as a substitute over all his days of the "
            + "semesters; non-MT share = of his %s days.%n%n| GP | P | persistent ratio | "
            + "pooled ratio | truly, persistent | substitute share | non-MT share | active "
            + "patients | replaced titular |%n|---|---:|---:|---:|---:|---:|---:|---:|---|%n",
        HARM_LISTING_PROBABILITY, CLEARLY_INNOCENT, harmed.size(), period));
    for (Row r : harmed) {
      out.append(String.format(java.util.Locale.ROOT,
          "| %s | %.3f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %s |%n",
          r.<String>getAs(Profile.PHYSICIAN_ID),
          r.<Double>getAs(Persistent.PROBABILITY_AT_THRESHOLD),
          r.<Double>getAs(Persistent.PERSISTENT_RATIO),
          r.<Double>getAs(Persistent.POOLED_RATIO),
          r.<Double>getAs(TRUE_PERSISTENT), r.<Double>getAs(SUBSTITUTE_SHARE),
          r.<Double>getAs(Profile.NON_MT_SHARE), r.<Long>getAs(Profile.ACTIVE_PATIENTS),
          r.<String>getAs("replaced")));
    }
    publishedTargets.unpersist();
    persistentTargets.unpersist();
    return out.toString();
  }

  /**
   * The lowest probability at which the harmed GPs are listed: each row gives his own, so the
   * list tells who would be harmed at every probability of the sweep from there.
   */
  static final double HARM_LISTING_PROBABILITY = 0.5;

  /** The truth's column naming what the evaluated past campaign did with a GP. */
  static final String PAST_CAMPAIGN_EVENT = "campaign_2023_event";

  /**
   * The eligible planted GPs (the truth's eligibility with a wave) grouped by what the past
   * campaign did with them ({@link #PAST_CAMPAIGN_EVENT}, "none" when it did not choose them):
   * how many, how many are truly at {@code threshold} or above persistently, how many each rule
   * targets, and the mean of ln(pooled_ratio / truth) and ln(persistent_ratio / truth) over those
   * with an estimate. The past campaign chose on observed days: the over-prescribers it passed
   * over are those whose days showed it least, and this says whether the rules miss them for it.
   * Columns: event, planted_eligible, truly_at_threshold, found_published, found_persistent,
   * pooled_distance, persistent_distance (null without an estimate), ordered by event.
   */
  static Dataset<Row> byPastCampaign(Dataset<Row> published, Dataset<Row> persistentRule,
      Dataset<Row> truth, Dataset<Row> estimate, double threshold) {
    Column targeted = lit(Targeting.TARGETED);
    Column truthLevel = col(TRUE_PERSISTENT).cast("double");
    return truth
        .where("over_prescriber = 'true' AND eligible_2025_2026 = 'true' AND "
            + "wave_2025_2026 IS NOT NULL")
        .join(published.select(col(Profile.PHYSICIAN_ID), col(Targeting.STATUS).as("_published")),
            Profile.PHYSICIAN_ID, "left")
        .join(persistentRule.select(col(Profile.PHYSICIAN_ID),
            col(Targeting.STATUS).as("_persistent")), Profile.PHYSICIAN_ID, "left")
        .join(estimate.select(Profile.PHYSICIAN_ID, Persistent.POOLED_RATIO,
            Persistent.PERSISTENT_RATIO), Profile.PHYSICIAN_ID, "left")
        .groupBy(coalesce(col(PAST_CAMPAIGN_EVENT), lit("none")).as("event"))
        .agg(org.apache.spark.sql.functions.count(lit(1)).as("planted_eligible"),
            sum(when(truthLevel.geq(threshold), 1L).otherwise(0L)).as("truly_at_threshold"),
            sum(when(col("_published").equalTo(targeted), 1L).otherwise(0L))
                .as("found_published"),
            sum(when(col("_persistent").equalTo(targeted), 1L).otherwise(0L))
                .as("found_persistent"),
            avg(org.apache.spark.sql.functions.log(
                col(Persistent.POOLED_RATIO).divide(truthLevel))).as("pooled_distance"),
            avg(org.apache.spark.sql.functions.log(
                col(Persistent.PERSISTENT_RATIO).divide(truthLevel))).as("persistent_distance"))
        .orderBy("event");
  }

  private static String signed(Row r, String column) {
    return r.isNullAt(r.fieldIndex(column)) ? "–"
        : String.format(java.util.Locale.ROOT, "%+.3f", r.<Double>getAs(column));
  }

  /** Column of {@link #harmed}: his days as a substitute over all his days of the semesters. */
  static final String SUBSTITUTE_SHARE = "substitute_share";

  /**
   * The GPs a targeting slice targets who are truly under {@link #CLEARLY_INNOCENT}×
   * persistently or are innocent replaced titulars (replaced, not planted), with what may
   * explain it: his probability, persistent and pooled ratios, true level, the share of his days
   * prescribed as a substitute (over his days with them, whether or not the estimate left them
   * out), his non-médecin-traitant share and list in the observation period. Few rows on any
   * zone, highest probability first, so that the report says who they are and not only how many.
   */
  static Dataset<Row> harmed(Dataset<Row> targeting, Dataset<Row> truth, Dataset<Row> estimate,
      Dataset<Row> profile) {
    Column substitute = coalesce(col(Persistent.DAYS_AS_SUBSTITUTE), lit(0.0));
    Column days = col(Persistent.OBSERVED_DAYS).plus(
        when(col(Persistent.EXCLUDE_SUBSTITUTE_DAYS), substitute).otherwise(lit(0.0)));
    return targeting.where(col(Targeting.STATUS).equalTo(Targeting.TARGETED))
        .select(Profile.PHYSICIAN_ID)
        .join(truth.where(col(TRUE_PERSISTENT).lt(CLEARLY_INNOCENT).or(
                col("replaced").equalTo("true").and(col("over_prescriber").equalTo("false"))))
            .select(Profile.PHYSICIAN_ID, TRUE_PERSISTENT, "replaced"), Profile.PHYSICIAN_ID)
        .join(estimate.select(col(Profile.PHYSICIAN_ID), col(Persistent.PROBABILITY_AT_THRESHOLD),
            col(Persistent.PERSISTENT_RATIO), col(Persistent.POOLED_RATIO),
            when(days.gt(0), substitute.divide(days)).as(SUBSTITUTE_SHARE)),
            Profile.PHYSICIAN_ID)
        .join(profile.select(Profile.PHYSICIAN_ID, Profile.NON_MT_SHARE,
            Profile.ACTIVE_PATIENTS), Profile.PHYSICIAN_ID, "left")
        .orderBy(col(Persistent.PROBABILITY_AT_THRESHOLD).desc(), col(Profile.PHYSICIAN_ID));
  }

  /**
   * How far each settled GP's estimate sits from the truth, and what the model says it should:
   * over the GPs profiled in every semester of the estimate, not newly installed, planted or
   * not. The truth of his semesters is the mean over them of log(his latent intensity / the
   * semester's mean over GPs), shocks and the 2023 campaign's effect included, so that the
   * distance left is the data's noise and whatever the model does not describe. Reported: the
   * sd of (weighted_log_ratio − that truth), the model's mean standard error of
   * weighted_log_ratio (shock and scaled noise), the mean compound Poisson sd of his pooled days
   * √(D / O) at full scale (κ = 1), what the distance has beyond that noise, and how often
   * the 95 % interval holds the persistent truth (true multiplier over the GPs' mean).
   */
  static String estimateAgainstTruth(DeltaStore store, Dataset<Row> truth, String dir,
      CampaignConfig persistent) {
    Dataset<Row> latent = store.spark().read().option("header", "true").option("sep", ";")
        .csv(Path.of(dir, "truth", "gp_semester_intensity.csv").toString());
    List<Row> rows = distanceFromTruth(store.read(Tables.PERSISTENT_RATIO)
        .where(col(Persistent.CAMPAIGN).equalTo(persistent.name())), truth, latent)
        .collectAsList();
    StringBuilder out = new StringBuilder(String.format(java.util.Locale.ROOT,
        "%n### The estimate against the truth (GPs in all %s semesters, not newly installed)%n%n"
            + "distance = weighted_log_ratio − the mean over his semesters of log(latent "
            + "intensity / the semester's mean), shocks and the 2023 effect included. "
            + "beyond noise = √(sd² − compound Poisson sd²), the compound Poisson sd of his "
            + "pooled days √(D / O) at full scale. window sd = the same with his stop "
            + "dispersion over the whole window (window_stop_dispersion, WINDOW noise only: a "
            + "long stop straddling semesters counted once). coverage = share of GPs whose "
            + "persistent truth (true multiplier over the GPs' mean) lies in the 95 %% "
            + "interval.%n%n"
            + "| GPs | n | mean distance | sd of distance | model's se | compound Poisson sd "
            + "| beyond noise | window sd | 95 %% interval coverage |%n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|%n",
        rows.isEmpty() ? "the" : rows.get(0).getAs("semesters").toString()));
    for (Row r : rows) {
      double sd = r.getAs("sd_distance");
      double noise = r.getAs("pooled_noise_sd");
      out.append(String.format(java.util.Locale.ROOT,
          "| %s | %d | %+.3f | %.3f | %.3f | %.3f | %.3f | %s | %.0f %% |%n",
          r.<String>getAs("grp"), r.<Long>getAs("gps"), r.<Double>getAs("mean_distance"), sd,
          r.<Double>getAs("model_se"), noise, Math.sqrt(Math.max(0, sd * sd - noise * noise)),
          r.isNullAt(r.fieldIndex("window_noise_sd")) ? "–" : String.format(
              java.util.Locale.ROOT, "%.3f", r.<Double>getAs("window_noise_sd")),
          100 * r.<Double>getAs("coverage")));
    }
    return out.toString();
  }

  /**
   * The figures of {@link #estimateAgainstTruth} per group ("planted", "not planted"): GPs,
   * mean and sd of the distance, mean model se, mean compound Poisson sd √(D/O), interval
   * coverage, and the semesters of the settled GPs they are taken over (the most any GP has). From
   * {@code persistent_ratio} rows, the truth per GP ({@code over_prescriber}, {@code is_new},
   * {@link #TRUE_PERSISTENT}) and the truth's semester file ({@code physician_id},
   * {@code semester}, {@code latent_intensity}).
   */
  static Dataset<Row> distanceFromTruth(Dataset<Row> estimate, Dataset<Row> truth,
      Dataset<Row> latent) {
    SparkSession spark = estimate.sparkSession();
    latent.select(col(Profile.PHYSICIAN_ID), col("semester"),
        col("latent_intensity").cast("double").as("_l")).createOrReplaceTempView("truth_semesters");
    estimate.createOrReplaceTempView("estimate");
    truth.createOrReplaceTempView("truth_gps");
    return spark.sql("WITH m AS (SELECT semester, avg(_l) AS _m FROM truth_semesters "
        + "GROUP BY semester), "
        + "w AS (SELECT e.physician_id, "
        + "first(e.weighted_log_ratio) - avg(ln(s._l / m._m)) AS _distance FROM estimate e "
        + "JOIN truth_semesters s ON s.physician_id = e.physician_id "
        + "AND array_contains(split(e.periods, ','), s.semester) "
        + "JOIN m ON m.semester = s.semester GROUP BY e.physician_id), "
        + "settled AS (SELECT max(semesters) AS _s FROM estimate) "
        + "SELECT CASE WHEN t.over_prescriber = 'true' THEN 'planted' ELSE 'not planted' END "
        + "AS grp, first(settled._s) AS semesters, count(*) AS gps, "
        + "avg(w._distance) AS mean_distance, stddev(w._distance) AS sd_distance, "
        + "avg(e.weighted_log_ratio_se) AS model_se, "
        + "avg(sqrt(e.gp_stop_dispersion / e.observed_days)) AS pooled_noise_sd, "
        + "avg(sqrt(e.window_stop_dispersion / e.observed_days)) AS window_noise_sd, "
        + "avg(CASE WHEN t." + TRUE_PERSISTENT + " BETWEEN e.persistent_ratio_low95 AND "
        + "e.persistent_ratio_high95 THEN 1D ELSE 0D END) AS coverage "
        + "FROM estimate e CROSS JOIN settled JOIN w ON w.physician_id = e.physician_id "
        + "JOIN truth_gps t ON t.physician_id = e.physician_id "
        + "WHERE e.semesters = settled._s AND t.is_new = 'false' AND e.observed_days > 0 "
        + "GROUP BY 1 ORDER BY 1");
  }

  private static String ruleLine(String name, DeltaStore store, Dataset<Row> targeting,
      Dataset<Row> truth, CampaignConfig c) {
    targeting.select(col(Profile.PHYSICIAN_ID), col(Targeting.STATUS).as("s"),
            col(Profile.ACTIVE_PATIENTS).as("active"))
        .join(truth, Profile.PHYSICIAN_ID).createOrReplaceTempView("rule_scored");
    String eligible = "eligible_2025_2026 = 'true' AND wave_2025_2026 IS NOT NULL";
    String t = "s = 'TARGETED'";
    String year = TRUE_RELATIVE + " >= " + c.ratioThreshold();
    String pers = TRUE_PERSISTENT + " >= " + c.ratioThreshold();
    Map<String, String> counts = new LinkedHashMap<>();
    counts.put("targeted", countIf(t));
    counts.put("planted_eligible", countIf("over_prescriber = 'true' AND " + eligible));
    counts.put("planted_found", countIf("over_prescriber = 'true' AND " + eligible + " AND " + t));
    counts.put("planted_targeted", countIf("over_prescriber = 'true' AND " + t));
    counts.put("year_high_eligible", countIf(year + " AND " + eligible));
    counts.put("year_high_found", countIf(year + " AND " + eligible + " AND " + t));
    counts.put("year_high_targeted", countIf(year + " AND " + t));
    counts.put("persistent_high_eligible", countIf(pers + " AND " + eligible));
    counts.put("persistent_high_found", countIf(pers + " AND " + eligible + " AND " + t));
    counts.put("persistent_high_targeted", countIf(pers + " AND " + t));
    counts.put("year_innocent_targeted", countIf(TRUE_RELATIVE + " < " + CLEARLY_INNOCENT
        + " AND " + t));
    counts.put("persistent_innocent_targeted", countIf(TRUE_PERSISTENT + " < "
        + CLEARLY_INNOCENT + " AND " + t));
    counts.put("replaced_innocent_targeted", countIf("replaced = 'true' AND "
        + "over_prescriber = 'false' AND " + t));
    counts.put("new_targeted", countIf("is_new = 'true' AND " + t));
    counts.put("small_list_targeted", countIf("active < " + c.minActivePatients() + " AND "
        + t));
    Row r = select(store.spark(), counts, "rule_scored");
    long n = count(r, "targeted");
    return String.format(java.util.Locale.ROOT,
        "| %s | %d | %s | %s | %s | %s | %s | %s | %d | %d | %d | %d | %d |%n", name, n,
        pct(count(r, "planted_found"), count(r, "planted_eligible")),
        pct(count(r, "planted_targeted"), n),
        pct(count(r, "year_high_found"), count(r, "year_high_eligible")),
        pct(count(r, "year_high_targeted"), n),
        pct(count(r, "persistent_high_found"), count(r, "persistent_high_eligible")),
        pct(count(r, "persistent_high_targeted"), n), count(r, "year_innocent_targeted"),
        count(r, "persistent_innocent_targeted"), count(r, "replaced_innocent_targeted"),
        count(r, "new_targeted"), count(r, "small_list_targeted"));
  }

  /** The evaluation part of {@link #score} alone, on the rule-on warehouse a score left. */
  static String evaluationOnly(SparkSession spark, AppConfig cfg, CampaignConfig c, String dir,
      int gps, long seed) {
    DeltaStore on = new DeltaStore(spark, Path.of(dir, "warehouse-rule-on").toString());
    RunLog log = new RunLog(on, "accuracy", Map.of("evaluation-only", "true"),
        cfg.environment(), cfg.contentHash());
    Dataset<Row> truth = PlantedEffects.physicians(spark, dir);
    return evaluationReport(on, log, cfg, c, truth, gps, seed, true);
  }

  private static String targetingReport(long gps, long seed, double threshold, Row a, Row b) {
    return String.format(java.util.Locale.ROOT, "### Accuracy at %d GPs (seed %d)%n%n"
            + "| measure | value |%n|---|---:|%n"
            + "| profiled GPs | %d |%n"
            + "| planted over-prescribers (profiled) | %d |%n"
            + "| of which eligible with a wave | %d |%n"
            + "| recall of eligible planted, safeguard on | %s |%n"
            + "| precision, safeguard on (targeted %d) | %s |%n"
            + "| recall of eligible planted, safeguard off | %s |%n"
            + "| precision, safeguard off (targeted %d) | %s |%n"
            + "| eligible GPs truly prescribing ≥ %.1f× the GPs' mean (planted or not) | %d |%n"
            + "| recall of those, safeguard on | %s |%n"
            + "| targeted GPs truly prescribing < %.1f× the mean | %d |%n"
            + "| innocent replaced titulars targeted, replacement rule on | %s |%n"
            + "| innocent replaced titulars targeted, replacement rule off | %s |%n"
            + "| innocent GPs never replaced targeted (the base rate) | %s |%n"
            + "| newly installed (innocent) GPs targeted, with exclusions | %d |%n"
            + "| newly installed (innocent) GPs targeted, without exclusions | %d |%n"
            + "| small-list (< 100 active patients) GPs targeted, with exclusions | %d |%n",
        gps, seed, count(a, "profiled"), count(a, "planted"), count(a, "planted_eligible"),
        pct(count(a, "found_on"), count(a, "planted_eligible")), count(a, "targeted_on"),
        pct(count(a, "true_positives_on"), count(a, "targeted_on")),
        pct(count(a, "found_off"), count(a, "planted_eligible")), count(a, "targeted_off"),
        pct(count(a, "true_positives_off"), count(a, "targeted_off")), threshold,
        count(a, "truly_high"), pct(count(a, "truly_high_targeted"), count(a, "truly_high")),
        CLEARLY_INNOCENT, count(a, "truly_innocent_targeted"),
        perThousand(count(a, "innocent_replaced_targeted"), count(a, "innocent_replaced")),
        perThousand(count(b, "innocent_replaced_targeted"), count(b, "innocent_replaced")),
        perThousand(count(a, "innocent_never_replaced_targeted"),
            count(a, "innocent_never_replaced")),
        count(a, "innocent_new_targeted"), count(a, "innocent_new_targeted_without_exclusions"),
        count(a, "small_list_targeted"));
  }

  /**
   * Evaluates campaign 2023 on the rule-on warehouse (profiling the baseline, the period before
   * it and the follow-up) and sets the estimates beside the planted effect: on prescribing, the
   * mean of the true log multipliers of the GPs the evaluation treats (MSO and MSAP in
   * campaign_history); on what the evaluation measures, the follow-up paid days
   * ({@link PlantedEffects#followUpDays}), which the interval is judged against.
   */
  static String evaluationReport(DeltaStore store, RunLog log, AppConfig cfg, CampaignConfig c,
      Dataset<Row> truth, long gps, long seed, boolean onlyMissing) {
    // Only the periods the warehouse has not profiled yet when asked (a benchmark's has them
    // all); a score profiles them all, with the configuration it runs under.
    java.util.Set<String> done = new java.util.HashSet<>();
    if (onlyMissing && store.exists(Tables.GP_PERIOD_PROFILE)) {
      store.read(Tables.GP_PERIOD_PROFILE).select(Profile.PERIOD).distinct().collectAsList()
          .forEach(r -> done.add(r.getAs(Profile.PERIOD)));
    }
    List<Period> wanted = new java.util.ArrayList<>(List.of(c.evaluation().baseline(),
        c.evaluation().followUp()));
    wanted.addAll(c.evaluation().cleanBaseline());
    List<Period> periods = ProfileJob.distinct(wanted).stream()
        .filter(p -> !done.contains(p.label())).toList();
    if (!periods.isEmpty()) {
      ProfileJob.run(store, log, periods, cfg.profile().rule(),
          cfg.privacy().minCellPatients());
      TerritoryJob.run(store, log, cfg.territory(), periods);
    }
    EvaluationJob.Outcome o = EvaluationJob.run(store, log, cfg, c.evaluation());
    double prescribing = PlantedEffects.prescribing(store, truth, c.evaluation().campaign());
    PlantedEffects.DaysEffect days = PlantedEffects.followUpDays(store, truth,
        c.evaluation().campaign(), c.evaluation().followUp());
    double effect = days.effect();
    CleanDid.Result h = o.headline();
    return String.format(java.util.Locale.ROOT,
        "### Evaluation of campaign %s at %d GPs (seed %d), %s -> %s%n%n"
            + "| measure | value |%n|---|---:|%n"
            + "| treated GPs (MSO, MSAP) profiled in both periods | %d |%n"
            + "| planted effect on prescribing (mean true log multiplier of the treated) | %.3f |%n"
            + "| share of the treated's follow-up days from stops started before the effect | "
            + "%.1f %% |%n"
            + "| planted effect on the treated's follow-up paid days (the estimand) | %.3f |%n"
            + "| published comparison: DiD of log rates against all others | %.3f (bias %+.3f) "
            + "|%n"
            + "| headline (same-age stops, baseline %s), 95 %% CI | %s |%n"
            + "| its placebo | %s |%n"
            + "| the headline's interval covers the planted effect | %s |%n",
        c.evaluation().campaign(), gps, seed, c.evaluation().baseline().label(),
        c.evaluation().followUp().label(), o.treated(),
        prescribing, 100 * days.shareBefore(), effect,
        o.naiveDid(), o.naiveDid() - effect, String.join("+", o.baseline()),
        h == null ? o.status() : String.format(java.util.Locale.ROOT,
            "%.3f [%.3f, %.3f] (bias %+.3f)", h.log(), h.lo(), h.hi(), h.log() - effect),
        o.placebo() == null ? "-" : String.format(java.util.Locale.ROOT, "%.3f [%.3f, %.3f]",
            o.placebo().log(), o.placebo().lo(), o.placebo().hi()),
        h == null ? "no estimate" : h.covers(effect) ? "yes" : "no");
  }

  /** Truth column: a GP's true intensity in the observation period over the GPs' mean. */
  static final String TRUE_RELATIVE = "true_relative_intensity";

  /** Under this share of the mean, a targeted GP is a false positive by any definition. */
  static final double CLEARLY_INNOCENT = 1.5;

  /**
   * Each GP's true prescribing intensity over the observation period (the generator's latent
   * intensity of its semesters: practice multiplier × over-prescriber factor × the semester's
   * shock × the 2023 campaign's effect), over the mean of all GPs. The campaign's ratio
   * threshold applied to it says who really prescribed that much more than his peers, planted
   * or not, before the noise of a year of stops: the population the targeting should find.
   */
  static Dataset<Row> relativeIntensity(SparkSession spark, String dir, Period observation) {
    Object[] semesters = Period.semestersBetween(observation.start(), observation.end())
        .stream().map(Period::label).toArray();
    Dataset<Row> latent = spark.read().option("header", "true").option("sep", ";")
        .csv(Path.of(dir, "truth", "gp_semester_intensity.csv").toString())
        .where(col("semester").isin(semesters))
        .groupBy(Profile.PHYSICIAN_ID)
        .agg(avg(col("latent_intensity").cast("double")).as("_latent"));
    return latent.crossJoin(latent.agg(avg("_latent").as("_mean")))
        .select(col(Profile.PHYSICIAN_ID), col("_latent").divide(col("_mean")).as(TRUE_RELATIVE));
  }

  private static Map<String, String> truthModel(SparkSession spark, String dir) {
    Map<String, String> m = new java.util.TreeMap<>();
    for (Row r : spark.read().option("header", "true").option("sep", ";")
        .csv(Path.of(dir, "truth", "model.csv").toString()).collectAsList()) {
      m.put(r.getAs("parameter"), r.getAs("value"));
    }
    return m;
  }

  private static void pipeline(DeltaStore store, RunLog log, AppConfig cfg, CampaignConfig c,
      List<Period> periods, boolean rule) {
    ProfileJob.run(store, log, periods, rule ? cfg.profile().rule() : ReplacementRule.OFF,
        cfg.privacy().minCellPatients());
    TerritoryJob.run(store, log, cfg.territory(), periods);
    ModelJob.run(store, log, cfg, c.observation());
  }

  /**
   * profiled, planted, planted eligible, found (on), targeted (on), true positives (on), found
   * (off), targeted (off), true positives (off), innocent replaced targeted, innocent new GPs
   * targeted with exclusions, the same without, small lists targeted, innocent replaced GPs,
   * innocent never-replaced GPs targeted, innocent never-replaced GPs, eligible GPs truly at
   * the ratio threshold or above, those targeted, targeted GPs truly under 1.5× the mean.
   */
  private static Row counts(DeltaStore store, Dataset<Row> truth, CampaignConfig c) {
    String period = c.observation().label();
    Dataset<Row> expected = store.read(Tables.EXPECTED_IJ)
        .where(col(Expected.PERIOD).equalTo(period));
    Dataset<Row> profile = store.read(Tables.GP_PERIOD_PROFILE)
        .where(col(Profile.PERIOD).equalTo(period));
    Dataset<Row> history = store.read(Tables.CAMPAIGN_HISTORY);
    Dataset<Row> withSafeguard = status(CampaignTargeting.target(expected, profile, history, c),
        "s_on");
    Dataset<Row> noSafeguard = status(CampaignTargeting.target(expected, profile, history,
        c.withSafeguard(false)), "s_off");
    Dataset<Row> noExclusions = status(CampaignTargeting.target(expected, profile, history,
        c.withoutExclusions()), "s_noex");
    Dataset<Row> t = withSafeguard.join(noSafeguard, Profile.PHYSICIAN_ID)
        .join(noExclusions, Profile.PHYSICIAN_ID)
        .join(truth, Profile.PHYSICIAN_ID);
    t.createOrReplaceTempView("scored");
    String trulyHigh = "eligible_2025_2026 = 'true' AND wave_2025_2026 IS NOT NULL AND "
        + TRUE_RELATIVE + " >= " + c.ratioThreshold();
    String planted = "over_prescriber = 'true'";
    String innocent = "over_prescriber = 'false'";
    String eligible = "eligible_2025_2026 = 'true' AND wave_2025_2026 IS NOT NULL";
    String on = "s_on = 'TARGETED'";
    String off = "s_off = 'TARGETED'";
    Map<String, String> counts = new LinkedHashMap<>();
    counts.put("profiled", "count(*)");
    counts.put("planted", countIf(planted));
    counts.put("planted_eligible", countIf(planted + " AND " + eligible));
    counts.put("found_on", countIf(planted + " AND " + eligible + " AND " + on));
    counts.put("targeted_on", countIf(on));
    counts.put("true_positives_on", countIf(on + " AND " + planted));
    counts.put("found_off", countIf(planted + " AND " + eligible + " AND " + off));
    counts.put("targeted_off", countIf(off));
    counts.put("true_positives_off", countIf(off + " AND " + planted));
    counts.put("innocent_replaced_targeted", countIf("replaced = 'true' AND " + innocent
        + " AND " + on));
    counts.put("innocent_new_targeted", countIf("is_new = 'true' AND " + innocent + " AND "
        + on));
    counts.put("innocent_new_targeted_without_exclusions", countIf("is_new = 'true' AND "
        + innocent + " AND s_noex = 'TARGETED'"));
    counts.put("small_list_targeted", countIf("active_s_on < " + c.minActivePatients()
        + " AND " + on));
    counts.put("innocent_replaced", countIf("replaced = 'true' AND " + innocent));
    counts.put("innocent_never_replaced_targeted", countIf("replaced = 'false' AND " + innocent
        + " AND " + on));
    counts.put("innocent_never_replaced", countIf("replaced = 'false' AND " + innocent));
    counts.put("truly_high", countIf(trulyHigh));
    counts.put("truly_high_targeted", countIf(trulyHigh + " AND " + on));
    counts.put("truly_innocent_targeted", countIf(on + " AND " + TRUE_RELATIVE + " < "
        + CLEARLY_INNOCENT));
    return select(store.spark(), counts, "scored");
  }

  private static Dataset<Row> status(Dataset<Row> targeting, String name) {
    return targeting.select(col(Profile.PHYSICIAN_ID), col(Targeting.STATUS).as(name),
        col(Profile.ACTIVE_PATIENTS).as("active_" + name));
  }

  /** SQL for how many rows of a view meet a condition. */
  private static String countIf(String condition) {
    return "sum(CASE WHEN " + condition + " THEN 1 ELSE 0 END)";
  }

  /** One row: each SQL aggregate of the view under its name, so that it is read by name. */
  private static Row select(SparkSession spark, Map<String, String> aggregates, String view) {
    List<String> named = aggregates.entrySet().stream()
        .map(e -> e.getValue() + " AS `" + e.getKey() + "`").toList();
    return spark.sql("SELECT " + String.join(", ", named) + " FROM " + view).head();
  }

  private static long count(Row r, String column) {
    return r.getAs(column);
  }

  /** "3 of 290 (10.3 per 1,000)": rates of groups of very different sizes side by side. */
  static String perThousand(long num, long den) {
    return den == 0 ? num + " of 0" : String.format(java.util.Locale.ROOT,
        "%d of %,d (%.1f per 1,000)", num, den, 1000.0 * num / den);
  }

  private static String pct(long num, long den) {
    return den == 0 ? "n/a" : String.format("%d / %d = %.0f %%", num, den, 100.0 * num / den);
  }
}
