package org.ijcampaign.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The savings' arithmetic (docs/evaluation.md, "What is estimated"), on figures checked by hand. */
class SavingsTest {

  @Test
  void eurosPerDayAreTheFollowUpsEurosOverItsDays() {
    assertEquals(60.0, Savings.eurPerDay(6_000, 100), 1e-12);
  }

  /** 40 days saved at 60 € a day; an interval end below 0 (5 days more paid) is a cost. */
  @Test
  void savedDaysAndTheirIntervalEndsAreEurosAtTheFollowUpsRate() {
    assertEquals(2_400.0, Savings.euros(40, 60), 1e-12);
    assertEquals(-300.0, Savings.euros(-5, 60), 1e-12);
  }

  /**
   * The treated would have been paid 200 days at their baseline rates; all other GPs' rate grew
   * by 10 %, so 220 without the campaign, against 180 paid: 40 days saved.
   */
  @Test
  void publishedSavingsMoveTheTreatedsBaselineDaysLikeAllOtherGpsRate() {
    assertEquals(40.0, Savings.publishedDays(200, 1.1, 180), 1e-9);
  }

  /** Paid 230 days where 220 were expected: the comparison says 10 days were lost. */
  @Test
  void publishedSavingsAreNegativeWhenTheTreatedWerePaidMoreThanExpected() {
    assertEquals(-10.0, Savings.publishedDays(200, 1.1, 230), 1e-9);
  }
}
