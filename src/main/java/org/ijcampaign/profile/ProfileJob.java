package org.ijcampaign.profile;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.ijcampaign.config.Period;
import org.ijcampaign.config.ReplacementRule;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code profile} job's edges: reads the ingested tables, computes the profiles of the
 * requested periods in one pass, replaces those periods' slices of {@code gp_period_profile}
 * in one commit, and checks that every in-scope day of each period is counted once.
 */
public final class ProfileJob {
  private static final Logger LOG = LoggerFactory.getLogger(ProfileJob.class);
  /** Relative tolerance of the day reconciliation (sums of pro-rata fractions). */
  private static final double TOLERANCE = 1e-9;

  private ProfileJob() {}

  public static Profiles.Inputs inputs(DeltaStore store) {
    return new Profiles.Inputs(store.read(Tables.CLAIMS_CLEAN), store.read(Tables.PHYSICIANS),
        store.read(Tables.PATIENTS), store.read(Tables.MT_LINKS),
        store.read(Tables.REPLACEMENTS));
  }

  /** Every calendar semester the claims touch (a tiny aggregate). */
  public static List<Period> claimSemesters(Dataset<Row> claims) {
    ClaimSpan span = claimSpan(claims);
    return span == null ? List.of() : Period.semestersBetween(span.first(), span.last());
  }

  /** The first paid period's start and the last one's end. */
  public record ClaimSpan(LocalDate first, LocalDate last) {
    /** Whether the claims cover {@code p} from its first day to its last. */
    public boolean covers(Period p) {
      return !first.isAfter(p.start()) && !last.isBefore(p.end());
    }
  }

  /**
   * The span of {@code claims}' paid periods; null if there is no claim. On {@code
   * claims_clean}, whose files keep the statistics of both dates, Delta answers it from its log
   * without reading the files.
   */
  public static ClaimSpan claimSpan(Dataset<Row> claims) {
    Row r = claims.agg(min(Claims.PERIOD_START).as(Claims.PERIOD_START),
        max(Claims.PERIOD_END).as(Claims.PERIOD_END)).head();
    Date first = r.getAs(Claims.PERIOD_START);
    if (first == null) {
      return null;
    }
    return new ClaimSpan(first.toLocalDate(), r.<Date>getAs(Claims.PERIOD_END).toLocalDate());
  }

  /** Distinct periods by label, in the given order. */
  public static List<Period> distinct(List<Period> periods) {
    Map<String, Period> byLabel = new LinkedHashMap<>();
    periods.forEach(p -> byLabel.putIfAbsent(p.label(), p));
    return new ArrayList<>(byLabel.values());
  }

  /** Returns per period: {in-scope days of the claims, days of the profile}. */
  public static Map<String, double[]> run(DeltaStore store, RunLog log, List<Period> periods,
      ReplacementRule rule, int minCellPatients) {
    Instant t0 = Instant.now();
    Profiles.Inputs in = inputs(store);
    Dataset<Row> periodTable = Profiles.periods(store.spark(), periods);
    // The claim-periods summed per stop are read by six aggregations: computed once and kept.
    // Keeping them rather than the claim-periods keeps under two fifths of the rows, and the
    // claim-periods are shuffled by stop once rather than once per set of columns a reader keeps.
    Dataset<Row> stopRows = Profiles.stopRows(Profiles.attributedClaims(in.claims(),
        in.replacements(), periodTable, rule)).persist(StorageLevel.MEMORY_AND_DISK_SER());
    Dataset<Row> profile = Profiles.compute(in, stopRows, periodTable, rule, minCellPatients);
    List<String> labels = periods.stream().map(Period::label).toList();
    // Job descriptions name the step in Spark's UI, event log and listener figures.
    store.spark().sparkContext().setJobDescription("profile: compute and write");
    store.replaceSlices(profile, Tables.GP_PERIOD_PROFILE, Profile.PERIOD, labels,
        Profile.PERIOD);
    stopRows.unpersist();
    Dataset<Row> written = store.read(Tables.GP_PERIOD_PROFILE)
        .where(col(Profile.PERIOD).isin(labels.toArray()))
        .persist(StorageLevel.MEMORY_AND_DISK());
    store.spark().sparkContext().setJobDescription("profile: reconcile with the claims");
    try {
      long rows = written.count();
      long profiled = written.where(col(Profile.PROFILED)).count();
      log.stage("profile " + String.join(",", labels), rows, profiled,
          Duration.between(t0, Instant.now()));
      Map<String, double[]> out = new LinkedHashMap<>();
      for (Row r : Reconciliation.compare(Reconciliation.inScopeDays(in.claims(), periodTable),
          written).collectAsList()) {
        String period = r.getAs(Profile.PERIOD);
        double claimsDays = r.getAs(Reconciliation.IN_SCOPE_DAYS);
        double profileDays = r.getAs(Reconciliation.PROFILE_DAYS);
        out.put(period, new double[] {claimsDays, profileDays});
        LOG.info(String.format(
            "[profile] %-24s in-scope claim days %,16.3f = profile days %,16.3f",
            period, claimsDays, profileDays));
        if (Math.abs(claimsDays - profileDays) > TOLERANCE * Math.max(1, claimsDays)) {
          throw new IllegalStateException("reconciliation failed for period " + period
              + ": claims " + claimsDays + " != profile " + profileDays);
        }
        log.count(new RunLog.Count("ij_days " + period, Math.round(claimsDays),
            Math.round(profileDays), 0));
      }
      return out;
    } finally {
      store.spark().sparkContext().setJobDescription(null);
      written.unpersist();
    }
  }
}
