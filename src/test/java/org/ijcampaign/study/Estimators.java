package org.ijcampaign.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ijcampaign.evaluation.CleanDid;

/**
 * The campaign-effect estimators the study compares, on a {@link GpPanel} in memory. Each
 * returns the log effect on the treated's follow-up days, its 95 % interval, and the savings in
 * days with their interval. The roles of the semesters are given: the selection semester, the
 * follow-up, and the pre-treatment semesters (before the campaign's start).
 */
final class Estimators {
  private Estimators() {}

  /** An estimate; {@code estimable} false when the data cannot support one. */
  record Estimate(double log, double lo, double hi, double savings, double savingsLo,
      double savingsHi, boolean estimable, double placebo, double placeboLo,
      double placeboHi) {
    static Estimate none() {
      return new Estimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, false, Double.NaN, Double.NaN, Double.NaN);
    }
  }

  /** The treated's actual and counterfactual follow-up days, with the interval's variance. */
  static Estimate fromCounterfactual(double[] actual, double[] cf, double extraVariance) {
    int n = actual.length;
    double sa = 0;
    double sc = 0;
    for (int i = 0; i < n; i++) {
      sa += actual[i];
      sc += cf[i];
    }
    double v = 0;
    for (int i = 0; i < n; i++) {
      double psi = actual[i] / sa - cf[i] / sc;
      v += psi * psi;
    }
    v = v * n / Math.max(1, n - 1) + extraVariance;
    double theta = Math.log(sa / sc);
    double half = 1.959964 * Math.sqrt(v);
    return new Estimate(theta, theta - half, theta + half, sc - sa,
        sa * (Math.exp(-(theta + half)) - 1), sa * (Math.exp(-(theta - half)) - 1), n >= 1,
        Double.NaN, Double.NaN, Double.NaN);
  }

  /** Published comparison: the treated's pooled change against all other GPs'. */
  static Estimate naive(GpPanel p, int base, int follow) {
    double[] c = new double[4];
    List<double[]> treated = new ArrayList<>();
    for (int i = 0; i < p.size(); i++) {
      if (!p.profiled(i, base) || !p.profiled(i, follow)) {
        continue;
      }
      if (p.treated[i]) {
        treated.add(new double[] {p.days[i][base], p.exposure[i][base], p.days[i][follow],
            p.exposure[i][follow]});
      } else {
        c[0] += p.days[i][base];
        c[1] += p.exposure[i][base];
        c[2] += p.days[i][follow];
        c[3] += p.exposure[i][follow];
      }
    }
    double growth = (c[2] / c[3]) / (c[0] / c[1]);
    double[] a = new double[treated.size()];
    double[] cf = new double[treated.size()];
    for (int k = 0; k < a.length; k++) {
      double[] t = treated.get(k);
      a[k] = t[2];
      cf[k] = t[0] / t[1] * growth * t[3];
    }
    return fromCounterfactual(a, cf, 0);
  }

  /** A GP's days of a semester as a DiD counts them, by lag (one lag for the plain ones). */
  interface Measure {
    double days(GpPanel p, int i, int t, int lag);
  }

  /** Plain difference in differences from a pooled baseline, against the stratum's controls. */
  static Estimate baselineDid(GpPanel p, int[] baseline, int follow) {
    return did(p, List.of(baseline), follow, (q, i, t, l) -> q.days[i][t], false);
  }

  /**
   * The same, leaving out of every figure the days of stops that ran during the selection
   * window, and adding the treated's follow-up days of those stops back as observed.
   */
  static Estimate touchedDid(GpPanel p, int[] baseline, int follow) {
    return did(p, List.of(baseline), follow, (q, i, t, l) -> q.days[i][t] - q.touched[i][t],
        false);
  }

  /**
   * The job's estimator: stops compared with stops of the same age. For each lag the campaign
   * could reach at the follow-up (stops started from {@code start} on), the baseline semesters
   * of {@code clean} whose stops of that lag started in {@code clean} too; the older days are
   * added back as observed. Withheld when its placebo — lag 0 from the first clean semesters to
   * the last, where the campaign does not act — drifts (CleanDid.drifts).
   */
  static Estimate jobEstimator(GpPanel p, int[] clean, int follow, int start,
      double tolerance) {
    List<int[]> base = baseByLag(clean, follow - start + 1);
    if (base == null) {
      return Estimate.none();
    }
    Estimate e = did(p, base, follow, (q, i, t, l) -> q.lagDays[i][t][l], false);
    if (clean.length < 2 || !e.estimable()) {
      return e;
    }
    Estimate placebo = did(p, List.of(Arrays.copyOf(clean, clean.length - 1)),
        clean[clean.length - 1], (q, i, t, l) -> q.lagDays[i][t][l], true);
    boolean drift = placebo.estimable() && CleanDid.drifts(new CleanDid.Result(0, 0, 0,
        placebo.log(), placebo.lo(), placebo.hi(), 0, 0, 0), tolerance);
    return new Estimate(e.log(), e.lo(), e.hi(), e.savings(), e.savingsLo(), e.savingsHi(),
        !drift, placebo.log(), placebo.lo(), placebo.hi());
  }

  /** As CleanBaseline.baselineByLag, on semester indices. */
  static List<int[]> baseByLag(int[] clean, int lags) {
    List<int[]> out = new ArrayList<>();
    for (int l = 0; l < lags; l++) {
      final int lag = l;
      int[] b = Arrays.stream(clean).filter(t -> Arrays.stream(clean)
          .anyMatch(c -> c == t - lag)).toArray();
      if (b.length == 0) {
        return null;
      }
      out.add(b);
    }
    return out;
  }

  /**
   * The job's arithmetic (CleanDid) on the panel's figures: per lag, the controls' sums by
   * stratum and together, and the variance of the log of each growth (delta method). A
   * treated GP's actual days are his follow-up days (a placebo's: only the lags it measures),
   * and the follow-up days the measure leaves out are added back to his counterfactual (none
   * for a placebo).
   */
  static Estimate did(GpPanel p, List<int[]> baseByLag, int follow, Measure m,
      boolean placebo) {
    int lags = baseByLag.size();
    java.util.Set<Integer> needed = new java.util.TreeSet<>();
    baseByLag.forEach(b -> Arrays.stream(b).forEach(needed::add));
    needed.add(follow);
    int[] all = needed.stream().mapToInt(Integer::intValue).toArray();
    Map<String, double[][]> sums = new HashMap<>();
    List<Integer> controls = new ArrayList<>();
    List<CleanDid.Treated> treated = new ArrayList<>();
    for (int i = 0; i < p.size(); i++) {
      if (!all(p, i, all)) {
        continue;
      }
      double[][] f = figures(p, i, baseByLag, follow, m);
      if (p.treated[i]) {
        double affected = Arrays.stream(f[2]).sum();
        double total = placebo ? affected : p.days[i][follow];
        treated.add(new CleanDid.Treated(p.stratum[i], f[0], f[1], total,
            placebo ? 0 : p.days[i][follow] - affected, p.exposure[i][follow]));
        continue;
      }
      controls.add(i);
      for (String key : new String[] {p.stratum[i], CleanDid.ALL_STRATA}) {
        double[][] s = sums.computeIfAbsent(key, k -> new double[5][lags]);
        for (int l = 0; l < lags; l++) {
          s[0][l] += f[0][l];
          s[1][l] += f[1][l];
          s[2][l] += f[2][l];
        }
        s[3][0] += p.exposure[i][follow];
        s[4][0] += 1;
      }
    }
    Map<String, double[]> varLog = new HashMap<>();
    for (int i : controls) {
      double[][] f = figures(p, i, baseByLag, follow, m);
      for (String key : new String[] {p.stratum[i], CleanDid.ALL_STRATA}) {
        double[][] s = sums.get(key);
        double[] v = varLog.computeIfAbsent(key, k -> new double[lags]);
        for (int l = 0; l < lags; l++) {
          double phi = f[2][l] / s[2][l] - p.exposure[i][follow] / s[3][0]
              - f[0][l] / s[0][l] + f[1][l] / s[1][l];
          v[l] += phi * phi;
        }
      }
    }
    Map<String, CleanDid.Growth> growth = new HashMap<>();
    for (Map.Entry<String, double[][]> e : sums.entrySet()) {
      double[][] s = e.getValue();
      if (s[4][0] >= MIN_STRATUM_CONTROLS || e.getKey().equals(CleanDid.ALL_STRATA)) {
        growth.put(e.getKey(), new CleanDid.Growth(e.getKey(), (long) s[4][0], s[0], s[1],
            s[2], s[3][0], varLog.get(e.getKey())));
      }
    }
    CleanDid.Result r = CleanDid.estimate(treated, growth);
    if (r == null) {
      return Estimate.none();
    }
    return new Estimate(r.log(), r.lo(), r.hi(), r.savingsDays(), r.savingsLo(),
        r.savingsHi(), true, Double.NaN, Double.NaN, Double.NaN);
  }

  /** {baseline days by lag, baseline exposure by lag, follow-up days by lag}. */
  private static double[][] figures(GpPanel p, int i, List<int[]> baseByLag, int follow,
      Measure m) {
    int lags = baseByLag.size();
    double[][] f = new double[3][lags];
    for (int l = 0; l < lags; l++) {
      for (int t : baseByLag.get(l)) {
        f[0][l] += m.days(p, i, t, l);
        f[1][l] += p.exposure[i][t];
      }
      f[2][l] = m.days(p, i, follow, l);
    }
    return f;
  }

  /** As the job's default configuration (evaluation.min-stratum-controls). */
  static final int MIN_STRATUM_CONTROLS = 30;

  /**
   * Outcome regression on the pre-treatment semesters: among the untreated GPs, a Poisson
   * regression of the follow-up days (offset: exposure) on each pre-treatment semester's log
   * ratio of days to expected days, each interacted with the GP's relative sampling variance,
   * the expected rate and the stratum; the treated's counterfactual is the fitted mean at their
   * own pre-treatment figures. The selection is a function of those figures (and of chance),
   * so at equal figures treated and untreated GPs have the same expected future.
   */
  static Estimate regression(GpPanel p, int[] pre, int sel, int follow, boolean interactions) {
    List<String> strata = new ArrayList<>();
    List<Integer> rows = new ArrayList<>();
    double medianExpected;
    {
      List<Double> es = new ArrayList<>();
      for (int i = 0; i < p.size(); i++) {
        if (all(p, i, pre) && p.profiled(i, follow) && positive(p.expected[i], pre)) {
          rows.add(i);
          es.add(p.expected[i][sel]);
          if (!strata.contains(p.stratum[i])) {
            strata.add(p.stratum[i]);
          }
        }
      }
      if (rows.isEmpty()) {
        return Estimate.none();
      }
      es.sort(Double::compare);
      medianExpected = es.get(es.size() / 2);
    }
    java.util.Collections.sort(strata);
    int q = pre.length;
    int dim = 1 + q + (interactions ? q + 1 : 0) + 1 + (strata.size() - 1);
    List<double[]> cx = new ArrayList<>();
    List<Double> cy = new ArrayList<>();
    List<Double> coff = new ArrayList<>();
    List<double[]> tx = new ArrayList<>();
    List<Double> ty = new ArrayList<>();
    List<Double> texp = new ArrayList<>();
    for (int i : rows) {
      double[] x = new double[dim];
      int j = 0;
      x[j++] = 1;
      double v = medianExpected / p.expected[i][sel];
      for (int t : pre) {
        x[j++] = Math.log((p.days[i][t] + 0.5) / p.expected[i][t]);
      }
      if (interactions) {
        for (int k = 0; k < q; k++) {
          x[j++] = x[1 + k] * v;
        }
        x[j++] = v;
      }
      x[j++] = Math.log(p.expected[i][follow] / p.exposure[i][follow]);
      int s = strata.indexOf(p.stratum[i]);
      if (s > 0) {
        x[j + s - 1] = 1;
      }
      if (p.treated[i]) {
        tx.add(x);
        ty.add(p.days[i][follow]);
        texp.add(p.exposure[i][follow]);
      } else {
        cx.add(x);
        cy.add(p.days[i][follow]);
        coff.add(Math.log(p.exposure[i][follow]));
      }
    }
    if (tx.isEmpty() || cx.size() < 10 * dim) {
      return Estimate.none();
    }
    double[][] x = cx.toArray(new double[0][]);
    double[] y = cy.stream().mapToDouble(Double::doubleValue).toArray();
    double[] off = coff.stream().mapToDouble(Double::doubleValue).toArray();
    double[] beta = Glm.poisson(x, y, off);
    double[][] cov = Glm.sandwich(x, y, off, beta);
    int n = tx.size();
    double[] a = new double[n];
    double[] cf = new double[n];
    double[] grad = new double[dim];
    double sc = 0;
    for (int k = 0; k < n; k++) {
      a[k] = ty.get(k);
      cf[k] = texp.get(k) * Math.exp(Glm.dot(tx.get(k), beta));
      sc += cf[k];
    }
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < dim; j++) {
        grad[j] -= cf[k] * tx.get(k)[j];
      }
    }
    double extra = 0;
    for (int j = 0; j < dim; j++) {
      for (int l = 0; l < dim; l++) {
        extra += grad[j] / sc * cov[j][l] * grad[l] / sc;
      }
    }
    return fromCounterfactual(a, cf, extra);
  }

  /**
   * The matched estimator the job used before this study, reproduced on the panel: controls of
   * the same stratum nearest in the shrunken log ratios of the selection semester and the one
   * before (caliper 0.25, 5 per treated GP, any stratum as a fallback), the DiD of pooled
   * rates from the selection semester, corrected by the controls' regression-to-the-mean slopes,
   * with a percentile bootstrap of the matched sets.
   */
  static Estimate matched(GpPanel p, int sel, int follow, long seed) {
    int prev = sel - 1;
    int n = p.size();
    double[] r = new double[n];
    double[] s2 = new double[n];
    double sumDev = 0;
    double sumS2 = 0;
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (!p.profiled(i, sel) || p.expected[i][sel] <= 0) {
        continue;
      }
      r[i] = p.days[i][sel] / p.expected[i][sel];
      s2[i] = p.dispersion[i] / p.expected[i][sel];
      sumDev += (r[i] - 1) * (r[i] - 1);
      sumS2 += s2[i];
      m++;
    }
    double tau2 = Math.max(0, sumDev / m - sumS2 / m);
    double[] b = new double[n];
    double[] pv = new double[n];
    // The previous semester's level against its expectation, as the job scaled it.
    double pd = 0;
    double pe = 0;
    for (int i = 0; i < n; i++) {
      if (p.profiled(i, prev) && p.profiled(i, sel) && p.expected[i][sel] > 0) {
        pd += p.days[i][prev];
        pe += p.expected[i][sel] / p.exposure[i][sel] * p.exposure[i][prev];
      }
    }
    double level = pd / pe;
    for (int i = 0; i < n; i++) {
      b[i] = Double.NaN;
      pv[i] = Double.NaN;
      if (!p.profiled(i, sel) || !p.profiled(i, follow) || p.expected[i][sel] <= 0) {
        continue;
      }
      b[i] = Math.log(1 + tau2 / (tau2 + s2[i]) * (r[i] - 1));
      if (p.profiled(i, prev)) {
        double e = p.expected[i][sel] / p.exposure[i][sel] * p.exposure[i][prev] * level;
        double w = tau2 / (tau2 + p.dispersion[i] / e);
        pv[i] = Math.log(1 + w * (p.days[i][prev] / e - 1));
      }
    }
    List<double[]> sets = new ArrayList<>();
    List<Integer> controlsUsed = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!p.treated[i] || Double.isNaN(b[i])) {
        continue;
      }
      List<double[]> cand = new ArrayList<>();
      for (boolean local : new boolean[] {true, false}) {
        for (int j = 0; j < n; j++) {
          if (p.treated[j] || Double.isNaN(b[j]) || Double.isNaN(pv[j])
              || (local && !p.stratum[j].equals(p.stratum[i]))) {
            continue;
          }
          double db = b[i] - b[j];
          double dp = Double.isNaN(pv[i]) ? 0 : pv[i] - pv[j];
          double dist = Math.sqrt(db * db + dp * dp);
          if (dist <= 0.25) {
            cand.add(new double[] {dist, j});
          }
        }
        if (!cand.isEmpty()) {
          break;
        }
      }
      if (cand.isEmpty()) {
        continue;
      }
      cand.sort((u, v) -> Double.compare(u[0], v[0]));
      int k = Math.min(5, cand.size());
      double[] set = new double[12];
      set[0] = p.days[i][sel];
      set[1] = p.exposure[i][sel];
      set[2] = p.days[i][follow];
      set[3] = p.exposure[i][follow];
      set[8] = b[i];
      set[10] = Double.isNaN(pv[i]) ? Double.NaN : pv[i];
      double cp = 0;
      for (int c = 0; c < k; c++) {
        int j = (int) cand.get(c)[1];
        controlsUsed.add(j);
        set[4] += p.days[j][sel] / k;
        set[5] += p.exposure[j][sel] / k;
        set[6] += p.days[j][follow] / k;
        set[7] += p.exposure[j][follow] / k;
        set[9] += b[j] / k;
        cp += pv[j] / k;
      }
      set[11] = cp;
      sets.add(set);
    }
    if (sets.isEmpty()) {
      return Estimate.none();
    }
    // Regression-to-the-mean slopes among the distinct controls used.
    double[] slopes = slopes(p, controlsUsed.stream().distinct().toList(), b, pv, sel, follow);
    double est = matchedDid(sets, slopes);
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] boot = new double[200];
    List<double[]> sample = new ArrayList<>();
    for (int rep = 0; rep < boot.length; rep++) {
      sample.clear();
      for (int k = 0; k < sets.size(); k++) {
        sample.add(sets.get(rnd.nextInt(sets.size())));
      }
      boot[rep] = matchedDid(sample, slopes);
    }
    Arrays.sort(boot);
    double lo = boot[4];
    double hi = boot[194];
    double sa = 0;
    for (double[] set : sets) {
      sa += set[2];
    }
    return new Estimate(est, lo, hi, sa * (Math.exp(-est) - 1), sa * (Math.exp(-hi) - 1),
        sa * (Math.exp(-lo) - 1), true, Double.NaN, Double.NaN, Double.NaN);
  }

  private static double matchedDid(List<double[]> sets, double[] slopes) {
    double[] s = new double[8];
    double gap = 0;
    double pgap = 0;
    for (double[] set : sets) {
      for (int k = 0; k < 8; k++) {
        s[k] += set[k];
      }
      gap += set[8] - set[9];
      pgap += Double.isNaN(set[10]) ? 0 : set[10] - set[11];
    }
    double did = Math.log((s[2] / s[3]) / (s[0] / s[1])) - Math.log((s[6] / s[7]) / (s[4] / s[5]));
    return did - (slopes[0] * gap + slopes[1] * pgap) / sets.size();
  }

  private static double[] slopes(GpPanel p, List<Integer> controls, double[] b, double[] pv,
      int sel, int follow) {
    double[][] xs = new double[controls.size()][];
    double[] ys = new double[controls.size()];
    int k = 0;
    for (int j : controls) {
      xs[k] = new double[] {1, b[j], pv[j]};
      ys[k] = Math.log((p.days[j][follow] + 0.5) / p.exposure[j][follow])
          - Math.log((p.days[j][sel] + 0.5) / p.exposure[j][sel]);
      k++;
    }
    if (controls.size() < 5) {
      return new double[] {0, 0};
    }
    double[] beta = Glm.ols(xs, ys);
    return new double[] {beta[1], beta[2]};
  }

  static boolean all(GpPanel p, int i, int[] semesters) {
    for (int t : semesters) {
      if (!p.profiled(i, t)) {
        return false;
      }
    }
    return true;
  }

  private static boolean positive(double[] v, int[] idx) {
    for (int t : idx) {
      if (!(v[t] > 0)) {
        return false;
      }
    }
    return true;
  }

  static double sum(double[] v, int[] idx) {
    double s = 0;
    for (int t : idx) {
      s += v[t];
    }
    return s;
  }
}
