package org.ijcampaign.dashboard;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.SafeNames;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.ProjectVersion;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.schema.Evaluation;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Tables;
import org.ijcampaign.schema.Targeting;
import org.ijcampaign.targeting.TargetJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code dashboard} job: one self-contained HTML page per campaign ({@code
 * out/<campaign>.html}) with the funnel plot, the ratios by territory, the targeted GPs by
 * region and wave, the evaluated campaign's semester series and the fairness audit, drawn by
 * Apache ECharts, whose script is embedded so that the page opens without a network. Only the
 * small datasets of {@link DashboardData} come to the driver.
 */
public final class DashboardJob {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardJob.class);
  static final String TEMPLATE = "dashboard/dashboard.html";
  /** The webjar's own description of itself, which names the version inside its paths. */
  static final String ECHARTS_POM =
      "META-INF/maven/org.webjars.npm/echarts/pom.properties";

  private DashboardJob() {}

  /** Writes the page; returns the number of data items per chart. */
  public static Map<String, Integer> run(DeltaStore store, RunLog log, CampaignConfig c,
      long maxFunnelPoints, String out) {
    Instant t0 = Instant.now();
    Path file = SafeNames.child(new Path(out), "campaign.name", c.name() + ".html");
    String period = c.observation().label();
    TargetJob.Written written = TargetJob.written(store, c);
    Dataset<Row> targeting = written.rows();
    long profiled = written.count();
    Dataset<Row> expected = store.read(Tables.EXPECTED_IJ)
        .where(col(Expected.PERIOD).equalTo(period));
    Dataset<Row> territories = store.read(Tables.TERRITORIES)
        .where(col(Profile.PERIOD).equalTo(period));
    String evaluated = c.evaluation().campaign();
    Map<String, List<String>> data = new LinkedHashMap<>();
    data.put("statuses", json(DashboardData.statuses(targeting)));
    data.put("funnel", json(DashboardData.funnel(expected, targeting, maxFunnelPoints)));
    data.put("territories", json(DashboardData.ratioByTerritory(expected, territories)));
    data.put("regions", json(DashboardData.targetedByRegionAndWave(targeting)));
    data.put("series", store.exists(Tables.EVALUATION_SERIES)
        ? json(DashboardData.series(store.read(Tables.EVALUATION_SERIES)
            .where(col(Evaluation.CAMPAIGN).equalTo(evaluated)))) : List.of());
    data.put("balance", store.exists(Tables.EVALUATION_BALANCE)
        ? json(DashboardData.balance(store.read(Tables.EVALUATION_BALANCE)
            .where(col(Evaluation.CAMPAIGN).equalTo(evaluated)))) : List.of());
    data.put("headline", store.exists(Tables.CAMPAIGN_EVALUATION)
        ? json(DashboardData.headline(store.read(Tables.CAMPAIGN_EVALUATION)
            .where(col(Evaluation.CAMPAIGN).equalTo(evaluated)))) : List.of());
    data.put("fairness", store.exists(Tables.FAIRNESS)
        ? json(DashboardData.fairness(store.read(Tables.FAIRNESS)
            .where(col(Targeting.CAMPAIGN).equalTo(c.name())))) : List.of());

    Map<String, String> text = new LinkedHashMap<>();
    text.put("TITLE", "campagne " + c.name());
    text.put("CAMPAIGN", c.name());
    text.put("PERIOD", period);
    text.put("EVALUATED", evaluated);
    text.put("VERSION", ProjectVersion.get());
    text.put("WAREHOUSE", store.warehouse());
    text.put("FUNNEL_NOTE", data.get("funnel").size() + " points drawn, at most "
        + maxFunnelPoints + " sampled");
    String html = html(data, text, echarts());

    try {
      FileSystem fs = file.getFileSystem(store.spark().sparkContext().hadoopConfiguration());
      fs.setWriteChecksum(false);
      try (OutputStream os = fs.create(file, true)) {
        os.write(html.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the dashboard " + file, e);
    }
    Map<String, Integer> items = new LinkedHashMap<>();
    data.forEach((k, v) -> items.put(k, v.size()));
    LOG.info("[dashboard] {}: {} written, data items {}", c.name(), file, items);
    for (Map.Entry<String, Integer> e : items.entrySet()) {
      if (e.getValue() == 0) {
        LOG.warn("[dashboard] {}: the chart '{}' has no data", c.name(), e.getKey());
      }
    }
    log.stage("dashboard " + c.name(), profiled,
        items.values().stream().mapToLong(Integer::longValue).sum(),
        Duration.between(t0, Instant.now()));
    return items;
  }

  /** Rows as JSON objects: a small dataset only. */
  static List<String> json(Dataset<Row> small) {
    return small.toJSON().collectAsList();
  }

  /**
   * The page: the template with its text placeholders (HTML-escaped) and its data filled in.
   * Data goes in a script element, where "</" would end the element: it is written "<\/".
   */
  static String html(Map<String, List<String>> data, Map<String, String> text, String script) {
    StringBuilder json = new StringBuilder("{");
    data.forEach((k, rows) -> json.append(json.length() > 1 ? ",\n" : "\n").append('"')
        .append(k).append("\": [").append(String.join(",\n", rows)).append(']'));
    json.append("\n}");
    String page = resource(TEMPLATE);
    for (Map.Entry<String, String> e : text.entrySet()) {
      page = page.replace("{{" + e.getKey() + "}}", escape(e.getValue()));
    }
    // Data and script last, so that nothing inside them is taken for a placeholder.
    int d = page.indexOf("{{DATA}}");
    page = page.substring(0, d) + json.toString().replace("</", "<\\/")
        + page.substring(d + "{{DATA}}".length());
    int s = page.indexOf("{{ECHARTS}}");
    return page.substring(0, s) + script.replace("</script", "<\\/script")
        + page.substring(s + "{{ECHARTS}}".length());
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** ECharts' minified script, from the webjar on the classpath. */
  static String echarts() {
    Properties pom = new Properties();
    try (InputStream in = resourceStream(ECHARTS_POM)) {
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return resource("META-INF/resources/webjars/echarts/" + pom.getProperty("version")
        + "/dist/echarts.min.js");
  }

  private static String resource(String name) {
    try (InputStream in = resourceStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resourceStream(String name) {
    InputStream in = DashboardJob.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("missing from the jar: " + name);
    }
    return in;
  }
}
