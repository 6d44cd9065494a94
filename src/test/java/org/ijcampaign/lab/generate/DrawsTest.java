package org.ijcampaign.lab.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Poisson inversion, checked by hand against the CDF of a mean-1 Poisson law. */
class DrawsTest {

  @Test
  void invertsThePoissonCdfAtTheFirstCountThatReachesU() {
    // P(0) = e^-1 = 0.368, P(≤1) = 0.736, P(≤2) = 0.920, P(≤3) = 0.981
    assertEquals(0, Draws.invertPoisson(0.10, 1.0, 9));
    assertEquals(1, Draws.invertPoisson(0.50, 1.0, 9));
    assertEquals(2, Draws.invertPoisson(0.90, 1.0, 9));
    assertEquals(3, Draws.invertPoisson(0.95, 1.0, 9));
  }

  @Test
  void stopsAtTheBoundAndTriesOneCountEvenWithABoundOfZero() {
    assertEquals(2, Draws.invertPoisson(0.99, 1.0, 2));
    assertEquals(1, Draws.invertPoisson(0.99, 1.0, 0));
  }
}
