package org.ijcampaign.model;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.ijcampaign.io.Joins;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Persistent;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Territory;

/**
 * A GP's days as his number of stops times a credible length (docs/persistent.md, "His stops'
 * length, credible"). His days over the window are his stops times their mean length, and the
 * length carries most of the noise: a stop's days over the window vary about 2.3 times their
 * mean (a squared coefficient of variation of about 5 on the generator's zones), so a few long
 * stops move his days far more than his count of stops moves. Per GP, his own length
 * ratio {@code ℓ_i = (ΣO/ΣS) / (ΣE/ΣEs)}, his days per stop over the days per stop his
 * territories' GPs would have on his expected days ({@code Es = E / (territory's ΣO/ΣS)} in each
 * semester), has the noise variance {@code v_i = c_i / n_i} of a mean of n_i stops whose days
 * have the squared coefficient of variation c_i (his own over the window, pulled towards all
 * stops' with the weight of the dispersion's prior stops). Across GPs {@code log ℓ_i ~ N(μ, τ²)}
 * by the method of moments, and his credible log length ratio is the normal posterior mean
 * {@code λ_i = μ + B_i·(log ℓ_i − μ)}, {@code B_i = τ²/(τ² + v_i)}, with variance {@code B_i·v_i}.
 * Under the campaign's MIXTURE prior the lengths get the same two-normal mixture as the ratios
 * ({@link PersistentMixture}): a few GPs whose stops are truly longer keep their own mode instead
 * of being pulled to the mass of the others; λ_i is then the mixture posterior's mean.
 * The estimate then reads, in each semester, {@code O' = S · (territory's ΣO/ΣS) · e^λ_i}: the
 * days of his stops at the credible length, whose noise is that of a count of stops. Pure
 * Dataset -> Dataset functions; one aggregation's row to the driver.
 */
public final class StopLength {
  private StopLength() {}

  /** Per GP-semester row of the view: the days he was observed with, kept for the table. */
  public static final String ACTUAL_OBSERVED_DAYS = "_actual_observed_days";
  /** Per window row of the view: the variance of his credible log length ratio. */
  public static final String LENGTH_VARIANCE = "_length_variance";

  private static final String REFERENCE = "_reference_length";
  private static final String EXPECTED_STOPS = "_expected_stops";
  private static final String LOG_LENGTH = "_log_length_ratio";
  private static final String NOISE = "_length_noise";
  private static final String LAMBDA = "_credible_log_length";

  /**
   * The fit across GPs: mean μ and variance τ² of the log length ratios, the prior's c0, and
   * the mixture fit (null under the normal prior).
   */
  public record Moments(double mu, double tau2, double priorCv2, long gps,
      PersistentMixture.Fit mixture) {
    Moments(double mu, double tau2, double priorCv2, long gps) {
      this(mu, tau2, priorCv2, gps, null);
    }
  }

  /** The semester and window rows the estimate reads under CREDIBLE, and the fit. */
  public record View(Dataset<Row> semesterRows, Dataset<Row> window, Moments moments) {}

  /**
   * The view of {@code semesterRows} ({@link PersistentRatio#semesterRows}, with the territory)
   * and {@code window} ({@link PersistentRatio#windowRows}) at credible lengths: observed days,
   * Σd² and the territory's dispersion of each semester row are those of his stops at the
   * credible length (each stop {@code δ = territory's ΣO/ΣS · e^λ} days, so Σd²/Σd = δ), his
   * days kept in {@link #ACTUAL_OBSERVED_DAYS}; his window days are the view's days over the
   * semesters with each window stop of equal days, and {@link #LENGTH_VARIANCE} the variance of
   * his λ, which adds to the noise of his mean. The moments take the GPs with at least
   * {@code minExpected} expected days over the semesters; c0 pools every GP's window stops.
   */
  public static View credible(Dataset<Row> semesterRows, Dataset<Row> window, double priorStops,
      double minExpected) {
    return credible(semesterRows, window, priorStops, minExpected, false);
  }

  /**
   * The same; with {@code mixture} the lengths' prior is the two-normal mixture fitted by EM on
   * the GPs of the moments, the normal when the fit keeps no second component.
   */
  public static View credible(Dataset<Row> semesterRows, Dataset<Row> window, double priorStops,
      double minExpected, boolean mixture) {
    // Read three times (the lengths, the semesters' view, the window's): its territory window
    // is computed once.
    Dataset<Row> rows = withExpectedStops(semesterRows).localCheckpoint();
    Dataset<Row> own = ownLengths(rows, window);
    Row pooled = window.agg(sum(PersistentRatio.WINDOW_SQ), sum(PersistentRatio.WINDOW_STOPS),
        sum(PersistentRatio.WINDOW_DAYS)).head();
    double priorCv2 = pooled.isNullAt(0) || pooled.isNullAt(2) || pooled.getDouble(2) <= 0 ? 0
        : Math.max(0, pooled.getDouble(0) * pooled.getDouble(1)
            / (pooled.getDouble(2) * pooled.getDouble(2)) - 1);
    Dataset<Row> lengths = withNoise(own, priorCv2, priorStops).localCheckpoint();
    Moments m = moments(lengths, minExpected, priorCv2);
    if (mixture) {
      PersistentMixture.Fit fit = PersistentMixture.fit(lengths
          .where(col(LOG_LENGTH).isNotNull().and(col(NOISE).gt(0))
              .and(col("_e").geq(minExpected)))
          .select(lit(1).divide(col(NOISE)).as(PersistentMixture.SUM_W),
              col(LOG_LENGTH).divide(col(NOISE)).as(PersistentMixture.SUM_WY)),
          new PersistentRatio.Moments(m.mu(), m.tau2(), 0, 1, m.gps()));
      m = new Moments(m.mu(), m.tau2(), m.priorCv2(), m.gps(), fit);
    }
    Dataset<Row> gp = m.mixture() != null && m.mixture().kept()
        ? shrunk(lengths, m.mixture().mixture()) : shrunk(lengths, m);
    Dataset<Row> view = semesterView(rows, gp);
    return new View(view, windowView(view, window, gp), m);
  }

  /**
   * Adds each row's reference length (its territory's observed days over its stops in the
   * semester, every GP of the territory counted) and expected stops (expected days over it; 0
   * when the territory has no stop).
   */
  static Dataset<Row> withExpectedStops(Dataset<Row> semesterRows) {
    WindowSpec territory = Window.partitionBy(col(Expected.PERIOD), col(Territory.TERRITORY));
    Column reference = sum(Expected.OBSERVED_DAYS).over(territory)
        .divide(sum(Profile.STOPS).over(territory));
    return semesterRows.withColumn(REFERENCE, when(reference.gt(0), reference))
        .withColumn(EXPECTED_STOPS, coalesce(col(Expected.EXPECTED_DAYS).divide(col(REFERENCE)),
            lit(0.0)));
  }

  /**
   * Per GP: his expected days, his log length ratio over the semesters (null without a stop or
   * an expected stop) and his window's stops, days and Σd².
   */
  static Dataset<Row> ownLengths(Dataset<Row> rows, Dataset<Row> window) {
    Column o = col("_o");
    Column s = col("_s");
    Column length = o.divide(s).divide(col("_e").divide(col("_es")));
    return rows.groupBy(Profile.PHYSICIAN_ID).agg(sum(Expected.OBSERVED_DAYS).as("_o"),
            sum(Profile.STOPS).as("_s"), sum(Expected.EXPECTED_DAYS).as("_e"),
            sum(EXPECTED_STOPS).as("_es"))
        .withColumn(LOG_LENGTH, when(o.gt(0).and(s.gt(0)).and(col("_es").gt(0)), log(length)))
        .join(window, Joins.on(Profile.PHYSICIAN_ID), "left");
  }

  /**
   * Adds the noise variance of his log length ratio, {@code c_i / n}: n his window stops (his
   * semesters' when he has no window row), c_i = (n·own + n0·c0)/(n + n0) with own his window
   * stops' squared coefficient of variation Σd²·n/(Σd)² − 1.
   */
  static Dataset<Row> withNoise(Dataset<Row> own, double priorCv2, double priorStops) {
    Column n = coalesce(col(PersistentRatio.WINDOW_STOPS), col("_s"));
    Column wd = col(PersistentRatio.WINDOW_DAYS);
    Column ownCv2 = when(wd.gt(0).and(n.gt(0)), col(PersistentRatio.WINDOW_SQ).multiply(n)
        .divide(pow(wd, 2)).minus(1));
    Column cv2 = when(ownCv2.isNull(), lit(priorCv2))
        .otherwise(n.multiply(ownCv2).plus(lit(priorCv2 * priorStops))
            .divide(n.plus(priorStops)));
    return own.withColumn(NOISE, when(col(LOG_LENGTH).isNotNull().and(n.gt(0)),
        cv2.divide(n)));
  }

  /**
   * μ, the mean of the GPs' log length ratios, and τ², their sample variance less the mean of
   * their noise variances (floored at 0), over GPs with a ratio and {@code minExpected}
   * expected days.
   */
  static Moments moments(Dataset<Row> lengths, double minExpected, double priorCv2) {
    Column y = col(LOG_LENGTH);
    Row r = lengths.where(y.isNotNull().and(col(NOISE).isNotNull())
            .and(col("_e").geq(minExpected)))
        .agg(count(lit(1)), sum(y), sum(pow(y, 2)), avg(NOISE)).head();
    long gps = r.getLong(0);
    if (gps < 2) {
      return new Moments(0, 0, priorCv2, gps);
    }
    double mu = r.getDouble(1) / gps;
    double variance = (r.getDouble(2) - gps * mu * mu) / (gps - 1);
    return new Moments(mu, Math.max(0, variance - r.getDouble(3)), priorCv2, gps);
  }

  /** Per GP: λ, the variance of λ, and his own and credible length ratios. */
  static Dataset<Row> shrunk(Dataset<Row> lengths, Moments m) {
    Column y = col(LOG_LENGTH);
    Column v = col(NOISE);
    Column b = lit(m.tau2()).divide(lit(m.tau2()).plus(v));
    // Without a ratio of his own his length is the GPs': μ, with the prior's variance.
    Column known = y.isNotNull().and(v.isNotNull()).and(lit(m.tau2()).plus(v).gt(0));
    return lengths.select(col(Profile.PHYSICIAN_ID),
        when(known, lit(m.mu()).plus(b.multiply(y.minus(m.mu())))).otherwise(lit(m.mu()))
            .as(LAMBDA),
        when(known, b.multiply(v)).otherwise(lit(m.tau2())).as(LENGTH_VARIANCE),
        exp(y).as(Persistent.STOP_LENGTH_RATIO));
  }

  /**
   * Per GP under the mixture: his posterior is the two components' normal posteriors weighted
   * by his probability of each, ∝ π_k·N(log ℓ_i; μ_k, τ²_k + v_i); λ its mean, the variance its
   * own. Without a ratio of his own: the mixture's mean and variance.
   */
  static Dataset<Row> shrunk(Dataset<Row> lengths, PersistentMixture.Mixture mix) {
    Column y = col(LOG_LENGTH);
    Column v = col(NOISE);
    double[] w = {1 - mix.weightHigh(), mix.weightHigh()};
    double[] mean = {mix.meanLow(), mix.meanHigh()};
    double[] var = {mix.tau2Low(), mix.tau2High()};
    Column[] c = new Column[2];
    Column[] s2 = new Column[2];
    Column[] l = new Column[2];
    for (int k = 0; k < 2; k++) {
      Column b = lit(var[k]).divide(lit(var[k]).plus(v));
      c[k] = lit(mean[k]).plus(b.multiply(y.minus(mean[k])));
      s2[k] = b.multiply(v);
      l[k] = PersistentMixture.logDensity(y, v, w[k], mean[k], var[k]);
    }
    Column p1 = lit(1).divide(lit(1).plus(exp(l[0].minus(l[1]))));
    Column p0 = lit(1).minus(p1);
    Column lambda = p0.multiply(c[0]).plus(p1.multiply(c[1]));
    Column second = p0.multiply(s2[0].plus(pow(c[0], 2))).plus(p1.multiply(s2[1]
        .plus(pow(c[1], 2))));
    double priorMean = w[0] * mean[0] + w[1] * mean[1];
    double priorVar = w[0] * (var[0] + mean[0] * mean[0]) + w[1] * (var[1] + mean[1] * mean[1])
        - priorMean * priorMean;
    Column known = y.isNotNull().and(v.isNotNull()).and(v.gt(0));
    return lengths.select(col(Profile.PHYSICIAN_ID),
        when(known, lambda).otherwise(lit(priorMean)).as(LAMBDA),
        when(known, org.apache.spark.sql.functions.greatest(lit(0.0),
            second.minus(pow(lambda, 2)))).otherwise(lit(priorVar)).as(LENGTH_VARIANCE),
        exp(y).as(Persistent.STOP_LENGTH_RATIO));
  }

  /** The semester rows at his credible length; his actual days in {@link #ACTUAL_OBSERVED_DAYS}. */
  static Dataset<Row> semesterView(Dataset<Row> rows, Dataset<Row> gp) {
    Column delta = col(REFERENCE).multiply(exp(col(LAMBDA)));
    Column days = col(Profile.STOPS).multiply(delta);
    return rows.join(gp.drop(LENGTH_VARIANCE), Joins.on(Profile.PHYSICIAN_ID))
        .withColumn(ACTUAL_OBSERVED_DAYS, col(Expected.OBSERVED_DAYS))
        // A territory without a stop in the semester: he has none either, his days stay.
        .withColumn(Expected.OBSERVED_DAYS, when(col(REFERENCE).isNotNull(), days)
            .otherwise(col(Expected.OBSERVED_DAYS)))
        .withColumn(Profile.STOP_DAYS_SQ_SUM, when(col(REFERENCE).isNotNull(),
            days.multiply(delta)).otherwise(col(Profile.STOP_DAYS_SQ_SUM)))
        .withColumn(Expected.STOP_DISPERSION, when(col(REFERENCE).isNotNull(), delta)
            .otherwise(col(Expected.STOP_DISPERSION)))
        .withColumn(Persistent.CREDIBLE_STOP_LENGTH_RATIO, exp(col(LAMBDA)))
        .drop(REFERENCE, EXPECTED_STOPS, LAMBDA);
  }

  /**
   * The window rows at his credible length: his days the view's ({@link #semesterView}) summed
   * over his semesters, his window stops as they are, each of equal days (Σd² = days²/n), so
   * that the noise of his days is that of his count of stops; and {@link #LENGTH_VARIANCE}. One
   * row per GP of the semesters.
   */
  static Dataset<Row> windowView(Dataset<Row> view, Dataset<Row> window, Dataset<Row> gp) {
    Dataset<Row> days = view.groupBy(Profile.PHYSICIAN_ID)
        .agg(sum(Expected.OBSERVED_DAYS).as("_view_days"));
    Column n = col(PersistentRatio.WINDOW_STOPS);
    Column d = col("_view_days");
    // Every GP of the semesters has a row: one without a window row carries his length's variance.
    return gp.select(Profile.PHYSICIAN_ID, LENGTH_VARIANCE)
        .join(days, Joins.on(Profile.PHYSICIAN_ID), "left")
        .join(window, Joins.on(Profile.PHYSICIAN_ID), "left")
        .select(col(Profile.PHYSICIAN_ID), coalesce(d, lit(0.0)).as(PersistentRatio.WINDOW_DAYS),
            n.as(PersistentRatio.WINDOW_STOPS),
            when(n.gt(0), pow(coalesce(d, lit(0.0)), 2).divide(n)).otherwise(lit(0.0))
                .as(PersistentRatio.WINDOW_SQ),
            col(LENGTH_VARIANCE));
  }
}
