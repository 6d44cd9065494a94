package org.ijcampaign.operations;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
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
  private PrivacyScan() {}

  public static List<String> scan(DeltaStore store, int minCellPatients) {
    List<String> problems = new ArrayList<>();
    Dataset<Row> patientIds = store.read(Tables.PATIENTS).select(col(Patients.PATIENT_ID)
        .as("_pid")).distinct();
    for (String table : Maintenance.tables(store)) {
      if (SqlViews.PATIENT_LEVEL.contains(table) || table.equals(Tables.PATIENTS)) {
        continue;
      }
      Dataset<Row> t = store.read(table);
      for (StructField f : t.schema().fields()) {
        if (f.name().toLowerCase().contains("patient_id")) {
          problems.add(table + ": has a patient identifier column " + f.name());
        }
        if (f.dataType().equals(DataTypes.StringType)) {
          long hits = t.select(col(f.name()).as("_v")).distinct()
              .join(patientIds, col("_v").equalTo(col("_pid")), "left_semi").count();
          if (hits > 0) {
            problems.add(table + "." + f.name() + ": " + hits + " values are patient ids");
          }
        }
      }
      if (java.util.Arrays.asList(t.columns()).contains(Profile.ACTIVE_PATIENTS)) {
        for (String share : Profile.SHARES) {
          if (java.util.Arrays.asList(t.columns()).contains(share)) {
            long small = t.where(col(Profile.ACTIVE_PATIENTS).lt(minCellPatients)
                .and(col(share).isNotNull())).count();
            if (small > 0) {
              problems.add(table + "." + share + ": " + small + " rows describe fewer than "
                  + minCellPatients + " patients");
            }
          }
        }
      }
    }
    return problems;
  }
}
