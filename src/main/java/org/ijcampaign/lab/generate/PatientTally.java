package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.catalyst.InternalRow;
import org.ijcampaign.io.RowTally;
import org.ijcampaign.schema.Patients;

/**
 * The truth's totals over the generated patients, tallied by the writer of
 * {@code patients.csv}: the médecin-traitant links ({@code links}), and per year the patients
 * who would count as active for a GP (employed that year, aged 16 to 64 on the year, linked to
 * a GP during it: {@code active_patients_<year>}), those of them in ALD and in C2S during the
 * year, and the patients ({@code rows}). The planted rows, whose tally columns are null, are
 * not counted.
 *
 * <p>Plain Java over thirteen columns of each patient ({@link #inputs}), as {@link ClaimTally}
 * for the claims, rather than summed by Spark's {@code observe}. Dates are read as Spark holds
 * them, days since 1970.
 */
final class PatientTally implements RowTally {
  private static final long serialVersionUID = 1L;

  private static final String PREFIX = "tally_";
  private static final String BIRTH_YEAR = PREFIX + Patients.BIRTH_YEAR;
  private static final String LINKS = PREFIX + "links";
  private static final String LINK1_START = PREFIX + "link1_start";
  private static final String LINK1_END = PREFIX + "link1_end";
  private static final String LINK2_START = PREFIX + "link2_start";
  private static final String LINK2_END = PREFIX + "link2_end";
  private static final String[] RANGES = {Patients.ACTIVE_START, Patients.ACTIVE_END,
      Patients.ALD_START, Patients.ALD_END, Patients.C2S_START, Patients.C2S_END};
  /** The columns of {@link #inputs}, in the order {@link #add} reads them. */
  private static final List<String> COLUMNS;

  static {
    List<String> c = new ArrayList<>(List.of(LINKS, BIRTH_YEAR, LINK1_START, LINK1_END,
        LINK2_START, LINK2_END));
    for (String r : RANGES) {
      c.add(PREFIX + r);
    }
    COLUMNS = List.copyOf(c);
  }

  private final int firstYear;
  private final int[] yearFrom;
  private final int[] yearTo;
  private final List<String> names;

  PatientTally(GenerateSpec spec) {
    firstYear = spec.firstYear();
    int years = spec.lastYear() - spec.firstYear() + 1;
    yearFrom = new int[years];
    yearTo = new int[years];
    names = new ArrayList<>(List.of("links"));
    for (int y = 0; y < years; y++) {
      yearFrom[y] = (int) LocalDate.of(firstYear + y, 1, 1).toEpochDay();
      yearTo[y] = (int) LocalDate.of(firstYear + y, 12, 31).toEpochDay();
      names.add("active_patients_" + (firstYear + y));
      names.add("active_ald_" + (firstYear + y));
      names.add("active_c2s_" + (firstYear + y));
    }
    names.add("rows");
  }

  /**
   * The columns {@link #add} reads, computed from the typed patients of
   * {@link Population#patients} (a patient has one or two links).
   */
  static Column[] inputs() {
    Column links = col(Population.LINKS);
    Column first = element_at(links, 1);
    Column second = when(functions.size(links).geq(2), element_at(links, 2));
    List<Column> out = new ArrayList<>(List.of(
        functions.size(links).as(LINKS),
        col(Patients.BIRTH_YEAR).cast("int").as(BIRTH_YEAR),
        first.getField(Population.LINK_START).as(LINK1_START),
        first.getField(Population.LINK_END).as(LINK1_END),
        second.getField(Population.LINK_START).as(LINK2_START),
        second.getField(Population.LINK_END).as(LINK2_END)));
    for (String r : RANGES) {
      out.add(col(r).cast("date").as(PREFIX + r));
    }
    return out.toArray(new Column[0]);
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
  public void add(long[] totals, InternalRow patient, int[] at) {
    if (patient.isNullAt(at[0])) {
      return;
    }
    totals[0] += patient.getInt(at[0]);
    for (int y = 0; y < yearFrom.length; y++) {
      int from = yearFrom[y];
      int to = yearTo[y];
      int age = firstYear + y - patient.getInt(at[1]);
      boolean linked = overlaps(patient, at[2], at[3], from, to)
          || overlaps(patient, at[4], at[5], from, to);
      if (!(linked && age >= 16 && age <= 64 && overlaps(patient, at[6], at[7], from, to))) {
        continue;
      }
      totals[1 + 3 * y]++;
      totals[2 + 3 * y] += overlaps(patient, at[8], at[9], from, to) ? 1 : 0;
      totals[3 + 3 * y] += overlaps(patient, at[10], at[11], from, to) ? 1 : 0;
    }
    totals[totals.length - 1]++;
  }

  /**
   * Whether the range [start, end] of the row (no start: none; no end: open) meets
   * [from, to].
   */
  private static boolean overlaps(InternalRow r, int start, int end, int from, int to) {
    return !r.isNullAt(start) && r.getInt(start) <= to
        && (r.isNullAt(end) || r.getInt(end) >= from);
  }
}
