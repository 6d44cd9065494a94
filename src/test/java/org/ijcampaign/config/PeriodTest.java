package org.ijcampaign.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeriodTest {
  @Test
  void semestersCoverJanuaryToJuneAndJulyToDecember() {
    assertEquals(new Period("2024S1", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 6, 30)),
        Period.semester("2024S1"));
    assertEquals(184, Period.semester("2024S2").days());
    assertEquals(182, Period.semester("2024S1").days()); // 2024 is a leap year
  }

  @Test
  void anExplicitRangeIsLabelledByItsDatesAndASemesterRangeByItsName() {
    assertEquals("2022-09-01_2023-02-28",
        Period.of(LocalDate.of(2022, 9, 1), LocalDate.of(2023, 2, 28)).label());
    assertEquals("2023S2", Period.of(LocalDate.of(2023, 7, 1), LocalDate.of(2023, 12, 31))
        .label());
    assertEquals(Period.parse("2022-09-01_2023-02-28"),
        Period.of(LocalDate.of(2022, 9, 1), LocalDate.of(2023, 2, 28)));
  }

  @Test
  void listsTheSemestersOverlappingARange() {
    assertEquals(List.of("2022S2", "2023S1"),
        Period.semestersBetween(LocalDate.of(2022, 9, 1), LocalDate.of(2023, 2, 28)).stream()
            .map(Period::label).toList());
  }

  @Test
  void thePreviousPeriodIsTheSemesterBeforeOrTheSameNumberOfDaysBefore() {
    assertEquals("2022S1", Period.semester("2022S2").previous().label());
    assertEquals("2021S2", Period.semester("2022S1").previous().label());
    // 181 days from 2022-09-01 to 2023-02-28; the 181 days before end on 2022-08-31.
    assertEquals("2022-03-04_2022-08-31", Period.parse("2022-09-01_2023-02-28").previous()
        .label());
  }

  @Test
  void refusesAnEndBeforeItsStart() {
    assertThrows(ConfigError.class,
        () -> new Period("x", LocalDate.of(2024, 2, 1), LocalDate.of(2024, 1, 1)));
    assertThrows(ConfigError.class, () -> Period.parse("2024S3"));
  }
}
