package org.ijcampaign.targeting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Tables;
import org.ijcampaign.schema.Targeting;
import org.junit.jupiter.api.Test;

class FairnessAuditTest extends SparkTestBase {
  private static final CampaignConfig C2025 =
      ConfigLoader.loadCampaign(new File("conf/campaigns/2025-2026.conf"));

  /** A liberal GP's targeting row, with the attributes the audit cuts by. */
  private static Object[] gp(String id, String status, String sex, int birthYear,
      String installed) {
    return new Object[] {Profile.PHYSICIAN_ID, id, Targeting.STATUS, status, Profile.SEX, sex,
        Profile.BIRTH_YEAR, birthYear, Profile.INSTALLATION_DATE, installed,
        Profile.EXERCISE_MODE, "LIBERAL"};
  }

  /** GPs 1 to 6, four women and two men; gp5Status, man 5's, is the one the safeguard sets. */
  private Dataset<Row> sixGps(String gp5Status) {
    return TableRows.of(Tables.TARGETING)
        .row(gp("1", Targeting.TARGETED, "F", 1980, "2010-01-01"))
        .row(gp("2", Targeting.TARGETED, "F", 1970, "2010-01-01"))
        .row(gp("3", "BELOW_THRESHOLD", "F", 1990, "2023-06-01"))
        .row(gp("4", "BELOW_THRESHOLD", "F", 1960, "2010-01-01"))
        .row(gp("5", gp5Status, "M", 1980, "2010-01-01"))
        .row(gp("6", "BELOW_THRESHOLD", "M", 1980, "2010-01-01"))
        .toDataset(spark());
  }

  @Test
  void setsEachCategorysShareOfTheTargetedBesideItsShareOfTheProfiled() {
    // Four women and two men profiled; the safeguard keeps two women and drops one man.
    Dataset<Row> on = sixGps(Targeting.FAILS_SAFEGUARD);
    Dataset<Row> off = sixGps(Targeting.TARGETED);
    Dataset<Row> territories = TargetingInputs.sixTerritories(spark(), "1", "2", "3", "4", "5",
        "6");

    Map<String, String> got = new TreeMap<>();
    for (Row r : FairnessAudit.audit(on, off, territories, C2025).collectAsList()) {
      got.put(r.getAs(FairnessAudit.DIMENSION) + "=" + r.getAs(FairnessAudit.CATEGORY),
          String.format("%d %.3f %d %s %s %d %.3f", r.<Long>getAs(FairnessAudit.PROFILED_GPS),
              r.<Double>getAs(FairnessAudit.PROFILED_SHARE),
              r.<Long>getAs(FairnessAudit.TARGETED_GPS),
              fmt(r.getAs(FairnessAudit.TARGETED_SHARE)),
              fmt(r.getAs(FairnessAudit.TARGETING_RATE)),
              r.<Long>getAs(FairnessAudit.TARGETED_NO_SAFEGUARD),
              r.<Double>getAs(FairnessAudit.TARGETED_SHARE_NO_SAFEGUARD)));
    }
    // profiled, its share, targeted, its share, targeting rate; the same without safeguard.
    assertEquals("4 0.667 2 1.000 0.500 2 0.667", got.get("sex=F"));
    assertEquals("2 0.333 0 0.000 0.000 1 0.333", got.get("sex=M"));
    // Ages in the observation year 2024: 44, 54, 34, 64, 44, 44.
    assertEquals("3 0.500 1 0.500 0.333 2 0.667", got.get("age_band=40-49"));
    assertEquals("1 0.167 1 0.500 1.000 1 0.333", got.get("age_band=50-59"));
    assertEquals("1 0.167 0 0.000 0.000 0 0.000", got.get("age_band=<40"));
    assertEquals("1 0.167 0 0.000 0.000 0 0.000", got.get("age_band=60+"));
    // Installed 2023-06-01: less than two years before 2024-01-01.
    assertEquals("1 0.167 0 0.000 0.000 0 0.000", got.get("years_installed=<2"));
    assertEquals("5 0.833 2 1.000 0.400 3 1.000", got.get("years_installed=10+"));
    assertEquals("3 0.500 2 1.000 0.667 3 1.000", got.get("cluster=1"));
    assertEquals("2 0.333 0 0.000 0.000 1 0.333", got.get("supply_class=1"));
    assertEquals("6 1.000 2 1.000 0.333 3 1.000", got.get("exercise_mode=LIBERAL"));
  }

  @Test
  void putsAGpWithoutInstallationDateInHisOwnCategory() {
    Dataset<Row> on = TableRows.of(Tables.TARGETING)
        .row(gp("1", Targeting.TARGETED, "F", 1980, null))
        .row(gp("2", "BELOW_THRESHOLD", "F", 1980, "2010-01-01"))
        .toDataset(spark());
    Dataset<Row> territories = TargetingInputs.territories()
        .row(TargetingInputs.territory("1", 1, 1))
        .row(TargetingInputs.territory("2", 1, 1))
        .toDataset(spark());
    Map<String, Long> targeted = new TreeMap<>();
    for (Row r : FairnessAudit.audit(on, on, territories, C2025).collectAsList()) {
      if ("years_installed".equals(r.getAs(FairnessAudit.DIMENSION))) {
        targeted.put(r.getAs(FairnessAudit.CATEGORY), r.<Long>getAs(FairnessAudit.TARGETED_GPS));
      }
    }
    assertEquals(Map.of(FairnessAudit.NOT_INSTALLED, 1L, "10+", 0L), targeted);
  }

  private static String fmt(Double d) {
    return d == null ? "null" : String.format("%.3f", d);
  }
}
