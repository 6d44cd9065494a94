package org.ijcampaign.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class DashboardDataTest extends SparkTestBase {
  private static final StructType EXPECTED = new StructType()
      .add("physician_id", DataTypes.StringType).add("expected_days", DataTypes.DoubleType)
      .add("ratio", DataTypes.DoubleType).add("funnel_95_low", DataTypes.DoubleType)
      .add("funnel_95_high", DataTypes.DoubleType).add("funnel_998_low", DataTypes.DoubleType)
      .add("funnel_998_high", DataTypes.DoubleType);
  private static final StructType TARGETING = new StructType()
      .add("physician_id", DataTypes.StringType).add("status", DataTypes.StringType)
      .add("region_code", DataTypes.StringType).add("wave", DataTypes.StringType);
  private static final StructType TERRITORIES = new StructType()
      .add("physician_id", DataTypes.StringType).add("cluster", DataTypes.IntegerType)
      .add("supply_class", DataTypes.IntegerType);

  /** A GP's expected days and ratio, with the 95 % and 99.8 % funnel limits of his ratio. */
  private static Object[] expected(String gp, double days, double ratio, double low95,
      double high95, double low998, double high998) {
    return new Object[] {"physician_id", gp, "expected_days", days, "ratio", ratio,
        "funnel_95_low", low95, "funnel_95_high", high95, "funnel_998_low", low998,
        "funnel_998_high", high998};
  }

  /** A GP's targeting status, region and wave. */
  private static Object[] targeting(String gp, String status, String region, String wave) {
    return new Object[] {"physician_id", gp, "status", status, "region_code", region, "wave",
        wave};
  }

  /** 200 GPs; GP i expects 10 + i days, ratio 1 + i/100. */
  private Dataset<Row> expected(int n) {
    TableRows rows = TableRows.of(EXPECTED);
    for (int i = 0; i < n; i++) {
      rows.row(expected("G" + i, 10.0 + i, 1.0 + i / 100.0, 0.5, 1.5, 0.3, 1.8));
    }
    return rows.toDataset(spark());
  }

  @Test
  void theFunnelsLowerLimitsStopAtZeroWhereTheNoiseIsWide() {
    // A small list: 1 - 1.96 s and 1 - 3.09 s below zero; a ratio cannot be.
    Dataset<Row> expected = TableRows.of(EXPECTED)
        .row(expected("G1", 2.0, 0.0, -0.4, 2.4, -1.2, 3.2))
        .row(expected("G2", 400.0, 1.1, 0.9, 1.1, 0.84, 1.16))
        .toDataset(spark());
    List<Row> points = DashboardData.funnel(expected,
        TableRows.of(TARGETING).toDataset(spark()), 10).collectAsList();
    assertEquals(0.0, points.get(0).<Double>getAs("funnel_95_low"));
    assertEquals(0.0, points.get(0).<Double>getAs("funnel_998_low"));
    assertEquals(2.4, points.get(0).<Double>getAs("funnel_95_high"));
    assertEquals(0.9, points.get(1).<Double>getAs("funnel_95_low"));
    assertEquals(0.84, points.get(1).<Double>getAs("funnel_998_low"));
  }

  @Test
  void theFunnelKeepsEveryNamedGpAndSamplesTheOthersDeterministically() {
    Dataset<Row> targeting = TableRows.of(TARGETING)
        .row(targeting("G7", "TARGETED", "11", "1"))
        .row(targeting("G8", "FAILS_SAFEGUARD", "11", null))
        .row(targeting("G9", "BELOW_THRESHOLD", "11", null))
        .toDataset(spark());
    List<Row> all = DashboardData.funnel(expected(200), targeting, 1000).collectAsList();
    assertEquals(200, all.size(), "fewer GPs than the bound: all drawn");
    List<Row> few = DashboardData.funnel(expected(200), targeting, 20).collectAsList();
    // About 20 sampled (a hash sample: 10 % of the buckets), plus the two named GPs.
    Assertions.assertTrue(few.size() >= 8 && few.size() <= 40, "points " + few.size());
    assertEquals(1, few.stream().filter(r -> "TARGETED".equals(r.getAs("status"))).count());
    assertEquals(1, few.stream().filter(r -> "FAILS_SAFEGUARD".equals(r.getAs("status")))
        .count());
    // GPs without a targeting row are drawn as not targeted, never dropped.
    Assertions.assertTrue(all.stream().anyMatch(r -> "NOT_TARGETED".equals(r.getAs("status"))));
    assertEquals(few, DashboardData.funnel(expected(200), targeting, 20).collectAsList(),
        "the same run draws the same points");
    Assertions.assertFalse(List.of(few.get(0).schema().fieldNames()).contains("physician_id"),
        "the page carries no identifier");
  }

  @Test
  void ratiosByTerritoryClassAreFiveNumberSummaries() {
    // Class (1, 2): ratios 1, 2, 3, 4, 5 -> min 1, quartiles 2, 3, 4, max 5. Class (2, 1): 0.5.
    Dataset<Row> expected = TableRows.of(EXPECTED)
        .row(expected("A", 1.0, 1.0, 0.0, 0.0, 0.0, 0.0))
        .row(expected("B", 1.0, 2.0, 0.0, 0.0, 0.0, 0.0))
        .row(expected("C", 1.0, 3.0, 0.0, 0.0, 0.0, 0.0))
        .row(expected("D", 1.0, 4.0, 0.0, 0.0, 0.0, 0.0))
        .row(expected("E", 1.0, 5.0, 0.0, 0.0, 0.0, 0.0))
        .row(expected("F", 1.0, 0.5, 0.0, 0.0, 0.0, 0.0))
        .toDataset(spark());
    Dataset<Row> territories = TableRows.of(TERRITORIES)
        .row("physician_id", "A", "cluster", 1, "supply_class", 2)
        .row("physician_id", "B", "cluster", 1, "supply_class", 2)
        .row("physician_id", "C", "cluster", 1, "supply_class", 2)
        .row("physician_id", "D", "cluster", 1, "supply_class", 2)
        .row("physician_id", "E", "cluster", 1, "supply_class", 2)
        .row("physician_id", "F", "cluster", 2, "supply_class", 1)
        .toDataset(spark());
    List<Row> out = DashboardData.ratioByTerritory(expected, territories).collectAsList();
    assertEquals(2, out.size());
    assertEquals("cluster 1 / supply 2", out.get(0).getAs("label"));
    assertEquals(5L, (long) out.get(0).getAs("gps"));
    assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0), out.get(0).getList(2));
    assertEquals("cluster 2 / supply 1", out.get(1).getAs("label"));
    assertEquals(List.of(0.5, 0.5, 0.5, 0.5, 0.5), out.get(1).getList(2));
  }

  @Test
  void targetedGpsAreCountedByRegionAndWave() {
    Dataset<Row> targeting = TableRows.of(TARGETING)
        .row(targeting("A", "TARGETED", "11", "1"))
        .row(targeting("B", "TARGETED", "11", "1"))
        .row(targeting("C", "TARGETED", "11", "2"))
        .row(targeting("D", "TARGETED", "84", "1"))
        .row(targeting("E", "FAILS_SAFEGUARD", "84", "1"))
        .toDataset(spark());
    List<String> out = DashboardData.targetedByRegionAndWave(targeting).collectAsList().stream()
        .map(r -> r.get(0) + "/" + r.get(1) + ":" + r.get(2)).toList();
    assertEquals(List.of("11/1:2", "11/2:1", "84/1:1"), out);
    List<String> statuses = DashboardData.statuses(targeting).collectAsList().stream()
        .map(r -> r.get(0) + ":" + r.get(1)).toList();
    assertEquals(List.of("FAILS_SAFEGUARD:1", "TARGETED:4"), statuses);
  }

  @Test
  void theSeriesLeavesOutTheSemestersTheExtractionCoversInPart() {
    StructType schema = new StructType().add("period", DataTypes.StringType)
        .add("group", DataTypes.StringType).add("gps", DataTypes.LongType)
        .add("rate", DataTypes.DoubleType);
    // ALL_OTHER's semester rates 0.3, 7.0, 7.5, 7.6, 0.4: median 7.0, so semesters below 3.5
    // (2021S2, 2025S1) are partial; the yearly period is not a semester.
    Dataset<Row> series = TableRows.of(schema)
        .row("period", "2021S2", "group", "ALL_OTHER", "gps", 90L, "rate", 0.3)
        .row("period", "2021S2", "group", "MSO", "gps", 9L, "rate", 0.6)
        .row("period", "2022S1", "group", "ALL_OTHER", "gps", 90L, "rate", 7.0)
        .row("period", "2022S1", "group", "MSO", "gps", 9L, "rate", 18.0)
        .row("period", "2022S2", "group", "ALL_OTHER", "gps", 90L, "rate", 7.5)
        .row("period", "2022S2", "group", "MSO", "gps", 9L, "rate", 17.0)
        .row("period", "2023S1", "group", "ALL_OTHER", "gps", 90L, "rate", 7.6)
        .row("period", "2022-01-01_2022-12-31", "group", "ALL_OTHER", "gps", 90L, "rate", 7.2)
        .row("period", "2025S1", "group", "ALL_OTHER", "gps", 90L, "rate", 0.4)
        .row("period", "2025S1", "group", "MSO", "gps", 9L, "rate", 0.2)
        .toDataset(spark());
    List<String> out = DashboardData.series(series).collectAsList().stream()
        .map(r -> r.get(0) + "/" + r.get(1)).toList();
    assertEquals(List.of("2022S1/ALL_OTHER", "2022S1/MSO", "2022S2/ALL_OTHER", "2022S2/MSO",
        "2023S1/ALL_OTHER"), out);
  }

  @Test
  void thePageEmbedsItsDataAndScriptSafely() {
    Map<String, List<String>> data = new LinkedHashMap<>();
    data.put("funnel", List.of("{\"x\":\"</script><b>\"}"));
    Map<String, String> text = new LinkedHashMap<>();
    text.put("TITLE", "a <b> & c");
    String page = DashboardJob.html(data, text, "var s = '</script>';");
    Assertions.assertTrue(page.contains("<title>ij-campaign — a &lt;b&gt; &amp; c</title>"), page);
    Assertions.assertTrue(page.contains("{\"x\":\"<\\/script><b>\"}"), "data cannot close its element");
    Assertions.assertTrue(page.contains("var s = '<\\/script>';"), "nor can the script");
    assertEquals(1, page.split("<script>\\s*const DATA", -1).length - 1);
    for (String chart : List.of("funnel", "territories", "regions", "series", "balance",
        "fairness")) {
      Assertions.assertTrue(page.contains("id=\"" + chart + "\""), chart);
    }
  }

  @Test
  void theChartingLibraryComesFromTheJarNotTheNetwork() {
    String script = DashboardJob.echarts();
    Assertions.assertTrue(script.length() > 500_000, "echarts.min.js, " + script.length() + " chars");
    Assertions.assertTrue(script.contains("echarts"));
  }
}
