package org.ijcampaign.model;

import static org.apache.spark.sql.functions.col;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.Period;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.profile.ProfileJob;
import org.ijcampaign.profile.ProfileJob.ClaimSpan;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Persistent;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Tables;
import org.ijcampaign.territory.TerritoryJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code persistent} job's edges: every calendar semester profiled in
 * {@code gp_period_profile} that ends before the campaign starts and not after its observation gets its territories and its
 * expected-IJ model if it has none yet (one model per semester, as for the observation period),
 * then {@link PersistentRatio} estimates each GP's persistent ratio and the campaign's slice of
 * {@code persistent_ratio} is replaced. Stops with a message when the warehouse holds fewer
 * semesters than the campaign's {@code persistent.min-semesters}.
 */
public final class PersistentJob {
  private static final Logger LOG = LoggerFactory.getLogger(PersistentJob.class);
  /** Calendar semester labels; the other periods (a campaign's own ranges) are not used. */
  static final String SEMESTER_LABEL = "^[0-9]{4}S[12]$";

  private PersistentJob() {}

  public static PersistentRatio.Moments run(DeltaStore store, RunLog log, AppConfig cfg,
      CampaignConfig c) {
    Instant t0 = Instant.now();
    List<Period> semesters = semesters(store, c);
    if (semesters.size() < c.persistent().minSemesters()) {
      throw new IllegalStateException("the persistent ratio of campaign " + c.name()
          + " needs " + c.persistent().minSemesters() + " profiled semesters before "
          + c.start() + "; the warehouse holds " + semesters.stream().map(Period::label)
          .toList() + ": run profile for the missing semesters first (a semester counts when"
          + " the claims cover it whole)");
    }
    Set<String> withTerritories = labels(store, Tables.TERRITORIES);
    List<Period> missingTerritories = semesters.stream()
        .filter(p -> !withTerritories.contains(p.label())).toList();
    if (!missingTerritories.isEmpty()) {
      TerritoryJob.run(store, log, cfg.territory(), missingTerritories);
    }
    Set<String> modelled = labels(store, Tables.EXPECTED_IJ);
    for (Period p : semesters) {
      if (!modelled.contains(p.label())) {
        ModelJob.run(store, log, cfg, p);
      }
    }
    Object[] wanted = semesters.stream().map(Period::label).toArray();
    Dataset<Row> rows = PersistentRatio.semesterRows(
        store.read(Tables.EXPECTED_IJ).where(col(Expected.PERIOD).isin(wanted)),
        store.read(Tables.GP_PERIOD_PROFILE).where(col(Profile.PERIOD).isin(wanted)
            .and(col(Profile.PROFILED))), c.persistent().leaveSelfOut(),
        c.persistent().excludeSubstituteDays());
    String last = semesters.get(semesters.size() - 1).label();
    Dataset<Row> window = c.persistent().noise() == CampaignConfig.PersistentNoise.WINDOW
        ? PersistentRatio.windowRows(windowProfile(store, log, cfg, semesters),
            c.persistent().excludeSubstituteDays())
        : null;
    PersistentRatio.Result r = PersistentRatio.estimate(rows, window, new PersistentRatio.Params(
        c.name(), last, c.ratioThreshold(), c.persistent().dispersionPriorStops(),
        c.persistent().momentsMinExpectedDays(), c.persistent().prior(),
        c.persistent().leaveSelfOut(), c.persistent().excludeSubstituteDays(),
        c.persistent().noise(), c.persistent().stopLength()));
    store.replaceSlice(r.perGp(), Tables.PERSISTENT_RATIO, Persistent.CAMPAIGN, c.name(),
        Persistent.CAMPAIGN);
    long gps = store.read(Tables.PERSISTENT_RATIO)
        .where(col(Persistent.CAMPAIGN).equalTo(c.name())).count();
    PersistentRatio.Moments m = r.moments();
    LOG.info(String.format("[persistent] %s semesters %s: %,d GPs, mu %.4f, tau2_p %.5f, "
            + "sigma2_s %.5f, noise scale %.3f, shock correlation %.3f (moments over %,d GPs)",
        c.name(), List.of(wanted), gps, m.mu(), m.tau2(), m.sigma2(), m.noiseScale(),
        m.shockCorrelation(), m.gps()));
    if (r.length() != null) {
      LOG.info(String.format("[persistent] %s credible stop length: log length ratios mean %.4f,"
          + " tau2 %.5f over %,d GPs, stops' squared coefficient of variation %.3f", c.name(),
          r.length().mu(), r.length().tau2(), r.length().gps(), r.length().priorCv2()));
      if (r.length().mixture() != null) {
        PersistentMixture.Fit f = r.length().mixture();
        LOG.info(f.kept() ? String.format("[persistent] %s lengths' mixture prior: high "
                + "component weight %.4f, mean %.4f, tau2 %.5f; low mean %.4f, tau2 %.5f (%s)",
                c.name(), f.mixture().weightHigh(), f.mixture().meanHigh(),
                f.mixture().tau2High(), f.mixture().meanLow(), f.mixture().tau2Low(), f.note())
            : "[persistent] " + c.name() + " lengths' mixture prior falls back to the normal: "
                + f.note());
      }
    }
    if (r.mixture() != null) {
      PersistentMixture.Fit f = r.mixture();
      LOG.info(f.kept() ? String.format("[persistent] %s mixture prior: high component weight "
              + "%.4f, mean %.4f, tau2 %.5f; low mean %.4f, tau2 %.5f (%s)", c.name(),
              f.mixture().weightHigh(), f.mixture().meanHigh(), f.mixture().tau2High(),
              f.mixture().meanLow(), f.mixture().tau2Low(), f.note())
          : "[persistent] " + c.name() + " mixture prior falls back to the normal: " + f.note());
    }
    log.stage("persistent " + c.name(), gps, gps, Duration.between(t0, Instant.now()));
    return m;
  }

  /**
   * The profile of the window of {@code semesters} (one period from the first one's start to
   * the last one's end), profiled now when the warehouse has none, with the configuration's
   * replacement rule. Its rule must be the semesters': a GP's noise over the window is read on
   * the same attribution as his days.
   */
  static Dataset<Row> windowProfile(DeltaStore store, RunLog log, AppConfig cfg,
      List<Period> semesters) {
    Period window = Period.of(semesters.get(0).start(),
        semesters.get(semesters.size() - 1).end());
    java.util.Map<Boolean, Set<Object>> rules = replacementRules(store, semesters, window);
    if (!rules.containsKey(true)) {
      LOG.info("[persistent] profiling the window " + window.label() + " for its noise");
      ProfileJob.run(store, log, List.of(window), cfg.profile().rule(),
          cfg.privacy().minCellPatients());
      rules = replacementRules(store, semesters, window);
    }
    if (!rules.getOrDefault(true, Set.of()).equals(rules.getOrDefault(false, Set.of()))) {
      throw new IllegalStateException("the window " + window.label() + " was profiled with the "
          + "replacement rule " + rules.get(true) + " and the semesters with " + rules.get(false)
          + ": profile the window again (profile --period " + window.label() + ") with the "
          + "semesters' rule");
    }
    return store.read(Tables.GP_PERIOD_PROFILE)
        .where(col(Profile.PERIOD).equalTo(window.label()));
  }

  /**
   * The replacement rules the profile holds for the window (key true; absent when the window is
   * not profiled) and for the semesters (false), in one aggregation.
   */
  private static java.util.Map<Boolean, Set<Object>> replacementRules(DeltaStore store,
      List<Period> semesters, Period window) {
    Object[] labels = semesters.stream().map(Period::label).toArray();
    java.util.Map<Boolean, Set<Object>> out = new java.util.HashMap<>();
    store.read(Tables.GP_PERIOD_PROFILE)
        .where(col(Profile.PERIOD).isin(labels).or(col(Profile.PERIOD).equalTo(window.label())))
        .groupBy(col(Profile.PERIOD).equalTo(window.label()).as("_window"))
        .agg(org.apache.spark.sql.functions.collect_set(Profile.REPLACEMENT_RULE).as("_rules"))
        .collectAsList()
        .forEach(r -> out.put(r.getBoolean(0), new HashSet<>(r.getList(1))));
    return out;
  }

  /**
   * The profiled calendar semesters that end before the campaign's start and not after its
   * observation period: the campaign's data stop where its published figures stop (a semester
   * after it is still incomplete when the campaign is prepared), in order.
   */
  static List<Period> semesters(DeltaStore store, CampaignConfig c) {
    if (!store.exists(Tables.GP_PERIOD_PROFILE)) {
      return List.of();
    }
    List<Period> profiled = store.read(Tables.GP_PERIOD_PROFILE).select(Profile.PERIOD)
        .distinct().where(col(Profile.PERIOD).rlike(SEMESTER_LABEL)).collectAsList().stream()
        .map(r -> Period.semester(r.getAs(Profile.PERIOD))).toList();
    ClaimSpan span = store.exists(Tables.CLAIMS_CLEAN)
        ? ProfileJob.claimSpan(store.read(Tables.CLAIMS_CLEAN)) : null;
    List<Period> used = usable(profiled, c, span);
    List<String> partial = usable(profiled, c, null).stream().filter(p -> !used.contains(p))
        .map(Period::label).toList();
    if (!partial.isEmpty()) {
      LOG.warn("[persistent] " + c.name() + ": semesters " + partial + " left out: the claims"
          + " cover " + span.first() + " to " + span.last() + ", not the whole of them");
    }
    return used;
  }

  /**
   * Of the {@code profiled} semesters, those that end before the campaign's start and not after
   * its observation period, and that the claims cover whole ({@code span}; null when unknown,
   * then none is left out): a semester the extract only clips (the tail of stops running on its
   * first day) has a profile of long stops only, and a model fitted to it, that would enter the
   * estimate as a semester like the others. In order.
   */
  static List<Period> usable(List<Period> profiled, CampaignConfig c, ClaimSpan span) {
    return profiled.stream()
        .filter(p -> p.end().isBefore(c.start()) && !p.end().isAfter(c.observation().end()))
        .filter(p -> span == null || span.covers(p))
        .sorted(Comparator.comparing(Period::start)).toList();
  }

  private static Set<String> labels(DeltaStore store, String table) {
    Set<String> out = new HashSet<>();
    if (store.exists(table)) {
      store.read(table).select(Profile.PERIOD).distinct().collectAsList()
          .forEach(r -> out.add(r.getAs(Profile.PERIOD)));
    }
    return out;
  }
}
