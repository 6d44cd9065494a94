package org.ijcampaign.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which semesters make the headline's baseline: after the selection, before the campaign. */
class EvaluationPlanTest {

  private static List<String> baseline(List<String> selection, String treatmentStart) {
    return new CampaignConfig.EvaluationPlan("c", Period.parse("2022S2"), Period.parse("2026S2"),
        selection.stream().map(Period::parse).toList(), LocalDate.parse(treatmentStart))
        .cleanBaseline().stream().map(Period::label).toList();
  }

  @Test
  void theBaselineIsEverySemesterWhollyBetweenTheSelectionAndTheCampaign() {
    assertEquals(List.of("2023S1", "2023S2"), baseline(List.of("2022S2"), "2024-01-01"));
    // The 2023 campaign's own observation, September to February: 2023S1 overlaps it.
    assertEquals(List.of("2023S2"), baseline(List.of("2022-09-01_2023-02-28"), "2024-01-01"));
    // A campaign acting on 1 September: 2025S2 has begun by then.
    assertEquals(List.of("2025S1"), baseline(List.of("2024S1", "2024S2"), "2025-09-01"));
    // None between: the estimate says NO_BASELINE.
    assertEquals(List.of(), baseline(List.of("2022S2"), "2023-03-01"));
  }

  @Test
  void theBundledCampaignEvaluates2023FromTheSemestersOf2023() {
    CampaignConfig.EvaluationPlan p = ConfigLoader.bundledCampaign().evaluation();
    assertEquals(List.of("2022S2"), p.selection().stream().map(Period::label).toList());
    assertEquals(LocalDate.parse("2024-01-01"), p.treatmentStart());
    assertEquals(List.of("2023S1", "2023S2"),
        p.cleanBaseline().stream().map(Period::label).toList());
  }
}
