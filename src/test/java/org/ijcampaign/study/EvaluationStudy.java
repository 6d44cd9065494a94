package org.ijcampaign.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.ijcampaign.study.Estimators.Estimate;
import org.ijcampaign.study.SemesterSimulator.Effect;
import org.ijcampaign.study.SemesterSimulator.Replicate;
import org.ijcampaign.study.SemesterSimulator.Scenario;
import org.ijcampaign.study.SemesterSimulator.Selection;

/**
 * The evaluation study: for each scenario, many simulated campaigns; for each estimator, the
 * mean bias, the RMSE and the coverage of its 95 % interval against the true effect on the
 * treated's follow-up days, and how often its savings interval holds the true savings.
 *
 * <p>{@code jobs/study-evaluation.sh [--replicates N] [--out FILE] [--only NAME]}.
 */
public final class EvaluationStudy {
  private EvaluationStudy() {}

  static final int SEL = 1;
  static final int FOLLOW = SemesterSimulator.FOLLOW_UP;

  /** The estimators, by the name the tables print. */
  static Map<String, Function<Replicate, Estimate>> estimators(Scenario s) {
    Map<String, Function<Replicate, Estimate>> m = new LinkedHashMap<>();
    int sel = s.selectionSemester();
    m.put("naive", r -> Estimators.naive(r.panel(), sel, FOLLOW));
    m.put("matched (before)", r -> Estimators.matched(r.panel(), sel, FOLLOW, 11));
    m.put("DiD from 2022S1", r -> sel >= 1 && s.selection() != Selection.TWO_SEMESTERS
        ? Estimators.baselineDid(r.panel(), new int[] {0}, FOLLOW) : Estimate.none());
    m.put("DiD from 2023S2", r -> Estimators.baselineDid(r.panel(), new int[] {3}, FOLLOW));
    m.put("DiD from 2023S1–S2 without the selection's stops", r -> Estimators.touchedDid(
        r.panel(), new int[] {2, 3}, FOLLOW));
    m.put("same-age stops from 2023S1–S2 (the job's)", r -> Estimators.jobEstimator(r.panel(),
        new int[] {2, 3}, FOLLOW, SemesterSimulator.CAMPAIGN_START, 0.05));
    m.put("regression on 2022S1–2023S2", r -> Estimators.regression(r.panel(), new int[] {0, 1, 2, 3},
        sel, FOLLOW, true));
    return m;
  }

  static List<Scenario> scenarios() {
    double eff = Math.log(0.85);
    Scenario base = new Scenario("issue: 60 % of top 5 % on 2022S2, ×0.85 on new stops", 3000,
        0.25, 0.20, 0.0, 0.0, 0.02, Selection.TOP_SHARE, 0.05, 0.6, Effect.NEW_STOPS, eff,
        0.03, 0.0, SEL, 1.0, false);
    List<Scenario> list = new ArrayList<>();
    list.add(base);
    list.add(with(base, "all of top 5 %", b -> b.treatedShare = 1.0));
    list.add(with(base, "all of top 1.5 % (few controls as extreme)", b -> {
      b.topFraction = 0.015;
      b.treatedShare = 1.0;
      b.gps = 6000;
    }));
    list.add(with(base, "campaign rules: ratio ≥ 2, region top decile, 60 % eligible", b -> {
      b.selection = Selection.CAMPAIGN_RULES;
      b.topFraction = 2.0;
      b.gps = 6000;
    }));
    list.add(with(base, "selection on two semesters (2022S1 + 2022S2)",
        b -> b.selection = Selection.TWO_SEMESTERS));
    list.add(with(base, "shock sd 0.10, persistent sd 0.15", b -> {
      b.shockSd = 0.10;
      b.persistentSd = 0.15;
    }));
    list.add(with(base, "shock sd 0.30, persistent sd 0.35", b -> {
      b.shockSd = 0.30;
      b.persistentSd = 0.35;
    }));
    list.add(with(base, "shock sd 0.30, persistent sd 0.15", b -> {
      b.shockSd = 0.30;
      b.persistentSd = 0.15;
    }));
    list.add(with(base, "shock sd 0.10, persistent sd 0.35", b -> {
      b.shockSd = 0.10;
      b.persistentSd = 0.35;
    }));
    list.add(with(base, "true effect 0", b -> b.trueLog = 0.0));
    list.add(with(base, "true effect −0.10 on all days", b -> {
      b.trueLog = -0.10;
      b.effect = Effect.ALL_DAYS;
    }));
    list.add(with(base, "true effect −0.25 on new stops", b -> b.trueLog = -0.25));
    list.add(with(base, "no long stops", b -> b.longShare = 0.0));
    list.add(with(base, "twice the long stops (6 %)", b -> b.longShare = 0.06));
    list.add(with(base, "shocks AR(1) ρ = 0.5 across semesters", b -> b.shockAr = 0.5));
    list.add(with(base, "persistent level drifts (random walk, sd 0.05 a semester)",
        b -> b.driftSd = 0.05));
    list.add(with(base, "regional trends (sd 0.02 a semester)", b -> b.regionalTrendSd = 0.02));
    list.add(with(base, "heavier prescribers give longer stops", b -> b.longerStopsWithLevel = true));
    list.add(with(base, "small practices (lists halved: more chance in a semester)",
        b -> b.listScale = 0.5));
    list.add(with(base, "small zone: 1,000 GPs", b -> b.gps = 1000));
    return list;
  }

  /** A mutable copy of a scenario's knobs, for readable variations. */
  static final class Knobs {
    int gps;
    double persistentSd;
    double shockSd;
    double shockAr;
    double driftSd;
    double overShare;
    Selection selection;
    double topFraction;
    double treatedShare;
    Effect effect;
    double trueLog;
    double longShare;
    double regionalTrendSd;
    int selectionSemester;
    double listScale;
    boolean longerStopsWithLevel;
  }

  static Scenario with(Scenario s, String name, java.util.function.Consumer<Knobs> change) {
    Knobs k = new Knobs();
    k.gps = s.gps();
    k.persistentSd = s.persistentSd();
    k.shockSd = s.shockSd();
    k.shockAr = s.shockAr();
    k.driftSd = s.driftSd();
    k.overShare = s.overShare();
    k.selection = s.selection();
    k.topFraction = s.topFraction();
    k.treatedShare = s.treatedShare();
    k.effect = s.effect();
    k.trueLog = s.trueLog();
    k.longShare = s.longShare();
    k.regionalTrendSd = s.regionalTrendSd();
    k.selectionSemester = s.selectionSemester();
    k.listScale = s.listScale();
    k.longerStopsWithLevel = s.longerStopsWithLevel();
    change.accept(k);
    return new Scenario(name, k.gps, k.persistentSd, k.shockSd, k.shockAr, k.driftSd,
        k.overShare, k.selection, k.topFraction, k.treatedShare, k.effect, k.trueLog,
        k.longShare, k.regionalTrendSd, k.selectionSemester, k.listScale,
        k.longerStopsWithLevel);
  }

  /** Accumulated scores of one estimator in one scenario. */
  static final class Score {
    int n;
    int none;
    double bias;
    double sq;
    int covered;
    double width;
    int savingsCovered;
    int zeroInSavings;

    synchronized void add(Estimate e, Replicate r) {
      if (!e.estimable() || Double.isNaN(e.log())) {
        none++;
        return;
      }
      n++;
      double err = e.log() - r.trueLog();
      bias += err;
      sq += err * err;
      covered += e.lo() <= r.trueLog() && r.trueLog() <= e.hi() ? 1 : 0;
      width += e.hi() - e.lo();
      savingsCovered += e.savingsLo() <= r.trueSavingsDays()
          && r.trueSavingsDays() <= e.savingsHi() ? 1 : 0;
      zeroInSavings += e.savingsLo() <= 0 && 0 <= e.savingsHi() ? 1 : 0;
    }
  }

  public static void main(String[] args) throws IOException {
    int replicates = 200;
    Path out = null;
    String only = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--replicates" -> replicates = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--only" -> only = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (--replicates N, --out FILE, --only TEXT)");
      }
    }
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "%d replicates per scenario; bias and RMSE in log "
        + "of the treated's follow-up days; coverage of the 95 %% interval; 'savings' = the "
        + "savings interval holds the true savings; '0 in savings' = it holds 0.%n%n",
        replicates));
    for (Scenario s : scenarios()) {
      if (only != null && !s.name().contains(only)) {
        continue;
      }
      long t0 = System.nanoTime();
      Map<String, Function<Replicate, Estimate>> est = estimators(s);
      Map<String, Score> scores = new LinkedHashMap<>();
      est.keySet().forEach(k -> scores.put(k, new Score()));
      double[] truth = new double[replicates];
      double[] treated = new double[replicates];
      IntStream.range(0, replicates).parallel().forEach(rep -> {
        Replicate r = SemesterSimulator.simulate(s, 1000L * rep + 17);
        truth[rep] = r.trueLog();
        int t = 0;
        for (boolean b : r.panel().treated) {
          t += b ? 1 : 0;
        }
        treated[rep] = t;
        est.forEach((k, f) -> scores.get(k).add(f.apply(r), r));
      });
      double meanTruth = java.util.Arrays.stream(truth).average().orElse(Double.NaN);
      double meanTreated = java.util.Arrays.stream(treated).average().orElse(Double.NaN);
      md.append(String.format(Locale.ROOT, "### %s%n%n%,d GPs, %.0f treated on average, mean "
              + "true effect %.3f (%.0f s)%n%n", s.name(), s.gps(), meanTreated, meanTruth,
          (System.nanoTime() - t0) / 1e9));
      md.append("| estimator | bias | RMSE | coverage | mean width | savings | 0 in savings "
          + "| not estimable |\n|---|---|---|---|---|---|---|---|\n");
      for (Map.Entry<String, Score> e : scores.entrySet()) {
        Score c = e.getValue();
        int n = Math.max(1, c.n);
        md.append(String.format(Locale.ROOT, "| %s | %+.3f | %.3f | %.0f %% | %.3f | %.0f %% "
                + "| %.0f %% | %d |%n", e.getKey(), c.bias / n, Math.sqrt(c.sq / n),
            100.0 * c.covered / n, c.width / n, 100.0 * c.savingsCovered / n,
            100.0 * c.zeroInSavings / n, c.none));
      }
      md.append('\n');
      System.out.print(md);
      if (out != null) {
        Files.writeString(out, md, java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
      }
      md.setLength(0);
    }
  }
}
