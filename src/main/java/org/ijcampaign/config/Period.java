package org.ijcampaign.config;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An observation period {@code [start, end]}, both inclusive, with a label used as the
 * partition value of period tables: {@code 2024S1} for a calendar semester, else
 * {@code 2022-09-01_2023-02-28}.
 */
public record Period(String label, LocalDate start, LocalDate end) {
  private static final Pattern SEMESTER = Pattern.compile("(\\d{4})S([12])");

  public Period {
    if (end.isBefore(start)) {
      throw new ConfigError("period " + label + ": end " + end + " is before start " + start);
    }
  }

  /** A calendar semester such as {@code 2024S1} (Jan–Jun) or {@code 2024S2} (Jul–Dec). */
  public static Period semester(String label) {
    Matcher m = SEMESTER.matcher(label);
    if (!m.matches()) {
      throw new ConfigError("'" + label + "' is not a semester label like 2024S1 or 2024S2");
    }
    int year = Integer.parseInt(m.group(1));
    boolean first = m.group(2).equals("1");
    LocalDate start = LocalDate.of(year, first ? 1 : 7, 1);
    LocalDate end = first ? LocalDate.of(year, 6, 30) : LocalDate.of(year, 12, 31);
    return new Period(label, start, end);
  }

  /** A semester label, or an explicit range labelled by its dates. */
  public static Period of(LocalDate start, LocalDate end) {
    for (String half : new String[] {"S1", "S2"}) {
      Period s = semester(start.getYear() + half);
      if (s.start.equals(start) && s.end.equals(end)) {
        return s;
      }
    }
    return new Period(start + "_" + end, start, end);
  }

  /** Parses {@code 2024S1} or {@code 2022-09-01_2023-02-28}. */
  public static Period parse(String text) {
    if (SEMESTER.matcher(text).matches()) {
      return semester(text);
    }
    String[] parts = text.split("_");
    if (parts.length == 2) {
      try {
        return of(LocalDate.parse(parts[0]), LocalDate.parse(parts[1]));
      } catch (java.time.format.DateTimeParseException e) {
        // fall through to the message below
      }
    }
    throw new ConfigError("'" + text + "' is neither a semester (2024S1) nor a range "
        + "(2022-09-01_2023-02-28)");
  }

  /** Every calendar semester that overlaps {@code [from, to]}. */
  public static List<Period> semestersBetween(LocalDate from, LocalDate to) {
    List<Period> out = new ArrayList<>();
    for (int y = from.getYear(); y <= to.getYear(); y++) {
      for (String half : new String[] {"S1", "S2"}) {
        Period s = semester(y + half);
        if (!s.end.isBefore(from) && !s.start.isAfter(to)) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /**
   * The period of the same length just before this one: the previous semester for a semester,
   * else the same number of days ending the day before {@link #start}.
   */
  public Period previous() {
    Matcher m = SEMESTER.matcher(label);
    if (m.matches()) {
      int year = Integer.parseInt(m.group(1));
      return m.group(2).equals("2") ? semester(year + "S1") : semester((year - 1) + "S2");
    }
    LocalDate end = start.minusDays(1);
    return of(end.minusDays(days() - 1), end);
  }

  /** Calendar days in the period, both ends included. */
  public long days() {
    return ChronoUnit.DAYS.between(start, end) + 1;
  }

  /** The period's length in years, as exposure counts it (docs/method.md, "Profile"). */
  public double years() {
    return days() / 365.25;
  }

  public int finalYear() {
    return end.getYear();
  }
}
