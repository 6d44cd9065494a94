package org.ijcampaign.operations;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.schema.Patients;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Tables;

/**
 * Checks the analyst-facing tables (every table but the patient-level ones) for what must never
 * be in them: a patient identifier column, any string value equal to a patient identifier, and a
 * patientèle share published for fewer patients than the secrecy threshold. Returns the
 * problems found, empty when clean.
 */
public final class PrivacyScan {
  private static final String TABLE = "_table";
  private static final String COLUMN = "_column";
  private static final String VALUE = "_value";
  private static final String HITS = "_hits";

  private PrivacyScan() {}

  public static List<String> scan(DeltaStore store, int minCellPatients) {
    List<String> problems = new ArrayList<>();
    // Every string value of every scanned table as (table, column, value), looked up among the
    // patient ids in one query: a query per column costs a plan and a job each.
    Map<String, List<String>> stringColumns = new LinkedHashMap<>();
    List<Dataset<Row>> values = new ArrayList<>();
    for (String table : Maintenance.tables(store)) {
      if (SqlViews.PATIENT_LEVEL.contains(table) || table.equals(Tables.PATIENTS)) {
        continue;
      }
      Dataset<Row> t = store.read(table);
      List<String> strings = new ArrayList<>();
      for (StructField f : t.schema().fields()) {
        if (f.name().toLowerCase(Locale.ROOT).contains("patient_id")) {
          problems.add(table + ": has a patient identifier column " + f.name());
        }
        if (f.dataType().equals(DataTypes.StringType)) {
          strings.add(f.name());
        }
      }
      stringColumns.put(table, strings);
      if (!strings.isEmpty()) {
        values.add(t.select(explode(array(strings.stream()
                .map(c -> struct(lit(c).as(COLUMN), col(c).as(VALUE))).toArray(Column[]::new)))
                .as("_cv"))
            .select(lit(table).as(TABLE), col("_cv." + COLUMN).as(COLUMN),
                col("_cv." + VALUE).as(VALUE)));
      }
      problems.addAll(smallCells(table, t, minCellPatients));
    }
    Map<String, Long> hits = new HashMap<>();
    if (!values.isEmpty()) {
      Dataset<Row> patientIds = store.read(Tables.PATIENTS).select(col(Patients.PATIENT_ID)
          .as(VALUE));
      Dataset<Row> all = values.stream().reduce(Dataset::union).orElseThrow()
          .where(col(VALUE).isNotNull()).distinct();
      for (Row r : all.join(patientIds, all.col(VALUE).equalTo(patientIds.col(VALUE)),
              "left_semi")
          .groupBy(TABLE, COLUMN).agg(count(lit(1)).as(HITS)).collectAsList()) {
        hits.put(r.getAs(TABLE) + "." + r.getAs(COLUMN), r.getAs(HITS));
      }
    }
    stringColumns.forEach((table, columns) -> columns.forEach(c -> {
      Long n = hits.get(table + "." + c);
      if (n != null && n > 0) {
        problems.add(table + "." + c + ": " + n + " values are patient ids");
      }
    }));
    return problems;
  }

  /** Shares published for fewer patients than the threshold, counted in one query a table. */
  private static List<String> smallCells(String table, Dataset<Row> t, int minCellPatients) {
    List<String> columns = List.of(t.columns());
    List<String> shares = Profile.SHARES.stream().filter(columns::contains).toList();
    if (!columns.contains(Profile.ACTIVE_PATIENTS) || shares.isEmpty()) {
      return List.of();
    }
    Column small = col(Profile.ACTIVE_PATIENTS).lt(minCellPatients);
    Row counts = t.agg(count(when(small.and(col(shares.get(0)).isNotNull()), lit(1))),
        shares.subList(1, shares.size()).stream()
            .map(s -> count(when(small.and(col(s).isNotNull()), lit(1))))
            .toArray(Column[]::new)).head();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < shares.size(); i++) {
      long n = counts.getLong(i);
      if (n > 0) {
        problems.add(table + "." + shares.get(i) + ": " + n + " rows describe fewer than "
            + minCellPatients + " patients");
      }
    }
    return problems;
  }
}
