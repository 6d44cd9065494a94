package org.ijcampaign.evaluation;

import java.util.List;
import java.util.Map;

/**
 * The arithmetic of the headline estimate (docs/evaluation.md), on the few figures that reach
 * the driver. A GP's days of a semester are split by the age of their stop: lag 0 for the days
 * of stops started in that semester, lag 1 for stops started the semester before, and so on.
 * For each lag the campaign could have touched, a treated GP's counterfactual days at the
 * follow-up are his rate of days of that lag over the baseline semesters, moved like his
 * region's untreated GPs' rate of the same lag; the days of older stops, started before the
 * campaign, are added as paid (the interval stretches to the reading where the campaign
 * shortened them too). The effect is the log of the treated's actual days over their
 * counterfactual days. Its interval is a normal one on the log scale whose variance adds the
 * treated GPs' spread (each treated GP an independent draw: the jackknife) and the chance in
 * each region's growth of each lag (delta method). The evaluation study runs this same code on
 * simulated campaigns.
 */
public final class CleanDid {
  /** The key of the growth of every region's untreated GPs together. */
  public static final String ALL_STRATA = "*";
  private static final double Z95 = 1.959963984540054;

  private CleanDid() {}

  /**
   * One stratum's untreated GPs, per lag: their days of that lag and exposure pooled over the
   * lag's baseline semesters, their days of that lag at the follow-up, their follow-up
   * exposure, and the variance of the log of their growth (delta method).
   */
  public record Growth(String stratum, long controls, double[] baseDays, double[] baseExposure,
      double[] followDays, double followExposure, double[] varLog) {
    public double factor(int lag) {
      return (followDays[lag] / followExposure) / (baseDays[lag] / baseExposure[lag]);
    }

    public int lags() {
      return baseDays.length;
    }
  }

  /**
   * One treated GP: per lag, his days of that lag and exposure pooled over the lag's baseline
   * semesters; his actual days at the follow-up, those of them from stops started before the
   * campaign ({@code addBack}), and his follow-up exposure.
   */
  public record Treated(String stratum, double[] baseDays, double[] baseExposure,
      double followDays, double addBack, double followExposure) {}

  /** The estimate: log effect with its 95 % interval, and the savings in days with theirs. */
  public record Result(int treated, double actual, double counterfactual, double log, double lo,
      double hi, double savingsDays, double savingsLo, double savingsHi) {
    /** {@code true} when the 95 % interval of the log effect holds {@code value}. */
    public boolean covers(double value) {
      return lo <= value && value <= hi;
    }
  }

  /**
   * The estimate for the treated given, each moved by his own stratum's growth, or by {@link
   * #ALL_STRATA}'s when his stratum has none. Null without a treated GP or a counterfactual day.
   */
  public static Result estimate(List<Treated> treated, Map<String, Growth> growth) {
    int n = treated.size();
    if (n == 0) {
      return null;
    }
    double[] cf = new double[n];
    Growth[] used = new Growth[n];
    double[][] moved = new double[n][];
    double sa = 0;
    double sc = 0;
    for (int i = 0; i < n; i++) {
      Treated t = treated.get(i);
      Growth g = growth.getOrDefault(t.stratum(), growth.get(ALL_STRATA));
      if (g == null || g.lags() != t.baseDays().length) {
        return null;
      }
      used[i] = g;
      moved[i] = new double[g.lags()];
      cf[i] = t.addBack();
      for (int l = 0; l < g.lags(); l++) {
        if (!(g.baseDays()[l] > 0) || !(t.baseExposure()[l] > 0)) {
          return null;
        }
        moved[i][l] = t.baseDays()[l] / t.baseExposure()[l] * g.factor(l) * t.followExposure();
        cf[i] += moved[i][l];
      }
      sa += t.followDays();
      sc += cf[i];
    }
    if (!(sc > 0) || !(sa > 0)) {
      return null;
    }
    // Stops started before the campaign are counted as paid: the campaign acts on the stops a
    // GP prescribes from its start. It may have shortened older ones too (prolongations the GP
    // was asked to limit); then their counterfactual is their days undone by the effect found
    // on the stops it could reach, and the interval stretches to that reading as well.
    double older = 0;
    double reached = 0;
    for (int i = 0; i < n; i++) {
      older += treated.get(i).addBack();
      reached += treated.get(i).followDays() - treated.get(i).addBack();
    }
    double undo = older > 0 && reached > 0 && sc - older > 0 ? (sc - older) / reached : 1.0;
    double alternative = Math.log(sa / (sc + older * (undo - 1)));
    // The treated GPs' spread: the jackknife, each treated GP left out in turn. A few large
    // practices weigh much in a pooled ratio, and its linearisation understates their leverage.
    double v = 0;
    if (n > 1) {
      double[] loo = new double[n];
      double mean = 0;
      for (int i = 0; i < n; i++) {
        loo[i] = Math.log((sa - treated.get(i).followDays()) / (sc - cf[i]));
        mean += loo[i] / n;
      }
      for (int i = 0; i < n; i++) {
        v += (loo[i] - mean) * (loo[i] - mean);
      }
      v = Double.isFinite(v) ? v * (n - 1) / n : Double.POSITIVE_INFINITY;
    }
    // Each stratum's growth of a lag moves that lag of all its treated GPs together.
    Map<Growth, double[]> share = new java.util.IdentityHashMap<>();
    for (int i = 0; i < n; i++) {
      double[] s = share.computeIfAbsent(used[i], g -> new double[g.lags()]);
      for (int l = 0; l < s.length; l++) {
        s[l] += moved[i][l] / sc;
      }
    }
    for (Map.Entry<Growth, double[]> e : share.entrySet()) {
      for (int l = 0; l < e.getValue().length; l++) {
        v += e.getValue()[l] * e.getValue()[l] * e.getKey().varLog()[l];
      }
    }
    double log = Math.log(sa / sc);
    double half = Z95 * Math.sqrt(v);
    double lo = Math.min(log, alternative) - half;
    double hi = Math.max(log, alternative) + half;
    // The savings follow from the effect: counterfactual − actual = actual × (e^−effect − 1).
    return new Result(n, sa, sc, log, lo, hi, sc - sa, sa * (Math.exp(-hi) - 1),
        sa * (Math.exp(-lo) - 1));
  }

  /**
   * Whether a placebo shows a drift: its estimate departs from zero by more than {@code
   * tolerance} and its 99 % interval (from the 95 % one given) excludes zero.
   */
  public static boolean drifts(Result placebo, double tolerance) {
    if (placebo == null) {
      return false;
    }
    double half99 = (placebo.hi() - placebo.lo()) / 2 * 2.5758293035489 / Z95;
    return Math.abs(placebo.log()) > tolerance
        && (placebo.log() - half99 > 0 || placebo.log() + half99 < 0);
  }
}
