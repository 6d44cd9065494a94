package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.ijcampaign.config.Period;
import org.ijcampaign.io.RowTally;
import org.ijcampaign.schema.Claims;

/**
 * The truth's totals over the generated claims, tallied by the writer of the claim files
 * ({@link org.ijcampaign.io.LandingParts}), so that nothing is generated twice:
 * <ul>
 *   <li>per semester of the data, the MALADIE days and euros pro-rated day by day, in millionths
 *       ({@code days_<semester>}, {@code amount_<semester>}: the arithmetic of
 *       {@link Truth#microDays} and {@link Truth#microEuros}, which the truth applies to the
 *       claims it takes back out);</li>
 *   <li>per year of a claim's first paid day: its MALADIE days and cents, those of a GP and of
 *       his walk-in patients, the days of stops over a year, the cents of stops under 8 days, the
 *       days of other risks, the MALADIE stops started and those over a year;</li>
 *   <li>{@code rows}, the claims.</li>
 * </ul>
 *
 * <p>Plain Java over nine columns of each claim ({@link #inputs}): as fifty-odd conditional sums
 * of SQL, each claim carried as many columns into Spark's observation, a large part of the
 * claims' stage (docs/benchmarks.md, "The generator"). A typed {@code Aggregator} cannot be
 * observed in Spark 3.5 (SPARK-50581). Dates are read as Spark holds them, days since 1970.
 */
final class ClaimTally implements RowTally {
  private static final long serialVersionUID = 1L;

  private static final String START = "tally_start_day";
  private static final String END = "tally_end_day";
  private static final String DAYS = "tally_paid_days";
  private static final String CENTS = "tally_cents";
  private static final String MALADIE = "tally_maladie";
  private static final String GP = "tally_gp";
  private static final String WALK_IN = "tally_walk_in";
  private static final String STARTED = "tally_started";
  private static final String STOP_DAYS = "tally_stop_days";
  /** The columns of {@link #inputs}, in the order {@link #add} reads them. */
  private static final List<String> COLUMNS = List.of(START, END, DAYS, CENTS, MALADIE, GP,
      WALK_IN, STARTED, STOP_DAYS);

  /** Per year: the values in this order, after the semesters' two each. */
  private static final String[] YEARLY = {"maladie_days_", "maladie_cents_", "gp_maladie_days_",
      "gp_walk_in_days_", "long_stop_days_", "short_stop_cents_", "out_of_scope_days_",
      "stops_started_", "long_stops_started_"};

  private final int[] semesterFrom;
  private final int[] semesterTo;
  private final int firstYear;
  private final int[] yearFrom;
  private final int[] yearTo;
  private final List<String> names;

  ClaimTally(GenerateSpec spec) {
    List<Period> semesters = Period.semestersBetween(spec.dataStart(), spec.dataEnd());
    semesterFrom = new int[semesters.size()];
    semesterTo = new int[semesters.size()];
    names = new ArrayList<>();
    for (int i = 0; i < semesters.size(); i++) {
      Period p = semesters.get(i);
      semesterFrom[i] = (int) p.start().toEpochDay();
      semesterTo[i] = (int) p.end().toEpochDay();
      names.add("days_" + p.label());
      names.add("amount_" + p.label());
    }
    firstYear = spec.firstYear();
    int years = spec.lastYear() - spec.firstYear() + 1;
    yearFrom = new int[years];
    yearTo = new int[years];
    for (int y = 0; y < years; y++) {
      yearFrom[y] = (int) LocalDate.of(firstYear + y, 1, 1).toEpochDay();
      yearTo[y] = (int) LocalDate.of(firstYear + y, 12, 31).toEpochDay();
      for (String name : YEARLY) {
        names.add(name + (firstYear + y));
      }
    }
    names.add("rows");
  }

  /**
   * The columns {@link #add} reads, computed from the typed claims of {@link SickLeave#claims}:
   * add them to the rows written.
   */
  static Column[] inputs(GenerateSpec spec) {
    return new Column[] {
        col(Claims.PERIOD_START).as(START),
        col(Claims.PERIOD_END).as(END),
        col(Claims.PAID_DAYS).cast("int").as(DAYS),
        Exact.unscaled(col(Claims.AMOUNT_EUR)).as(CENTS),
        Truth.maladie().as(MALADIE),
        col(SickLeave.PRESCRIBER_IDX).lt(spec.gps()).as(GP),
        col(SickLeave.WALK_IN).as(WALK_IN),
        col(Claims.PRESCRIPTION_KIND).equalTo(Claims.INITIAL)
            .and(col(Claims.PERIOD_START).equalTo(col(SickLeave.STOP_START))).as(STARTED),
        col(SickLeave.STOP_DAYS).cast("int").as(STOP_DAYS)};
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public List<String> names() {
    return names;
  }

  @Override
  public void add(long[] totals, InternalRow claim, int[] at) {
    int start = claim.getInt(at[0]);
    int end = claim.getInt(at[1]);
    long days = claim.getInt(at[2]);
    long cents = claim.getLong(at[3]);
    boolean maladie = claim.getBoolean(at[4]);
    int stopDays = claim.getInt(at[8]);
    if (maladie) {
      long calendar = end - start + 1L;
      for (int i = 0; i < semesterFrom.length; i++) {
        long inside = Math.max(0, Math.min(end, semesterTo[i]) - Math.max(start, semesterFrom[i])
            + 1L);
        totals[2 * i] += proRatedMicro(days, Truth.MICRO, inside, calendar);
        totals[2 * i + 1] += proRatedMicro(cents, Truth.MICRO / 100, inside, calendar);
      }
    }
    int base = 2 * semesterFrom.length;
    for (int y = 0; y < yearFrom.length; y++) {
      if (start < yearFrom[y] || start > yearTo[y]) {
        continue;
      }
      int i = base + y * YEARLY.length;
      if (maladie) {
        boolean gp = claim.getBoolean(at[5]);
        boolean started = claim.getBoolean(at[7]);
        totals[i] += days;
        totals[i + 1] += cents;
        totals[i + 2] += gp ? days : 0;
        totals[i + 3] += gp && claim.getBoolean(at[6]) ? days : 0;
        totals[i + 4] += stopDays > 365 ? days : 0;
        totals[i + 5] += stopDays < 8 ? cents : 0;
        totals[i + 7] += started ? 1 : 0;
        totals[i + 8] += started && stopDays > 365 ? 1 : 0;
      } else {
        totals[i + 6] += days;
      }
    }
    totals[totals.length - 1]++;
  }

  /**
   * {@code units × inside / calendar} in millionths of a unit, rounded half up: the value of
   * {@link Truth#proRatedMicro}, with its SQL's arithmetic (a long numerator divided as a
   * double, then floored), so that both give the same long for every claim.
   */
  static long proRatedMicro(long units, long microPerUnit, long inside, long calendar) {
    long scaled = units * inside * (2 * microPerUnit);
    return (long) Math.floor((double) (scaled + calendar) / (double) (calendar * 2));
  }
}
