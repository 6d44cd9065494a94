package org.ijcampaign.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written grammars accept exactly what the contract's regular expressions accept. */
class TextTest {
  private static final List<String> VALUES = List.of("", "-", "0", "-0", "7", "12", "123456789",
      "1234567890", "-123456789", "--1", "1-", "1.5", "-1.5", ".5", "5.", "1..5", "1.5.5", "1e5",
      " 1", "1 ", "+1", "٣", "2024-01-31", "2024-1-31", "2024/01/31", "20240-1-31", "2024-01-3a",
      "10001067367", "1000106736", "100010673677", "75056", "2A004", "2B033", "2C033", "A2004",
      "750560101", "2A0040000", "2b0040000", "75056010", "7505601011", "P1755639324", "a b",
      "a;b", "a\"b", "a\tb", "a\u00A0b", "ab\u2028");

  private static void same(String regex, Predicate<String> grammar) {
    Pattern p = Pattern.compile(regex);
    for (String v : VALUES) {
      assertEquals(p.matcher(v).find(), grammar.test(v), regex + " on '" + v + "'");
    }
  }

  @Test
  void eachGrammarAgreesWithItsRegularExpression() {
    same("^-?[0-9]{1,9}$", Text::isInt);
    same("^-?[0-9]+(\\.[0-9]+)?$", Text::isDecimal);
    same("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", Text::isDate);
    same("^[0-9]{11}$", t -> Text.isDigits(t, 11));
    same("^[0-9]{2}$", t -> Text.isDigits(t, 2));
    same("^([0-9]{2}|2[AB])[0-9]{3}$", t -> Text.isCode(t, 5));
    same("^([0-9]{2}|2[AB])[0-9]{3}[0-9]{4}$", t -> Text.isCode(t, 9));
    same("^[^\\s;\"]*$", Text::isIdentifier);
  }

  @Test
  void aTrailingLineTerminatorIsNotPartOfAValidValue() {
    // A Java regex's $ also matches before a final line terminator: "12\n" passed the former
    // integer pattern, then failed Integer.parseInt. A Parquet string can carry one.
    assertTrue(Pattern.compile("^-?[0-9]{1,9}$").matcher("12\n").find());
    assertFalse(Text.isInt("12\n"));
    assertFalse(Text.isDate("2024-01-31\u2028"));
    assertFalse(Text.isDigits("10001067367\r\n", 11));
  }
}
