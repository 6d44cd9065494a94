package org.ijcampaign.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.ingest.Ingestion;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.Profile;
import org.junit.jupiter.api.Test;

class CampaignEvaluationTest extends SparkTestBase {

  private Dataset<Row> history() {
    Object[][] e = {
        {"G1", "2023", "MSO", "2023-03-01", 7.5},
        {"G2", "2023", "MSAP", "2023-03-01", null},
        {"G3", "2023", "MSO", "2023-03-01", 9.0},
        {"G3", "2023", "MSAP", "2023-09-01", null},
        {"G4", "2023", "EXCHANGE", "2023-01-10", null},
        {"G5", "2025", "MSO", "2025-09-01", 5.0}};
    List<Row> rows = new ArrayList<>();
    for (Object[] x : e) {
      rows.add(RowFactory.create(x[0], x[1], x[2], Date.valueOf((String) x[3]), x[4], null,
          "campaign_history.csv", 2L));
    }
    return spark().createDataFrame(rows,
        Ingestion.cleanSchema(LandingContract.CAMPAIGN_HISTORY));
  }

  @Test
  void treatsTheCampaignsMsoAndMsapGpsAnMsapWinning() {
    Map<String, String> got = new TreeMap<>();
    for (Row r : CampaignEvaluation.treated(history(), "2023").collectAsList()) {
      got.put(r.getString(0), r.getString(1) + " " + r.get(2));
    }
    assertEquals(Map.of("G1", "MSO 7.5", "G2", "MSAP null", "G3", "MSAP 9.0"), got);
  }
}
