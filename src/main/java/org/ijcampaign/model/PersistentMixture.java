package org.ijcampaign.model;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * A two-component normal mixture prior for the persistent log ratio, fitted by empirical Bayes
 * (docs/persistent.md, "The mixture prior"). Each GP is summarised by his precision-weighted
 * mean log ratio ŷ_i = Σw·y / Σw and its known noise variance s_i² = 1/Σw; the model is
 *
 * <pre>  m_i ~ π_low·N(μ_low, τ²_low) + π_high·N(μ_high, τ²_high),   ŷ_i | m_i ~ N(m_i, s_i²)
 * </pre>
 *
 * (heteroscedastic deconvolution), fitted by EM with m_i and the component as latent data: the
 * E-step gives each GP his responsibilities r_ik ∝ π_k·N(ŷ_i; μ_k, τ²_k + s_i²) and, within a
 * component, the normal posterior of m_i (mean b_ik, variance V_ik); the M-step sets π_k = mean
 * r_ik, μ_k = Σ r·b / Σ r, τ²_k = Σ r·((b − μ_k)² + V) / Σ r. Each iteration is one Spark
 * aggregation over the GP rows (one row to the driver); no GP row leaves the executors.
 *
 * <p>Guard rails, any of which keeps the single normal of the method of moments (the NORMAL
 * prior): a component weighing under {@link #MIN_WEIGHT}; two components indistinguishable
 * (means closer than a tenth of the smaller sd and variances within 20 %); a log-likelihood gain
 * over the best single normal (fitted by the same EM) not above the BIC's penalty for the three
 * extra parameters, 1.5·ln(n).
 */
public final class PersistentMixture {
  /** The smallest weight a component may have for the mixture to be kept. */
  public static final double MIN_WEIGHT = 0.005;
  /** A component's variance is floored here (a log ratio sd of 0.01): EM must not collapse. */
  static final double MIN_TAU2 = 1e-4;
  static final int MAX_ITERATIONS = 300;
  /**
   * EM stops when the log-likelihood gains less than this per GP in an iteration (1e-3 over
   * 1,000 GPs: far below the BIC's penalty, which the guard rails compare the gain with).
   */
  static final double TOLERANCE_PER_GP = 1e-6;
  /** Deterministic start of the high component: its weight, its distance in sds of the bulk. */
  static final double START_WEIGHT = 0.05;
  static final double START_SDS = 2.0;

  /** Per GP columns the fit reads: Σw and Σw·y over his semesters. */
  public static final String SUM_W = "_a";
  public static final String SUM_WY = "_b";

  private PersistentMixture() {}

  /** The fitted mixture: weight of the high component, each component's mean and variance. */
  public record Mixture(double weightHigh, double meanLow, double tau2Low, double meanHigh,
      double tau2High) {}

  /**
   * The outcome: the mixture when kept, else null with the reason; the iterations EM took and
   * the log-likelihoods of the single normal and of the mixture (at their EM optimum).
   */
  public record Fit(Mixture mixture, String note, int iterations, double logLikNormal,
      double logLikMixture, long gps) {
    public boolean kept() {
      return mixture != null;
    }
  }

  /** One step's sums for K components, and the log-likelihood at the step's parameters. */
  private record Step(double[] w, double[] mu, double[] tau2, double logLik, int iterations) {}

  /**
   * Fits the mixture on per-GP rows holding {@link #SUM_W} and {@link #SUM_WY}, starting
   * deterministically from the method of moments' {@code m}: the single normal from (mu, τ²),
   * the mixture's low component from the single normal's EM optimum and a high one of weight
   * 0.05 two sds above it with a quarter of its variance.
   */
  public static Fit fit(Dataset<Row> gpSums, PersistentRatio.Moments m) {
    Dataset<Row> d = gpSums.where(col(SUM_W).gt(0))
        .select(col(SUM_WY).divide(col(SUM_W)).as("_y"), lit(1).divide(col(SUM_W)).as("_s2"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long n = d.count();
      if (n < 3) {
        return new Fit(null, "fewer than 3 GPs", 0, Double.NaN, Double.NaN, n);
      }
      double tau2 = Math.max(m.tau2(), MIN_TAU2);
      Step one = em(d, n, new double[] {1}, new double[] {m.mu()}, new double[] {tau2});
      int it1 = one.iterations();
      double t1 = one.tau2()[0];
      Step two = em(d, n, new double[] {1 - START_WEIGHT, START_WEIGHT},
          new double[] {one.mu()[0], one.mu()[0] + START_SDS * Math.sqrt(t1)},
          new double[] {t1, t1 / 4});
      int it = two.iterations();
      int lo = two.mu()[0] <= two.mu()[1] ? 0 : 1;
      int hi = 1 - lo;
      Mixture mix = new Mixture(two.w()[hi], two.mu()[lo], two.tau2()[lo], two.mu()[hi],
          two.tau2()[hi]);
      String why = null;
      double gain = two.logLik() - one.logLik();
      double sdMin = Math.sqrt(Math.min(mix.tau2Low(), mix.tau2High()));
      if (Math.min(mix.weightHigh(), 1 - mix.weightHigh()) < MIN_WEIGHT) {
        why = String.format("a component weighs %.4f < %.3f", Math.min(mix.weightHigh(),
            1 - mix.weightHigh()), MIN_WEIGHT);
      } else if (Math.abs(mix.meanHigh() - mix.meanLow()) < 0.1 * sdMin
          && Math.max(mix.tau2Low(), mix.tau2High())
              < 1.2 * Math.min(mix.tau2Low(), mix.tau2High())) {
        why = "the two components are indistinguishable";
      } else if (gain <= 1.5 * Math.log(n)) {
        why = String.format("log-likelihood gain %.2f not above the BIC penalty %.2f", gain,
            1.5 * Math.log(n));
      }
      String note = String.format("EM %d + %d iterations, log-likelihood %.3f (normal) / %.3f "
          + "(mixture)", it1, it, one.logLik(), two.logLik());
      return why == null ? new Fit(mix, note, it, one.logLik(), two.logLik(), n)
          : new Fit(null, why + "; " + note, it, one.logLik(), two.logLik(), n);
    } finally {
      d.unpersist();
    }
  }

  /** EM from the given start to convergence; the returned step holds the last parameters. */
  private static Step em(Dataset<Row> d, long n, double[] w, double[] mu, double[] tau2) {
    double prev = Double.NEGATIVE_INFINITY;
    Step s = new Step(w, mu, tau2, prev, 0);
    int i = 0;
    while (i < MAX_ITERATIONS) {
      i++;
      Step next = step(d, s.w(), s.mu(), s.tau2());
      // next.logLik is the likelihood at s's parameters (the E-step's): EM never lowers it.
      boolean done = next.logLik() - prev < TOLERANCE_PER_GP * n;
      prev = next.logLik();
      s = new Step(next.w(), next.mu(), next.tau2(), next.logLik(), i);
      if (done) {
        break;
      }
    }
    // The log-likelihood at the final parameters.
    return new Step(s.w(), s.mu(), s.tau2(), step(d, s.w(), s.mu(), s.tau2()).logLik(), i);
  }

  /**
   * Log of π_k·N(y; μ_k, τ²_k + s²) as a column: the marginal density of a GP's weighted mean
   * under component k.
   */
  static Column logDensity(Column y, Column s2, double w, double mu, double tau2) {
    Column t = s2.plus(tau2);
    return lit(Math.log(Math.max(w, 1e-300))).minus(log(t.multiply(2 * Math.PI)).divide(2))
        .minus(pow(y.minus(mu), 2).divide(t.multiply(2)));
  }

  /** One E-step and M-step as a single aggregation. */
  private static Step step(Dataset<Row> d, double[] w, double[] mu, double[] tau2) {
    int k = w.length;
    Column y = col("_y");
    Column s2 = col("_s2");
    Column[] l = new Column[k];
    for (int j = 0; j < k; j++) {
      l[j] = logDensity(y, s2, w[j], mu[j], tau2[j]);
    }
    Column logLik;
    Column[] r = new Column[k];
    if (k == 1) {
      logLik = l[0];
      r[0] = lit(1.0);
    } else {
      Column diff = l[1].minus(l[0]);
      logLik = greatest(l[0], l[1]).plus(log1p(exp(abs(diff).multiply(-1))));
      r[1] = lit(1).divide(lit(1).plus(exp(diff.multiply(-1))));
      r[0] = lit(1).minus(r[1]);
    }
    Column[] aggs = new Column[3 * k + 2];
    for (int j = 0; j < k; j++) {
      // Within component j: m | ŷ ~ N(b, V), b = (μ·s² + τ²·ŷ)/(τ² + s²), V = τ²·s²/(τ² + s²).
      Column t = s2.plus(tau2[j]);
      Column b = s2.multiply(mu[j]).plus(y.multiply(tau2[j])).divide(t);
      Column v = s2.multiply(tau2[j]).divide(t);
      aggs[3 * j] = sum(r[j]).as("_r" + j);
      aggs[3 * j + 1] = sum(r[j].multiply(b)).as("_rb" + j);
      aggs[3 * j + 2] = sum(r[j].multiply(pow(b, 2).plus(v))).as("_rbb" + j);
    }
    aggs[3 * k] = sum(logLik).as("_ll");
    aggs[3 * k + 1] = count(lit(1)).as("_n");
    Row row = d.agg(aggs[0], java.util.Arrays.copyOfRange(aggs, 1, aggs.length)).head();
    long n = row.getAs("_n");
    double[] w2 = new double[k];
    double[] mu2 = new double[k];
    double[] tau22 = new double[k];
    for (int j = 0; j < k; j++) {
      double rj = row.getAs("_r" + j);
      if (rj <= 0) {
        // An empty component stays where it is, with no weight: the guard rails drop it.
        w2[j] = 0;
        mu2[j] = mu[j];
        tau22[j] = tau2[j];
        continue;
      }
      w2[j] = rj / n;
      mu2[j] = row.<Double>getAs("_rb" + j) / rj;
      tau22[j] = Math.max(MIN_TAU2, row.<Double>getAs("_rbb" + j) / rj - mu2[j] * mu2[j]);
    }
    return new Step(w2, mu2, tau22, row.getAs("_ll"), 0);
  }
}
