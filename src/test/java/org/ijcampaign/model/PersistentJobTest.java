package org.ijcampaign.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.config.Period;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.profile.ProfileJob.ClaimSpan;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Tables;
import org.junit.jupiter.api.Test;

/** Which profiled periods the persistent ratio of a campaign is built from. */
class PersistentJobTest extends SparkTestBase {
  private static final CampaignConfig PERSISTENT =
      ConfigLoader.loadCampaign(new File("conf/campaigns/2025-2026-persistent.conf"));

  private DeltaStore storeWith(String... periods) {
    DeltaStore store = new DeltaStore(spark(), tempDir("persistent-wh").toString());
    TableRows rows = TableRows.of(Tables.GP_PERIOD_PROFILE);
    for (String p : periods) {
      rows.row(Profile.PERIOD, p, Profile.PHYSICIAN_ID, "G1");
    }
    store.overwrite(rows.toDataset(spark()), Tables.GP_PERIOD_PROFILE, Profile.PERIOD);
    return store;
  }

  /**
   * Given semesters up to 2025S2, the 2024 observation year and a 2022-2023 campaign window:
   * the campaign starting 2025-09-01 and observing 2024 uses the calendar semesters up to 2024S2
   * (2025S1 ends before the campaign but after its data), in order.
   */
  @Test
  void usesTheCalendarSemestersUpToTheObservationPeriodsEnd() {
    DeltaStore store = storeWith("2023S2", "2022S1", "2024", "2022-09-01_2023-02-28", "2022S2",
        "2023S1", "2024S1", "2024S2", "2025S1", "2025S2");
    assertEquals(List.of("2022S1", "2022S2", "2023S1", "2023S2", "2024S1", "2024S2"),
        PersistentJob.semesters(store, PERSISTENT).stream().map(Period::label).toList());
  }

  /**
   * Claims paid from 3 December 2021 (the tails of stops running on 1 January 2022) to 31
   * January 2025: 2021S2 is only clipped by the extract and is left out; 2022S1 starts after
   * the first paid day and is kept; 2024S2 ends before the last. Without a claims table nothing
   * is left out.
   */
  @Test
  void leavesOutASemesterTheClaimsDoNotCoverWhole() {
    List<Period> profiled = Stream.of("2021S2", "2022S1", "2022S2", "2023S1", "2023S2", "2024S1",
        "2024S2").map(Period::semester).toList();
    ClaimSpan span = new ClaimSpan(LocalDate.of(2021, 12, 3), LocalDate.of(2025, 1, 31));
    assertEquals(List.of("2022S1", "2022S2", "2023S1", "2023S2", "2024S1", "2024S2"),
        PersistentJob.usable(profiled, PERSISTENT, span).stream().map(Period::label).toList());
    ClaimSpan endsEarly = new ClaimSpan(LocalDate.of(2021, 6, 30), LocalDate.of(2024, 12, 30));
    assertEquals(List.of("2021S2", "2022S1", "2022S2", "2023S1", "2023S2", "2024S1"),
        PersistentJob.usable(profiled, PERSISTENT, endsEarly).stream().map(Period::label)
            .toList());
    assertEquals(7, PersistentJob.usable(profiled, PERSISTENT, null).size());
  }

  /**
   * Under WINDOW noise the window 2024-01-01_2024-12-31 of semesters 2024S1 and 2024S2 is read
   * from the warehouse when it is there (no claims needed to profile it), and refused when it was
   * profiled with another replacement rule than the semesters.
   */
  @Test
  void readsTheWindowOfTheSemestersProfiledWithTheirReplacementRule() {
    List<Period> semesters = List.of(Period.semester("2024S1"), Period.semester("2024S2"));
    DeltaStore store = new DeltaStore(spark(), tempDir("persistent-window").toString());
    RunLog log = new RunLog(store, "persistent", Map.of(), "test", "h");
    TableRows same = TableRows.of(Tables.GP_PERIOD_PROFILE);
    for (String p : List.of("2024S1", "2024S2", "2024-01-01_2024-12-31")) {
      same.row(Profile.PERIOD, p, Profile.PHYSICIAN_ID, "G1", Profile.REPLACEMENT_RULE, true);
    }
    store.overwrite(same.toDataset(spark()), Tables.GP_PERIOD_PROFILE, Profile.PERIOD);
    assertEquals(1, PersistentJob.windowProfile(store, log, ConfigLoader.loadApp(null),
        semesters).count());

    TableRows other = TableRows.of(Tables.GP_PERIOD_PROFILE)
        .row(Profile.PERIOD, "2024-01-01_2024-12-31", Profile.PHYSICIAN_ID, "G1",
            Profile.REPLACEMENT_RULE, false);
    store.replaceSlice(other.toDataset(spark()), Tables.GP_PERIOD_PROFILE, Profile.PERIOD,
        "2024-01-01_2024-12-31", Profile.PERIOD);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> PersistentJob.windowProfile(store, log, ConfigLoader.loadApp(null), semesters));
    assertEquals(true, e.getMessage().contains("profile the window again (profile --period "
        + "2024-01-01_2024-12-31)"), e.getMessage());
  }

  @Test
  void refusesAWarehouseWithFewerSemestersThanTheCampaignDemands() {
    DeltaStore store = storeWith("2024S1", "2024S2", "2024");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> PersistentJob.run(store, new RunLog(store, "persistent", Map.of(), "test", "h"),
            ConfigLoader.loadApp(null), PERSISTENT));
    assertEquals(true, e.getMessage().contains("needs 4 profiled semesters before 2025-09-01; "
        + "the warehouse holds [2024S1, 2024S2]"), e.getMessage());
  }
}
