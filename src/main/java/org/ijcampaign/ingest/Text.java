package org.ijcampaign.ingest;

/**
 * The contract's value grammars, checked character by character. They replace regular
 * expressions in the row checks' hot loop (a matcher allocated and run per value was two fifths
 * of the checks' time). Each is the whole value, ASCII digits only: unlike a Java regex's
 * {@code $}, nothing may follow, not even a line terminator.
 */
final class Text {
  private Text() {}

  /** {@code -?[0-9]{1,9}}: fits an int. */
  static boolean isInt(String t) {
    int from = t.startsWith("-") ? 1 : 0;
    int n = t.length() - from;
    return n >= 1 && n <= 9 && digits(t, from, t.length());
  }

  /** {@code -?[0-9]+(\.[0-9]+)?}: a decimal with '.' as decimal mark. */
  static boolean isDecimal(String t) {
    int from = t.startsWith("-") ? 1 : 0;
    int dot = t.indexOf('.', from);
    if (dot < 0) {
      return t.length() > from && digits(t, from, t.length());
    }
    return dot > from && dot < t.length() - 1 && digits(t, from, dot)
        && digits(t, dot + 1, t.length());
  }

  /** {@code [0-9]{4}-[0-9]{2}-[0-9]{2}}: the shape of a date, not its calendar validity. */
  static boolean isDate(String t) {
    return t.length() == 10 && t.charAt(4) == '-' && t.charAt(7) == '-' && digits(t, 0, 4)
        && digits(t, 5, 7) && digits(t, 8, 10);
  }

  /** Exactly {@code n} digits (an RPPS number has 11, a region or specialty code 2). */
  static boolean isDigits(String t, int n) {
    return t.length() == n && digits(t, 0, n);
  }

  /**
   * A code that starts with a département ({@code [0-9]{2}}, or {@code 2A}, {@code 2B} for
   * Corsica) followed by digits: a commune (5 characters) or an IRIS (9).
   */
  static boolean isCode(String t, int length) {
    if (t.length() != length || !digits(t, 2, length)) {
      return false;
    }
    char a = t.charAt(0);
    char b = t.charAt(1);
    return digit(a) && digit(b) || a == '2' && (b == 'A' || b == 'B');
  }

  /**
   * No whitespace ({@code \s}: space, tab, line feed, vertical tab, form feed, return), ';' or
   * '"'.
   */
  static boolean isIdentifier(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r'
          || c == ';' || c == '"') {
        return false;
      }
    }
    return true;
  }

  private static boolean digits(String t, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!digit(t.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }
}
