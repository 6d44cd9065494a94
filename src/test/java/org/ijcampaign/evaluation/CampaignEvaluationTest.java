package org.ijcampaign.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.HistoryEvents;
import org.ijcampaign.SparkTestBase;
import org.junit.jupiter.api.Test;

class CampaignEvaluationTest extends SparkTestBase {

  private Dataset<Row> history() {
    return HistoryEvents.rows()
        .row(HistoryEvents.event("G1", "2023", "MSO", "2023-03-01", 7.5))
        .row(HistoryEvents.event("G2", "2023", "MSAP", "2023-03-01", null))
        .row(HistoryEvents.event("G3", "2023", "MSO", "2023-03-01", 9.0))
        .row(HistoryEvents.event("G3", "2023", "MSAP", "2023-09-01", null))
        .row(HistoryEvents.event("G4", "2023", "EXCHANGE", "2023-01-10", null))
        .row(HistoryEvents.event("G5", "2025", "MSO", "2025-09-01", 5.0))
        .toDataset(spark());
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
