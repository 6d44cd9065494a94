package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
import org.ijcampaign.schema.Claims;
import org.junit.jupiter.api.Test;

class ClaimTallyTest extends SparkTestBase {

  /** Ten GPs (prescribers 0 to 9; 10 and above are specialists), claims of 2022 to 2024. */
  private static final GenerateSpec SPEC = new GenerateSpec(10, 1, 2022, 2024, 1, false, 8, 1.0,
      new Scenario(0.25, 0.2, 0.0, 0.0, 0.02, 2.2, 3.5, 0.0, 0.0, 0.0));

  private static final StructType CLAIMS = new StructType()
      .add(Claims.PERIOD_START, DataTypes.DateType)
      .add(Claims.PERIOD_END, DataTypes.DateType)
      .add(Claims.PAID_DAYS, DataTypes.IntegerType)
      .add(Claims.AMOUNT_EUR, DataTypes.createDecimalType(12, 2))
      .add(Claims.RISK, DataTypes.StringType)
      .add(Claims.PRESCRIPTION_KIND, DataTypes.StringType)
      .add(SickLeave.PRESCRIBER_IDX, DataTypes.LongType)
      .add(SickLeave.WALK_IN, DataTypes.BooleanType)
      .add(SickLeave.STOP_START, DataTypes.DateType)
      .add(SickLeave.STOP_DAYS, DataTypes.IntegerType);

  private static TableRows claim(TableRows t, String from, String to, int days, String euros,
      String risk, String kind, long prescriber, boolean walkIn, String stopStart, int stopDays) {
    return t.row(Claims.PERIOD_START, Date.valueOf(from), Claims.PERIOD_END, Date.valueOf(to),
        Claims.PAID_DAYS, days, Claims.AMOUNT_EUR, new BigDecimal(euros), Claims.RISK, risk,
        Claims.PRESCRIPTION_KIND, kind, SickLeave.PRESCRIBER_IDX, prescriber,
        SickLeave.WALK_IN, walkIn, SickLeave.STOP_START, Date.valueOf(stopStart),
        SickLeave.STOP_DAYS, stopDays);
  }

  private Dataset<Row> claims() {
    TableRows t = TableRows.of(CLAIMS);
    // A GP's own patient, 20 days across 30 June, the first claim of a 30-day stop
    t = claim(t, "2022-06-21", "2022-07-10", 20, "400.00", Claims.MALADIE, Claims.INITIAL, 3,
        false, "2022-06-21", 30);
    // One paid day over three calendar days across 30 June: a third and two thirds of a day
    t = claim(t, "2022-06-30", "2022-07-02", 1, "10.00", Claims.MALADIE, Claims.PROLONGATION, 3,
        false, "2022-05-01", 90);
    // A work injury: out of scope
    t = claim(t, "2023-03-01", "2023-03-10", 10, "250.00", Claims.AT_MP, Claims.INITIAL, 4,
        false, "2023-03-01", 10);
    // A GP's walk-in patient, a prolongation of a stop over a year
    t = claim(t, "2023-05-01", "2023-05-31", 31, "620.00", Claims.MALADIE, Claims.PROLONGATION,
        5, true, "2022-12-01", 400);
    // A specialist's 5-day stop (2 paid days after the waiting days)
    t = claim(t, "2024-02-10", "2024-02-14", 2, "50.00", Claims.MALADIE, Claims.INITIAL, 12,
        false, "2024-02-10", 5);
    return t.toDataset(spark());
  }

  private static Map<String, Object> tally(List<Row> inputs) {
    ClaimTally tally = new ClaimTally(SPEC);
    long[] totals = new long[tally.size()];
    int[] at = IntStream.range(0, tally.columns().size()).toArray();
    for (Row r : inputs) {
      // The writer hands the tally Spark's own rows: there a date is its day since 1970, and
      // numbers and booleans are the same objects
      Object[] values = new Object[r.length()];
      for (int i = 0; i < values.length; i++) {
        values[i] = r.get(i) instanceof Date date ? (int) date.toLocalDate().toEpochDay()
            : r.get(i);
      }
      tally.add(totals, new GenericInternalRow(values), at);
    }
    return tally.values(totals);
  }

  @Test
  void talliesEachClaimIntoItsSemestersAndTheYearItStarts() {
    Map<String, Object> v = tally(claims().select(ClaimTally.inputs(SPEC)).collectAsList());

    // Semesters: the first claim's 20 days are 10 and 10, 400 € as 200 and 200 (millionths);
    // the second's day is 333,333 (a third, rounded half up) and 666,667 millionths
    assertEquals(10_333_333L, v.get("days_2022S1"));
    assertEquals(10_666_667L, v.get("days_2022S2"));
    assertEquals(203_333_333L, v.get("amount_2022S1"));
    assertEquals(206_666_667L, v.get("amount_2022S2"));
    // the work injury counts in no semester; the walk-in's 31 days are all in 2023S1
    assertEquals(31_000_000L, v.get("days_2023S1"));
    assertEquals(0L, v.get("days_2023S2"));
    assertEquals(2_000_000L, v.get("days_2024S1"));

    // Years, by the first paid day: 2022 holds the two first claims, both a GP's
    assertEquals(21L, v.get("maladie_days_2022"));
    assertEquals(41_000L, v.get("maladie_cents_2022"));
    assertEquals(21L, v.get("gp_maladie_days_2022"));
    assertEquals(0L, v.get("gp_walk_in_days_2022"));
    assertEquals(1L, v.get("stops_started_2022"));
    // 2023: the walk-in's prolongation of a long stop, and the work injury out of scope
    assertEquals(31L, v.get("gp_walk_in_days_2023"));
    assertEquals(31L, v.get("long_stop_days_2023"));
    assertEquals(0L, v.get("long_stops_started_2023"));
    assertEquals(10L, v.get("out_of_scope_days_2023"));
    // 2024: a specialist's short stop, started
    assertEquals(0L, v.get("gp_maladie_days_2024"));
    assertEquals(5_000L, v.get("short_stop_cents_2024"));
    assertEquals(1L, v.get("stops_started_2024"));
    assertEquals(5L, v.get("rows"));
  }

  @Test
  void proRatesAsTheSqlTheTruthAppliesToTheClaimsItTakesOut() {
    // The truth takes the quarantined victims' days out with Truth.microDays (SQL): both must
    // round each claim alike, on claims cut in every way across a semester's end
    TableRows t = TableRows.of(CLAIMS);
    LocalDate end = LocalDate.of(2023, 6, 30);
    for (int before = 0; before <= 31; before += 1) {
      for (int length = 1; length <= 31; length += 3) {
        LocalDate from = end.minusDays(before);
        t = claim(t, from.toString(), from.plusDays(length - 1).toString(), length - length / 3,
            "123.45", Claims.MALADIE, Claims.PROLONGATION, 1, false, "2023-01-01", 200);
      }
    }
    Dataset<Row> claims = t.toDataset(spark());
    Map<String, Object> v = tally(claims.select(ClaimTally.inputs(SPEC)).collectAsList());
    Row sql = claims.agg(
        sum(when(Truth.maladie(), Truth.microDays(LocalDate.of(2023, 1, 1), end))),
        sum(when(Truth.maladie(), Truth.microDays(end.plusDays(1), LocalDate.of(2023, 12, 31)))),
        sum(when(Truth.maladie(), Truth.microEuros(LocalDate.of(2023, 1, 1), end))),
        sum(when(Truth.maladie(), Truth.microEuros(end.plusDays(1),
            LocalDate.of(2023, 12, 31))))).first();
    assertEquals(sql.getLong(0), v.get("days_2023S1"));
    assertEquals(sql.getLong(1), v.get("days_2023S2"));
    assertEquals(sql.getLong(2), v.get("amount_2023S1"));
    assertEquals(sql.getLong(3), v.get("amount_2023S2"));
    // and the two semesters' millionths add up to the days, but for each part's rounding
    long paid = claims.agg(sum(col(Claims.PAID_DAYS))).first().getLong(0);
    assertEquals(paid * 1_000_000L, (Long) v.get("days_2023S1") + (Long) v.get("days_2023S2"),
        1_000);
  }
}
