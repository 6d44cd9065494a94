package org.ijcampaign.model;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.signum;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.StructField;
import org.ijcampaign.config.CampaignConfig.PersistentNoise;
import org.ijcampaign.config.CampaignConfig.PersistentPrior;
import org.ijcampaign.config.CampaignConfig.PersistentStopLength;
import org.ijcampaign.io.Joins;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Persistent;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Territory;

/**
 * A GP's persistent ratio with its uncertainty, from his semesters' observed and expected days
 * (docs/persistent.md). Per GP i and semester s, on the log scale,
 *
 * <pre>  y_is = m_i + e_is + n_is,  m_i ~ N(mu, tau2_p),  e_is ~ N(0, sigma2_s),  n_is ~ N(0, v_is)
 * </pre>
 *
 * with m_i his persistent practice, e_is the semester's shock (correlated ρ^|s−t| across his
 * semesters, an AR(1) whose ρ the semivariogram gives; 0 for independent shocks)
 * and n_is the noise of a compound Poisson sum of stops, {@code v_is = D_i / (E_is · r_i)}
 * (D_i his own stop dispersion pulled towards his territory's, r_i his pooled ratio). mu,
 * tau2_p and sigma2_s are method-of-moments estimates across GPs (one Spark aggregation, one row
 * to the driver); each GP's posterior of m_i is then normal. Pure Dataset -> Dataset functions.
 */
public final class PersistentRatio {
  /** Per GP and semester: the log ratio and its noise variance. */
  public static final String LOG_RATIO = "log_ratio";
  public static final String NOISE_VARIANCE = "noise_variance";
  /** The pooled ratio, with the half stop added, at which the noise variance is taken. */
  public static final String NOISE_RATIO = "noise_ratio";
  /** Per GP under WINDOW noise: the noise variance of his mean log ratio over the window. */
  public static final String WINDOW_NOISE_VARIANCE = "window_noise_variance";
  /** A GP's window figures ({@link #windowRows}): own days, stops and Σd² over the window. */
  static final String WINDOW_DAYS = "_window_days";
  static final String WINDOW_STOPS = "_window_stops";
  static final String WINDOW_SQ = "_window_sq";
  private static final double Z_95 = 1.96;

  private PersistentRatio() {}

  /** What the estimate needs beside the data: the campaign and its threshold, the settings. */
  public record Params(String campaign, String lastPeriod, double ratioThreshold,
      double dispersionPriorStops, double momentsMinExpectedDays, PersistentPrior prior,
      boolean leaveSelfOut, boolean excludeSubstituteDays, PersistentNoise noise,
      PersistentStopLength stopLength) {}

  /**
   * The fit's figures across GPs; {@code shockCorrelation} is ρ, the correlation of a GP's shocks
   * one semester apart (ρ^h at h semesters).
   */
  public record Moments(double mu, double tau2, double sigma2, double noiseScale,
      double shockCorrelation, long gps) {
    /** Shocks independent across semesters (ρ = 0). */
    public Moments(double mu, double tau2, double sigma2, double noiseScale, long gps) {
      this(mu, tau2, sigma2, noiseScale, 0, gps);
    }
  }

  /**
   * The largest shock correlation the fit accepts: at ρ = 1 a shock never ends and cannot be
   * told from the practice.
   */
  static final double MAX_SHOCK_CORRELATION = 0.95;

  /**
   * The published table's rows and the fit's figures; {@code mixture} is null under the normal
   * prior, else the mixture fit (kept or fallen back to the normal prior); {@code length} is null
   * under OWN stop length, else the fit of the GPs' length ratios.
   */
  public record Result(Dataset<Row> perGp, Moments moments, PersistentMixture.Fit mixture,
      StopLength.Moments length) {}

  /**
   * One row per GP and semester: {@code expected_ij}'s territory, observed and expected days
   * and the territory's D_t, with the profile's stop count, Σd² of his stops and days as a
   * substitute.
   * The model's expected days are kept as {@link Persistent#FITTED_EXPECTED_DAYS}; with
   * {@code leaveSelfOut} the expected days are his peers' without him ({@link #withoutSelf}),
   * else the model's; with {@code excludeSubstituteDays} his observed days are his own list's
   * ({@link #withoutSubstituteDays}).
   */
  public static Dataset<Row> semesterRows(Dataset<Row> expected, Dataset<Row> profile,
      boolean leaveSelfOut, boolean excludeSubstituteDays) {
    Dataset<Row> e = expected.select(Expected.PERIOD, Expected.PHYSICIAN_ID, Territory.TERRITORY,
        Expected.OBSERVED_DAYS, Expected.EXPECTED_DAYS, Expected.STOP_DISPERSION);
    // His peers' level is taken on the days the model was fitted to, before his own days as a
    // substitute are left out.
    e = leaveSelfOut ? withoutSelf(e)
        : e.withColumn(Persistent.FITTED_EXPECTED_DAYS, col(Expected.EXPECTED_DAYS));
    Dataset<Row> rows = e
        .join(profile.select(col(Profile.PERIOD), col(Profile.PHYSICIAN_ID), col(Profile.STOPS),
                col(Profile.STOP_DAYS_SQ_SUM), coalesce(col(Profile.DAYS_AS_SUBSTITUTE),
                    lit(0.0)).as(Persistent.DAYS_AS_SUBSTITUTE)),
            Joins.on(Profile.PERIOD, Profile.PHYSICIAN_ID));
    return excludeSubstituteDays ? withoutSubstituteDays(rows) : rows;
  }

  /**
   * A GP's semesters without the days he prescribed as a substitute: his observed days less
   * {@code days_as_substitute} (never below 0). The replacement rule gives him those days, as
   * the design says, but they went to a titular's patients while his expected days are those of
   * his own list, so a GP who replaces a lot would read as a high prescriber with an ordinary
   * practice. The profile counts his stops and their Σd² over all his stops without telling
   * which were a substitute's: both are scaled by his own share of the days, which keeps his
   * Σd²/Σd that of all his stops and gives his own dispersion the weight of his own stops.
   */
  public static Dataset<Row> withoutSubstituteDays(Dataset<Row> semesterRows) {
    Column o = col(Expected.OBSERVED_DAYS);
    Column own = greatest(lit(0.0), o.minus(col(Persistent.DAYS_AS_SUBSTITUTE)));
    return semesterRows
        .withColumn("_share", when(o.gt(0), own.divide(o)).otherwise(lit(1.0)))
        .withColumn(Expected.OBSERVED_DAYS, own)
        .withColumn(Profile.STOPS, col(Profile.STOPS).multiply(col("_share")))
        .withColumn(Profile.STOP_DAYS_SQ_SUM,
            col(Profile.STOP_DAYS_SQ_SUM).multiply(col("_share")))
        .drop("_share");
  }

  /**
   * Each GP's expected days against his territory's other GPs. The model's territory effect
   * makes a territory's expected days add up to its observed days, his own included: a GP far
   * above his peers lifts the level he is compared with by about his share of the territory's
   * days. Holding the model's other coefficients (fitted on all territories, which one GP hardly
   * moves), the territory's level without him is its other GPs' observed over expected days, so
   * {@code E' = E · (ΣO − O) / (ΣE − E)} over the period's territory. When he has no peer with
   * expected and observed days (a territory of one, or peers without a day) E stays. The
   * model's E is kept as {@link Persistent#FITTED_EXPECTED_DAYS}.
   */
  public static Dataset<Row> withoutSelf(Dataset<Row> expected) {
    WindowSpec territory = Window.partitionBy(col(Expected.PERIOD), col(Territory.TERRITORY));
    Column o = col(Expected.OBSERVED_DAYS);
    Column e = col(Expected.EXPECTED_DAYS);
    Column peersObserved = sum(o).over(territory).minus(o);
    Column peersExpected = sum(e).over(territory).minus(e);
    return expected.withColumn(Persistent.FITTED_EXPECTED_DAYS, e)
        .withColumn(Expected.EXPECTED_DAYS, when(peersObserved.gt(0).and(peersExpected.gt(0)),
            e.multiply(peersObserved).divide(peersExpected)).otherwise(e));
  }

  /**
   * The estimate from {@link #semesterRows}; {@code window} ({@link #windowRows}) is read only
   * under WINDOW noise, and may be null otherwise.
   */
  public static Result estimate(Dataset<Row> semesterRows, Dataset<Row> window, Params p) {
    Dataset<Row> rows = semesterRows;
    StopLength.Moments length = null;
    if (p.stopLength() == PersistentStopLength.CREDIBLE) {
      if (p.noise() != PersistentNoise.WINDOW || window == null) {
        throw new IllegalArgumentException("a credible stop length needs WINDOW noise and the "
            + "GPs' window rows");
      }
      StopLength.View view = StopLength.credible(semesterRows, window,
          p.dispersionPriorStops(), p.momentsMinExpectedDays(),
          p.prior() == PersistentPrior.MIXTURE);
      rows = view.semesterRows();
      window = view.window();
      length = view.moments();
    }
    Dataset<Row> y = logRatios(rows, p.dispersionPriorStops());
    if (p.noise() == PersistentNoise.WINDOW) {
      if (window == null) {
        throw new IllegalArgumentException("WINDOW noise needs the GPs' window rows");
      }
      // Several aggregations read the GP-semester rows: computed once.
      y = withWindowNoise(y, window, p.dispersionPriorStops()).localCheckpoint();
    }
    Moments m = moments(y, p.momentsMinExpectedDays(), p.noise());
    if (p.prior() != PersistentPrior.MIXTURE) {
      return new Result(posterior(y, m, p), m, null, length);
    }
    Dataset<Row> gp = gpSums(y, m, p.noise());
    PersistentMixture.Fit fit = PersistentMixture.fit(gp, m);
    return new Result(posterior(gp, m, fit.mixture(), p), m, fit, length);
  }

  /**
   * Per GP, his profile over the window of the estimate's semesters (one period from the first
   * one's start to the last one's end, {@code gp_period_profile} rows of that period): his days
   * ({@link #WINDOW_DAYS}), stops and Σd² with each stop's d its days over the whole window. A
   * long stop straddling semesters is one stop there, of its days over the window, where each
   * semester's profile counts it once per semester with the days inside it. With {@code
   * excludeSubstituteDays} his days as a substitute are left out and his stops and Σd² scaled by
   * his own share of the days, as in {@link #withoutSubstituteDays}.
   */
  public static Dataset<Row> windowRows(Dataset<Row> windowProfile,
      boolean excludeSubstituteDays) {
    Dataset<Row> rows = windowProfile.select(col(Profile.PHYSICIAN_ID),
        col(Profile.IJ_DAYS).as(Expected.OBSERVED_DAYS), col(Profile.STOPS).cast("double")
            .as(Profile.STOPS), col(Profile.STOP_DAYS_SQ_SUM),
        coalesce(col(Profile.DAYS_AS_SUBSTITUTE), lit(0.0)).as(Persistent.DAYS_AS_SUBSTITUTE));
    if (excludeSubstituteDays) {
      rows = withoutSubstituteDays(rows);
    }
    return rows.select(col(Profile.PHYSICIAN_ID), col(Expected.OBSERVED_DAYS).as(WINDOW_DAYS),
        col(Profile.STOPS).as(WINDOW_STOPS), col(Profile.STOP_DAYS_SQ_SUM).as(WINDOW_SQ));
  }

  /**
   * Adds to each row of {@link #logRatios} the GP's noise over the window: his window stop
   * dispersion {@code D_w = (n·own + n0·λ·D_t) / (n + n0)}, own = his window Σd² / his window
   * days, n his window stops, n0 = {@code priorStops}, D_t his territories' semester dispersion
   * ({@link Persistent#TERRITORY_STOP_DISPERSION}) and λ the window's Σd² over the semesters'
   * summed Σd², over all GPs (what stops straddling semesters add to a territory's dispersion);
   * a GP without a window day gets λ·D_t. Then the noise variance of his mean log ratio {@code
   * V = D_w / ((ΣE + D_w/2) · r)}, ΣE his expected days over the semesters and r his pooled
   * ratio ({@link #NOISE_RATIO}): the delta-method variance of the log of his days over the
   * window when they are a compound Poisson sum of whole stops; plus, when the window rows
   * carry it ({@link StopLength#LENGTH_VARIANCE}), the variance of his credible length.
   */
  public static Dataset<Row> withWindowNoise(Dataset<Row> logRatios, Dataset<Row> window,
      double priorStops) {
    Dataset<Row> gp = logRatios.groupBy(Profile.PHYSICIAN_ID).agg(
            sum(Expected.EXPECTED_DAYS).as("_se"), sum(Profile.STOP_DAYS_SQ_SUM).as("_ssq"),
            org.apache.spark.sql.functions.first(Persistent.TERRITORY_STOP_DISPERSION)
                .as("_dt"),
            org.apache.spark.sql.functions.first(NOISE_RATIO).as("_r"))
        .join(window, Joins.on(Profile.PHYSICIAN_ID), "left");
    // Two sums over the GPs with both figures: one row to the driver.
    Row totals = gp.where(col(WINDOW_SQ).isNotNull().and(col("_ssq").isNotNull()))
        .agg(sum(WINDOW_SQ), sum("_ssq")).head();
    double lambda = totals.isNullAt(0) || totals.isNullAt(1) || totals.getDouble(1) <= 0 ? 1.0
        : totals.getDouble(0) / totals.getDouble(1);
    Column n = coalesce(col(WINDOW_STOPS), lit(0.0));
    Column territory = col("_dt").multiply(lambda);
    Column own = when(col(WINDOW_DAYS).gt(0), col(WINDOW_SQ).divide(col(WINDOW_DAYS)));
    Column dw = when(own.isNull().or(n.plus(priorStops).leq(0)), territory)
        .otherwise(n.multiply(own).plus(territory.multiply(priorStops))
            .divide(n.plus(priorStops)));
    Column lengthVariance = Arrays.asList(window.columns()).contains(StopLength.LENGTH_VARIANCE)
        ? coalesce(col(StopLength.LENGTH_VARIANCE), lit(0.0)) : lit(0.0);
    Dataset<Row> noise = gp.withColumn(Persistent.WINDOW_STOP_DISPERSION, dw)
        .withColumn(WINDOW_NOISE_VARIANCE, col(Persistent.WINDOW_STOP_DISPERSION).divide(
            col("_se").plus(col(Persistent.WINDOW_STOP_DISPERSION).divide(2))
                .multiply(col("_r"))).plus(lengthVariance))
        .select(Profile.PHYSICIAN_ID, Persistent.WINDOW_STOP_DISPERSION, WINDOW_NOISE_VARIANCE);
    return logRatios.join(noise, Joins.on(Profile.PHYSICIAN_ID));
  }

  /**
   * Adds to each GP-semester row the GP's stop dispersion and pooled figures, the semester's log
   * ratio and its noise variance. His own dispersion Σd²/Σd over all his semesters' stops is
   * pulled towards his territories' (their D_t weighted by his days) with the weight of
   * {@code priorStops} stops: {@code D_i = (n·own + n0·D_t) / (n + n0)}; with no day it is the
   * territory's. A semester without a day has no log, so half a "stop" of D_i days is added to
   * observed and expected alike: {@code y = log((O + D_i/2) / (E + D_i/2))}, negligible for a
   * list of usual size. The noise variance {@code D_i / ((E + D_i/2) · r_i)} is the delta-method
   * variance of log O when O is compound Poisson with mean r_i·E: taken at the GP's pooled ratio
   * over all his semesters (not at 1, which would overstate a true high prescriber's noise by his
   * ratio; not at the semester's own, which would tie the weight to the semester's chance).
   */
  public static Dataset<Row> logRatios(Dataset<Row> rows, double priorStops) {
    Column o = col(Expected.OBSERVED_DAYS);
    Column e = col(Expected.EXPECTED_DAYS);
    Dataset<Row> gp = rows.groupBy(Profile.PHYSICIAN_ID).agg(
            // Rounded: stops scaled by his own share of the days are fractional.
            round(sum(Profile.STOPS)).cast("long").as(Persistent.STOPS),
            sum(Profile.STOP_DAYS_SQ_SUM).as("_sq"),
            sum(o).as("_o"), sum(e).as("_e"),
            sum(o.multiply(col(Expected.STOP_DISPERSION))).as("_odt"),
            avg(Expected.STOP_DISPERSION).as("_dt"))
        .withColumn(Persistent.OWN_STOP_DISPERSION,
            when(col("_o").gt(0), col("_sq").divide(col("_o"))))
        .withColumn(Persistent.TERRITORY_STOP_DISPERSION,
            when(col("_o").gt(0), col("_odt").divide(col("_o"))).otherwise(col("_dt")));
    Column n = coalesce(col(Persistent.STOPS).cast("double"), lit(0.0));
    Column own = col(Persistent.OWN_STOP_DISPERSION);
    Column terr = col(Persistent.TERRITORY_STOP_DISPERSION);
    gp = gp.withColumn(Persistent.STOP_DISPERSION, when(own.isNull()
            .or(n.plus(priorStops).leq(0)), terr)
            .otherwise(n.multiply(own).plus(terr.multiply(priorStops))
                .divide(n.plus(priorStops))))
        .withColumn("_c", col(Persistent.STOP_DISPERSION).divide(2))
        .withColumn(NOISE_RATIO, col("_o").plus(col("_c"))
            .divide(col("_e").plus(col("_c"))))
        .select(Profile.PHYSICIAN_ID, Persistent.STOPS, Persistent.OWN_STOP_DISPERSION,
            Persistent.TERRITORY_STOP_DISPERSION, Persistent.STOP_DISPERSION, "_c",
            NOISE_RATIO);
    Column c = col("_c");
    return rows.drop(Profile.STOPS).join(gp, Profile.PHYSICIAN_ID)
        .withColumn(LOG_RATIO, log(o.plus(c).divide(e.plus(c))))
        .withColumn(NOISE_VARIANCE, col(Persistent.STOP_DISPERSION)
            .divide(e.plus(c).multiply(col(NOISE_RATIO))))
        .drop("_c");
  }

  /**
   * Method-of-moments estimates across GPs, from the semesters with at least {@code minExpected}
   * expected days. First ρ, the shocks' correlation ({@link #shockCorrelation}). Within a GP of
   * S semesters, the deviations of his log ratios from their plain mean carry the shock and the
   * noise only: E[W] = E[Σ(y − ȳ)²] = (S − f)·σ² + κ·(1 − 1/S)·Σv, f = f(S, ρ) ({@link
   * #meanShockFactor}), κ the scale of the modelled noise (1 if the compound Poisson variance is
   * right; a long stop straddling semesters puts correlated days in both, which the independent
   * noise overstates). σ² and κ are the least squares of W_i on (S_i − f_i) and (1 − 1/S_i)·Σv
   * over GPs with two semesters or more (GPs differ in list size, which separates the two); if
   * the two cannot be told apart κ is 1, and a negative one is floored at 0 with the other
   * refitted. Between GPs, ȳ_i varies by τ² + σ²·f_i/S_i + κ·Σ_s v/S_i², so τ² = the sample
   * variance of the ȳ_i minus the mean of that noise, floored at 0. mu = the mean of the ȳ_i.
   */
  public static Moments moments(Dataset<Row> logRatios, double minExpected) {
    return moments(logRatios, minExpected, PersistentNoise.SEMESTERS);
  }

  /**
   * The same; under WINDOW noise ({@link #withWindowNoise} rows) the shocks are independent (ρ
   * = 0: the correlation the semivariogram reads is that of the stops straddling semesters,
   * which the window's noise carries), σ² and κ are fitted within GPs as above, and between GPs
   * ȳ_i varies by τ² + σ²/S_i + V_i, V_i the noise variance of his mean over the window, so τ²
   * = the sample variance of the ȳ_i minus the mean of σ²/S_i + V_i, floored at 0.
   */
  public static Moments moments(Dataset<Row> logRatios, double minExpected,
      PersistentNoise noise) {
    boolean window = noise == PersistentNoise.WINDOW;
    double rho = window ? 0 : shockCorrelation(logRatios, minExpected);
    Column y = col(LOG_RATIO);
    Dataset<Row> perGp = logRatios.where(col(Expected.EXPECTED_DAYS).geq(minExpected))
        .groupBy(Profile.PHYSICIAN_ID)
        .agg(count(lit(1)).cast("double").as("_s"), sum(y).as("_sy"),
            sum(pow(y, 2)).as("_syy"), sum(NOISE_VARIANCE).as("_v"),
            (window ? org.apache.spark.sql.functions.first(WINDOW_NOISE_VARIANCE)
                : lit(0.0)).as("_vw"))
        .withColumn("_ybar", col("_sy").divide(col("_s")))
        .withColumn("_w", col("_syy").minus(pow(col("_sy"), 2).divide(col("_s"))))
        .withColumn("_f", meanShockFactor(col("_s"), rho));
    Column several = col("_s").geq(2);
    // E[Σ(e − ē)²] = σ²·(S − f(S, ρ)): S − 1 when the shocks are independent.
    Column a = col("_s").minus(col("_f"));
    Column b = lit(1).minus(lit(1).divide(col("_s"))).multiply(col("_v"));
    Column w = col("_w");
    Row r = perGp.agg(
        sum(when(several, a.multiply(a))).as("_saa"), sum(when(several, a.multiply(b))).as("_sab"),
        sum(when(several, b.multiply(b))).as("_sbb"), count(lit(1)).as("_gps"),
        sum("_ybar").as("_sum_ybar"), sum(pow(col("_ybar"), 2)).as("_sum_ybar_sq"),
        avg(col("_f").divide(col("_s"))).as("_mean_f_s"),
        avg(col("_v").divide(pow(col("_s"), 2))).as("_mean_v_s2"),
        avg(col("_vw")).as("_mean_vw"),
        sum(when(several, a.multiply(w))).as("_saw"), sum(when(several, b.multiply(w))).as("_sbw"),
        sum(when(several, w)).as("_sw"), sum(when(several, b)).as("_sb"),
        sum(when(several, a)).as("_sa")).head();
    long gps = r.getAs("_gps");
    if (gps < 2) {
      throw new IllegalStateException("the persistent ratio needs at least two GPs with "
          + minExpected + " expected days in a semester; found " + gps);
    }
    double sigma2 = 0;
    double kappa = 1;
    Double saaOrNull = r.getAs("_saa");
    if (saaOrNull != null && saaOrNull > 0) {
      double saa = saaOrNull;
      double sab = r.getAs("_sab");
      double sbb = r.getAs("_sbb");
      double saw = r.getAs("_saw");
      double sbw = r.getAs("_sbw");
      double det = saa * sbb - sab * sab;
      if (det > 1e-9 * saa * sbb) {
        sigma2 = (sbb * saw - sab * sbw) / det;
        kappa = (saa * sbw - sab * saw) / det;
        if (sigma2 < 0) {
          sigma2 = 0;
          kappa = Math.max(0, sbw / sbb);
        } else if (kappa < 0) {
          kappa = 0;
          sigma2 = Math.max(0, saw / saa);
        }
      } else {
        // One design direction only (every GP alike): the noise as modelled, σ² from the rest.
        sigma2 = Math.max(0, (r.<Double>getAs("_sw") - r.<Double>getAs("_sb"))
            / r.<Double>getAs("_sa"));
      }
    }
    double mu = r.<Double>getAs("_sum_ybar") / gps;
    double between = (r.<Double>getAs("_sum_ybar_sq") - gps * mu * mu) / (gps - 1);
    double noiseOfMeans = window ? r.<Double>getAs("_mean_vw")
        : kappa * r.<Double>getAs("_mean_v_s2");
    double tau2 = Math.max(0, between - sigma2 * r.<Double>getAs("_mean_f_s") - noiseOfMeans);
    return new Moments(mu, tau2, sigma2, kappa, rho, gps);
  }

  /**
   * f(S, ρ) = (1/S)·Σ_s Σ_t ρ^|s−t| over S consecutive semesters: the mean of S shocks of
   * variance σ² has variance σ²·f/S (f = 1 when they are independent), and their deviations
   * from that mean sum to σ²·(S − f) in expectation. Closed form of 1 + (2/S)·Σ_k (S − k)·ρ^k.
   */
  static Column meanShockFactor(Column semesters, double rho) {
    if (rho <= 0) {
      return lit(1.0);
    }
    return lit(1).plus(lit(2 * rho).multiply(semesters.multiply(1 - rho)
            .minus(lit(1).minus(pow(lit(rho), semesters))))
        .divide(semesters.multiply((1 - rho) * (1 - rho))));
  }

  /** A calendar semester's rank: 2 × year + half, so that consecutive semesters differ by 1. */
  static Column semesterIndex(Column period) {
    return period.substr(1, 4).cast("int").multiply(2)
        .plus(period.substr(6, 1).cast("int"));
  }

  /**
   * ρ, the correlation of a GP's shocks one semester apart, from the semivariogram of his log
   * ratios: for two of his semesters h apart (both with {@code minExpected} expected days),
   * E[(y_s − y_t)²] = 2·γ_h + κ_h·(v_s + v_t) with γ_h = σ²·(1 − ρ^h) under shocks that fade as
   * an AR(1) (his persistent practice cancels in the difference). Per lag, γ_h and κ_h are the
   * least squares over pairs ({@link #lagSemivariance}); then ρ and σ² are the least squares of
   * γ_h on σ²·(1 − ρ^h) over the lags, weighted by their pairs ({@link #fitShockCorrelation}).
   * A separate κ_h per lag lets a long stop straddling two adjacent semesters correlate their
   * noise without being read as a shock. Fewer than two lags: 0. One Spark aggregation, a row a
   * lag to the driver.
   */
  public static double shockCorrelation(Dataset<Row> logRatios, double minExpected) {
    Dataset<Row> s = logRatios.where(col(Expected.EXPECTED_DAYS).geq(minExpected))
        .select(col(Profile.PHYSICIAN_ID), semesterIndex(col(Profile.PERIOD)).as("_i"),
            col(LOG_RATIO).as("_y"), col(NOISE_VARIANCE).as("_v"));
    Dataset<Row> t = s.toDF(Profile.PHYSICIAN_ID, "_j", "_y2", "_v2");
    Column d2 = pow(col("_y").minus(col("_y2")), 2);
    Column vs = col("_v").plus(col("_v2"));
    List<Row> lags = s.join(t, Joins.on(Profile.PHYSICIAN_ID))
        .where(col("_j").gt(col("_i")))
        .groupBy(col("_j").minus(col("_i")).as("_h"))
        .agg(count(lit(1)).as("_n"), sum(d2).as("_sd"), sum(vs).as("_sv"),
            sum(pow(vs, 2)).as("_svv"), sum(d2.multiply(vs)).as("_sdv"))
        .orderBy("_h").collectAsList();
    int k = lags.size();
    int[] h = new int[k];
    double[] n = new double[k];
    double[] gamma = new double[k];
    for (int i = 0; i < k; i++) {
      Row r = lags.get(i);
      h[i] = r.getInt(0);
      n[i] = r.<Long>getAs("_n");
      gamma[i] = lagSemivariance(n[i], r.getAs("_sd"), r.getAs("_sv"), r.getAs("_svv"),
          r.getAs("_sdv"));
    }
    return fitShockCorrelation(h, n, gamma);
  }

  /**
   * γ_h of one lag from its pairs' sums (count n, Σd², Σvs, Σvs², Σd²·vs): the least squares of
   * d² on 2·γ and κ·vs. When the pairs cannot tell the two apart (every vs alike) κ is 1, as in
   * {@link #moments}; with a negative κ, γ is refitted with κ = 0; a negative γ is floored at 0
   * (only γ is used).
   */
  static double lagSemivariance(double n, double sd, double sv, double svv, double sdv) {
    double det = 4 * n * svv - 4 * sv * sv;
    double gamma;
    if (det > 1e-9 * 4 * n * svv) {
      gamma = (2 * sd * svv - 2 * sv * sdv) / det;
      double kappa = (4 * n * sdv - 4 * sv * sd) / det;
      if (kappa < 0) {
        gamma = sd / (2 * n);
      }
    } else {
      gamma = (sd - sv) / (2 * n);
    }
    return Math.max(0, gamma);
  }

  /**
   * ρ in [0, {@link #MAX_SHOCK_CORRELATION}] minimising Σ_h n_h·(γ_h − σ²(ρ)·(1 − ρ^h))², σ²(ρ)
   * its least squares for that ρ (Brent's method on the profile; commons-math3). 0 with fewer
   * than two lags or no semivariance.
   */
  static double fitShockCorrelation(int[] h, double[] n, double[] gamma) {
    if (h.length < 2 || Arrays.stream(gamma).allMatch(g -> g <= 0)) {
      return 0;
    }
    UnivariateFunction sse = rho -> {
      double sgg = 0;
      double sg = 0;
      for (int i = 0; i < h.length; i++) {
        double g = 1 - Math.pow(rho, h[i]);
        sgg += n[i] * g * g;
        sg += n[i] * g * gamma[i];
      }
      double sigma2 = sg / sgg;
      double e = 0;
      for (int i = 0; i < h.length; i++) {
        double r = gamma[i] - sigma2 * (1 - Math.pow(rho, h[i]));
        e += n[i] * r * r;
      }
      return e;
    };
    double best = new BrentOptimizer(1e-12, 1e-14).optimize(new MaxEval(1000),
            new UnivariateObjectiveFunction(sse), GoalType.MINIMIZE,
            new SearchInterval(0, MAX_SHOCK_CORRELATION))
        .getPoint();
    // Brent's method looks inside the interval: an optimum on an edge is taken there.
    double[] candidates = {0, best, MAX_SHOCK_CORRELATION};
    double rho = 0;
    double least = Double.MAX_VALUE;
    for (double c : candidates) {
      double e = sse.value(c);
      if (e < least - 1e-15) {
        least = e;
        rho = c;
      }
    }
    return rho;
  }

  /**
   * Per GP: the precision-weighted mean of his log ratios (weights 1/(σ²·f(S, ρ) + κ·v_s)) and
   * the normal posterior of his persistent log ratio m_i given the prior N(mu, τ²): variance
   * τ²/(1 + τ²·Σw), mean (mu + τ²·Σw·y)/(1 + τ²·Σw). The persistent ratio is exp(m_i + σ²/2):
   * the ratio he shows on average over semesters once the noise is gone (a semester's shock is
   * lognormal around his practice), the scale of the campaign's threshold. Its 95 % interval
   * and the posterior probability that it is at or above the threshold come from the same
   * normal posterior.
   */
  public static Dataset<Row> posterior(Dataset<Row> logRatios, Moments m, Params p) {
    return posterior(gpSums(logRatios, m, p.noise()), m, null, p);
  }

  /**
   * Per GP, from his semesters: their count and labels, his dispersion figures, his days, and
   * the sums Σw ({@link PersistentMixture#SUM_W}) and Σw·y ({@link PersistentMixture#SUM_WY})
   * with w = 1/(σ²·f(S, ρ) + κ·v_s), S his semesters.
   */
  public static Dataset<Row> gpSums(Dataset<Row> logRatios, Moments m) {
    return gpSums(logRatios, m, PersistentNoise.SEMESTERS);
  }

  /**
   * The same; under WINDOW noise his weighted mean is taken with those weights (ρ = 0), and its
   * precision is that of his mean over the window: Σw = 1/(σ²/S + V), V from {@link
   * #withWindowNoise}, rather than the sum of the semesters' weights, whose noise ignores what
   * a stop straddling semesters puts in several of them.
   */
  public static Dataset<Row> gpSums(Dataset<Row> logRatios, Moments m, PersistentNoise noise) {
    boolean window = noise == PersistentNoise.WINDOW;
    // With correlated shocks each semester's shock counts σ²·f(S, ρ): Σw is then the precision
    // of his mean over S consecutive semesters.
    Column semesters = count(lit(1)).over(Window.partitionBy(Profile.PHYSICIAN_ID));
    Column w = lit(1).divide(lit(m.sigma2()).multiply(
            meanShockFactor(semesters, m.shockCorrelation()))
        .plus(col(NOISE_VARIANCE).multiply(m.noiseScale())));
    // Under a credible stop length the estimate reads the view's days; the table keeps his own.
    boolean credible = Arrays.asList(logRatios.columns()).contains(StopLength.ACTUAL_OBSERVED_DAYS);
    Dataset<Row> sums = logRatios.withColumn("_w", w).groupBy(Profile.PHYSICIAN_ID).agg(
        count(lit(1)).as(Persistent.SEMESTERS),
        array_join(array_sort(collect_list(Profile.PERIOD)), ",").as(Persistent.PERIODS),
        org.apache.spark.sql.functions.first(Persistent.STOPS).as(Persistent.STOPS),
        org.apache.spark.sql.functions.first(Persistent.OWN_STOP_DISPERSION)
            .as(Persistent.OWN_STOP_DISPERSION),
        org.apache.spark.sql.functions.first(Persistent.TERRITORY_STOP_DISPERSION)
            .as(Persistent.TERRITORY_STOP_DISPERSION),
        org.apache.spark.sql.functions.first(Persistent.STOP_DISPERSION)
            .as(Persistent.STOP_DISPERSION),
        sum(credible ? StopLength.ACTUAL_OBSERVED_DAYS : Expected.OBSERVED_DAYS)
            .as(Persistent.OBSERVED_DAYS),
        sum(Expected.EXPECTED_DAYS).as(Persistent.EXPECTED_DAYS),
        sum(Persistent.FITTED_EXPECTED_DAYS).as(Persistent.FITTED_EXPECTED_DAYS),
        sum(Persistent.DAYS_AS_SUBSTITUTE).as(Persistent.DAYS_AS_SUBSTITUTE),
        sum("_w").as(PersistentMixture.SUM_W),
        sum(col("_w").multiply(col(LOG_RATIO))).as(PersistentMixture.SUM_WY),
        (window ? org.apache.spark.sql.functions.first(Persistent.WINDOW_STOP_DISPERSION)
            : lit(null).cast("double")).as(Persistent.WINDOW_STOP_DISPERSION),
        (window ? org.apache.spark.sql.functions.first(WINDOW_NOISE_VARIANCE)
            : lit(null).cast("double")).as(WINDOW_NOISE_VARIANCE),
        (credible ? org.apache.spark.sql.functions.first(Persistent.STOP_LENGTH_RATIO)
            : lit(null).cast("double")).as(Persistent.STOP_LENGTH_RATIO),
        (credible ? org.apache.spark.sql.functions.first(Persistent.CREDIBLE_STOP_LENGTH_RATIO)
            : lit(null).cast("double")).as(Persistent.CREDIBLE_STOP_LENGTH_RATIO));
    if (!window) {
      return sums.drop(WINDOW_NOISE_VARIANCE);
    }
    Column precision = lit(1).divide(lit(m.sigma2()).divide(col(Persistent.SEMESTERS))
        .plus(col(WINDOW_NOISE_VARIANCE)));
    return sums
        .withColumn(PersistentMixture.SUM_WY, col(PersistentMixture.SUM_WY)
            .divide(col(PersistentMixture.SUM_W)).multiply(precision))
        .withColumn(PersistentMixture.SUM_W, precision)
        .drop(WINDOW_NOISE_VARIANCE);
  }

  /**
   * The posterior per GP from {@link #gpSums}: under the normal prior (mixture null) as above;
   * under a two-component mixture prior, the posterior of m_i is itself a mixture of the two
   * components' normal posteriors (each the normal formula with that component's mean and
   * variance), weighted by his posterior probability of each component, ∝ π_k·N(ŷ_i; μ_k, τ²_k +
   * 1/Σw). Then the persistent log ratio is the mixture's mean + σ²/2 (the ratio exp of it, the
   * convention of the normal prior: the posterior mean on the log scale, taken to the ratio
   * scale), its sd the mixture's, the probability at the threshold the weighted sum of the
   * components' probabilities, and the 95 % interval the mixture's 2.5 % and 97.5 % quantiles,
   * found by 60 bisection steps on its distribution function inside one Spark expression.
   */
  public static Dataset<Row> posterior(Dataset<Row> gp, Moments m,
      PersistentMixture.Mixture mix, Params p) {
    Column a = col(PersistentMixture.SUM_W);
    Column b = col(PersistentMixture.SUM_WY);
    Column logThreshold = lit(Math.log(p.ratioThreshold()));
    Dataset<Row> out;
    if (mix == null) {
      Column tau2 = lit(m.tau2());
      Column denominator = lit(1).plus(tau2.multiply(a));
      Column logRatio = lit(m.mu()).plus(tau2.multiply(b)).divide(denominator)
          .plus(m.sigma2() / 2);
      Column sd = sqrt(tau2.divide(denominator));
      out = gp.withColumn(Persistent.PERSISTENT_LOG_RATIO, logRatio)
          .withColumn(Persistent.PERSISTENT_LOG_RATIO_SD, sd)
          .withColumn(Persistent.PERSISTENT_RATIO_LOW95, exp(col(Persistent.PERSISTENT_LOG_RATIO)
              .minus(col(Persistent.PERSISTENT_LOG_RATIO_SD).multiply(Z_95))))
          .withColumn(Persistent.PERSISTENT_RATIO_HIGH95, exp(col(Persistent.PERSISTENT_LOG_RATIO)
              .plus(col(Persistent.PERSISTENT_LOG_RATIO_SD).multiply(Z_95))))
          // With τ² = 0 every GP sits at the mean with certainty: the probability is 0 or 1.
          .withColumn(Persistent.PROBABILITY_AT_THRESHOLD,
              when(col(Persistent.PERSISTENT_LOG_RATIO_SD).gt(0),
                  normalCdf(col(Persistent.PERSISTENT_LOG_RATIO).minus(logThreshold)
                      .divide(col(Persistent.PERSISTENT_LOG_RATIO_SD))))
              .otherwise(when(col(Persistent.PERSISTENT_LOG_RATIO).geq(logThreshold), 1.0)
                  .otherwise(0.0)))
          .withColumn(Persistent.POSTERIOR_WEIGHT_HIGH, lit(null).cast("double"))
          .withColumn(Persistent.PERSISTENT_PRIOR, lit(PersistentPrior.NORMAL.name()))
          .withColumn(Persistent.MIXTURE_WEIGHT_HIGH, lit(null).cast("double"))
          .withColumn(Persistent.MIXTURE_MEAN_LOW, lit(null).cast("double"))
          .withColumn(Persistent.MIXTURE_TAU2_LOW, lit(null).cast("double"))
          .withColumn(Persistent.MIXTURE_MEAN_HIGH, lit(null).cast("double"))
          .withColumn(Persistent.MIXTURE_TAU2_HIGH, lit(null).cast("double"));
    } else {
      out = mixturePosterior(gp, m, mix, logThreshold);
    }
    out = out
        .withColumn(Persistent.CAMPAIGN, lit(p.campaign()))
        .withColumn(Persistent.LAST_PERIOD, lit(p.lastPeriod()))
        .withColumn(Persistent.POOLED_RATIO, col(Persistent.OBSERVED_DAYS)
            .divide(col(Persistent.EXPECTED_DAYS)))
        .withColumn(Persistent.WEIGHTED_LOG_RATIO, b.divide(a))
        .withColumn(Persistent.WEIGHTED_LOG_RATIO_SE, lit(1).divide(sqrt(a)))
        .withColumn(Persistent.PERSISTENT_RATIO, exp(col(Persistent.PERSISTENT_LOG_RATIO)))
        .withColumn(Persistent.RATIO_THRESHOLD, lit(p.ratioThreshold()))
        .withColumn(Persistent.MEAN_LOG_RATIO, lit(m.mu()))
        .withColumn(Persistent.TAU2_PERSISTENT, lit(m.tau2()))
        .withColumn(Persistent.SIGMA2_SEMESTER, lit(m.sigma2()))
        .withColumn(Persistent.NOISE_SCALE, lit(m.noiseScale()))
        .withColumn(Persistent.SHOCK_CORRELATION, lit(m.shockCorrelation()))
        .withColumn(Persistent.MOMENT_GPS, lit(m.gps()))
        .withColumn(Persistent.LEAVE_SELF_OUT, lit(p.leaveSelfOut()))
        .withColumn(Persistent.EXCLUDE_SUBSTITUTE_DAYS, lit(p.excludeSubstituteDays()))
        .withColumn(Persistent.PERSISTENT_NOISE, lit(p.noise().name()))
        .withColumn(Persistent.STOP_LENGTH, lit(p.stopLength().name()));
    // Sums of GPs made without the length columns (their own stops' length) have none.
    for (String c : List.of(Persistent.STOP_LENGTH_RATIO, Persistent.CREDIBLE_STOP_LENGTH_RATIO)) {
      if (!Arrays.asList(out.columns()).contains(c)) {
        out = out.withColumn(c, lit(null).cast("double"));
      }
    }
    return out.select(Arrays.stream(Persistent.SCHEMA.fields())
        .map(f -> col(f.name()).cast(f.dataType()).as(f.name())).toArray(Column[]::new));
  }

  /** Bisection steps for the mixture's quantiles: the bracket shrinks by 2^60. */
  static final int QUANTILE_STEPS = 60;

  private static Dataset<Row> mixturePosterior(Dataset<Row> gp, Moments m,
      PersistentMixture.Mixture mix, Column logThreshold) {
    Column a = col(PersistentMixture.SUM_W);
    Column b = col(PersistentMixture.SUM_WY);
    Column y = b.divide(a);
    Column s2 = lit(1).divide(a);
    double[] w = {1 - mix.weightHigh(), mix.weightHigh()};
    double[] mu = {mix.meanLow(), mix.meanHigh()};
    double[] tau2 = {mix.tau2Low(), mix.tau2High()};
    Dataset<Row> out = gp;
    for (int k = 0; k < 2; k++) {
      Column den = lit(1).plus(a.multiply(tau2[k]));
      // Component k's posterior of m_i, shifted by σ²/2 to the persistent log ratio's scale.
      out = out.withColumn("_c" + k, lit(mu[k]).plus(b.multiply(tau2[k])).divide(den)
              .plus(m.sigma2() / 2))
          .withColumn("_s" + k, sqrt(lit(tau2[k]).divide(den)))
          .withColumn("_l" + k, PersistentMixture.logDensity(y, s2, w[k], mu[k], tau2[k]));
    }
    Column c0 = col("_c0");
    Column c1 = col("_c1");
    Column s0 = col("_s0");
    Column s1 = col("_s1");
    Column p1 = col(Persistent.POSTERIOR_WEIGHT_HIGH);
    Column p0 = lit(1).minus(p1);
    Column mean = p0.multiply(c0).plus(p1.multiply(c1));
    out = out.withColumn(Persistent.POSTERIOR_WEIGHT_HIGH,
            lit(1).divide(lit(1).plus(exp(col("_l0").minus(col("_l1"))))))
        .withColumn(Persistent.PERSISTENT_LOG_RATIO, mean)
        .withColumn(Persistent.PERSISTENT_LOG_RATIO_SD, sqrt(greatest(lit(0.0),
            p0.multiply(pow(s0, 2).plus(pow(c0, 2))).plus(p1.multiply(pow(s1, 2)
                .plus(pow(c1, 2)))).minus(pow(col(Persistent.PERSISTENT_LOG_RATIO), 2)))))
        .withColumn(Persistent.PROBABILITY_AT_THRESHOLD,
            p0.multiply(normalCdf(c0.minus(logThreshold).divide(s0)))
                .plus(p1.multiply(normalCdf(c1.minus(logThreshold).divide(s1)))))
        .withColumn("_lo", least(c0.minus(s0.multiply(8)), c1.minus(s1.multiply(8))))
        .withColumn("_hi", greatest(c0.plus(s0.multiply(8)), c1.plus(s1.multiply(8))))
        .withColumn(Persistent.PERSISTENT_RATIO_LOW95,
            exp(mixtureQuantile(0.025, p1, c0, s0, c1, s1)))
        .withColumn(Persistent.PERSISTENT_RATIO_HIGH95,
            exp(mixtureQuantile(0.975, p1, c0, s0, c1, s1)))
        .withColumn(Persistent.PERSISTENT_PRIOR, lit(PersistentPrior.MIXTURE.name()))
        .withColumn(Persistent.MIXTURE_WEIGHT_HIGH, lit(mix.weightHigh()))
        .withColumn(Persistent.MIXTURE_MEAN_LOW, lit(mix.meanLow()))
        .withColumn(Persistent.MIXTURE_TAU2_LOW, lit(mix.tau2Low()))
        .withColumn(Persistent.MIXTURE_MEAN_HIGH, lit(mix.meanHigh()))
        .withColumn(Persistent.MIXTURE_TAU2_HIGH, lit(mix.tau2High()));
    return out;
  }

  /**
   * The q-quantile of the two-normal mixture (1 − p1)·N(c0, s0²) + p1·N(c1, s1²) as a column:
   * {@link #QUANTILE_STEPS} bisection steps on its distribution function from the bracket
   * [_lo, _hi] (8 sds beyond both components), as a Spark {@code aggregate} over a sequence, so
   * that the expression does not grow with the steps. No UDF.
   */
  static Column mixtureQuantile(double q, Column p1, Column c0, Column s0, Column c1,
      Column s1) {
    Column start = struct(col("_lo").as("lo"), col("_hi").as("hi"));
    return aggregate(sequence(lit(1), lit(QUANTILE_STEPS)), start, (acc, i) -> {
      Column mid = acc.getField("lo").plus(acc.getField("hi")).divide(2);
      Column cdf = lit(1).minus(p1).multiply(normalCdf(mid.minus(c0).divide(s0)))
          .plus(p1.multiply(normalCdf(mid.minus(c1).divide(s1))));
      return when(cdf.lt(q), struct(mid.as("lo"), acc.getField("hi").as("hi")))
          .otherwise(struct(acc.getField("lo").as("lo"), mid.as("hi")));
    }, acc -> acc.getField("lo").plus(acc.getField("hi")).divide(2));
  }

  /**
   * The standard normal distribution function as a Spark expression (no UDF): Abramowitz and
   * Stegun 7.1.26 for erf, absolute error under 1.5e-7, far below what a probability threshold
   * distinguishes.
   */
  public static Column normalCdf(Column x) {
    Column z = abs(x).divide(Math.sqrt(2));
    Column t = lit(1).divide(lit(1).plus(z.multiply(0.3275911)));
    Column poly = lit(1.061405429).multiply(t).plus(-1.453152027).multiply(t).plus(1.421413741)
        .multiply(t).plus(-0.284496736).multiply(t).plus(0.254829592).multiply(t);
    Column erf = lit(1).minus(poly.multiply(exp(z.multiply(z).multiply(-1))));
    return lit(0.5).multiply(lit(1).plus(signum(x).multiply(erf)));
  }

  /** The schema's field names, for callers that select the published columns. */
  public static String[] columns() {
    return Arrays.stream(Persistent.SCHEMA.fields()).map(StructField::name)
        .toArray(String[]::new);
  }
}
