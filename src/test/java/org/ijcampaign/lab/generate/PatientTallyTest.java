package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.io.LandingParts;
import org.ijcampaign.schema.Patients;
import org.junit.jupiter.api.Test;

class PatientTallyTest extends SparkTestBase {

  /** Claims of 2022 to 2024. */
  private static final GenerateSpec SPEC = new GenerateSpec(10, 1, 2022, 2024, 1, false, 8, 1.0,
      new Scenario(0.25, 0.2, 0.0, 0.0, 0.02, 2.2, 3.5, 0.0, 0.0, 0.0));

  private static final StructType LINK = new StructType()
      .add(Population.LINK_GP, DataTypes.LongType)
      .add(Population.LINK_NO, DataTypes.IntegerType)
      .add(Population.LINK_START, DataTypes.DateType)
      .add(Population.LINK_END, DataTypes.DateType);

  private static final StructType PATIENTS = new StructType()
      .add(Patients.PATIENT_ID, DataTypes.StringType)
      .add(Patients.BIRTH_YEAR, DataTypes.IntegerType)
      .add(Patients.ACTIVE_START, DataTypes.DateType)
      .add(Patients.ACTIVE_END, DataTypes.DateType)
      .add(Patients.ALD_START, DataTypes.DateType)
      .add(Patients.ALD_END, DataTypes.DateType)
      .add(Patients.C2S_START, DataTypes.DateType)
      .add(Patients.C2S_END, DataTypes.DateType)
      .add(Population.LINKS, DataTypes.createArrayType(LINK));

  private static Date d(String day) {
    return day == null ? null : Date.valueOf(day);
  }

  private static Row link(int no, String start, String end) {
    return RowFactory.create(1L, no, d(start), d(end));
  }

  private static Row patient(String id, int born, String activeFrom, String activeTo,
      String aldFrom, String aldTo, String c2sFrom, String c2sTo, Row... links) {
    return RowFactory.create(id, born, d(activeFrom), d(activeTo), d(aldFrom), d(aldTo),
        d(c2sFrom), d(c2sTo), Arrays.asList(links));
  }

  @Test
  void countsTheActivePatientsOfEachYearAndLeavesThePlantedRowsOut() {
    Dataset<Row> patients = spark().createDataFrame(List.of(
        // employed since 2010, in ALD from June 2023, one open link: active every year
        patient("P1", 1980, "2010-01-01", null, "2023-06-01", null, null, null,
            link(0, "2015-01-01", null)),
        // 62 in 2022, out of work from April 2023, C2S until mid-2022, a second GP from April
        // 2022: active in 2022 and 2023
        patient("P2", 1960, "2000-01-01", "2023-03-31", null, null, "2021-01-01", "2022-06-30",
            link(0, "2019-01-01", "2022-02-28"), link(1, "2022-04-01", null)),
        // 15 in 2022, employed and linked from 2024 only: active in 2024
        patient("P3", 2007, "2024-01-01", null, null, null, null, null,
            link(0, "2024-02-01", null)),
        // never employed: never active
        patient("P4", 1990, null, null, null, null, null, null, link(0, "2020-01-01", null))),
        PATIENTS);
    List<Column> columns = new ArrayList<>(List.of(col(Patients.PATIENT_ID)));
    columns.addAll(List.of(PatientTally.inputs()));
    Dataset<Row> real = patients.select(columns.toArray(new Column[0]));
    // a planted row: its tally columns are null (LandingZone.withPlanted)
    Dataset<Row> planted = spark().range(1).select(Arrays.stream(real.schema().fields())
        .map((StructField f) -> f.name().equals(Patients.PATIENT_ID) ? lit("P5").as(f.name())
            : lit(null).cast(f.dataType()).as(f.name())).toArray(Column[]::new));

    PatientTally tally = new PatientTally(SPEC);
    LandingParts.Written w = LandingParts.writeJoined(real.union(planted),
        tempDir("patient-tally").resolve("patients.csv").toString(), tally);
    Map<String, Object> v = tally.values(w.totals());

    assertEquals(5L, w.lines());
    assertEquals(4L, v.get("rows"));
    assertEquals(5L, v.get("links"));
    assertEquals(2L, v.get("active_patients_2022"));
    assertEquals(2L, v.get("active_patients_2023"));
    assertEquals(2L, v.get("active_patients_2024"));
    assertEquals(0L, v.get("active_ald_2022"));
    assertEquals(1L, v.get("active_ald_2023"));
    assertEquals(1L, v.get("active_ald_2024"));
    assertEquals(1L, v.get("active_c2s_2022"));
    assertEquals(0L, v.get("active_c2s_2023"));
    assertEquals(0L, v.get("active_c2s_2024"));
  }
}
