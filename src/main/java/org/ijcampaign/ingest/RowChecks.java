package org.ijcampaign.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.LandingContract.LandingFile;
import org.ijcampaign.schema.MtLinks;
import org.ijcampaign.schema.Patients;
import org.ijcampaign.schema.Quarantine;
import org.ijcampaign.schema.Replacements;

/**
 * The checks a row passes on its own (stages 1–4 of docs/input-contract.md): encoding and
 * shape, then parsing column by column, then value rules column by column, then the file's own
 * cross-field rules. The first failing check gives the row its {@code reason} and a
 * {@code detail} naming the column and the value, and keeps its {@code raw} text; a row that
 * passes has a null reason, a null {@code raw} and typed contract columns.
 *
 * <p>A line is checked by plain Java in one pass ({@link LineCheck}), not by Spark SQL
 * expressions: a national file is about 100 M lines, and the same rules written as column
 * expressions evaluated each value's pattern three times and ran at 40,000 lines a second on
 * 2 cores (docs/benchmarks.md). The rules are those of the contract, in the same order, with
 * the same reasons and details; {@code RowChecksEquivalenceTest} holds them against the former
 * SQL formulation on thousands of generated lines.
 */
public final class RowChecks {
  /**
   * Text of all contract fields as the checker builds it; it leaves {@link #apply} only as its
   * two hashes below.
   */
  public static final String FIELDS_TEXT = "fields_text";
  /**
   * Two hashes of {@link #FIELDS_TEXT} (xxHash64 and Murmur3, 96 bits together), for telling
   * identical repeats from conflicts: the set checks need nothing else of the text, so the
   * scratch copy carries 12 bytes a row instead of a second copy of the line.
   */
  public static final String FIELDS_HASH = "fields_hash";
  public static final String FIELDS_HASH2 = "fields_hash2";

  private static final String BYTES = "_raw_bytes";
  private static final String DAYS_SUFFIX = "_epoch_day";

  private RowChecks() {}

  /**
   * @param raw lines from {@link RawLines}: {@code landing_file}, {@code source_file},
   *     {@code source_line}, {@code raw} and, for Parquet rows only, {@code fields}
   * @param headers the header of each source file, by source-file name
   */
  public static Dataset<Row> apply(Dataset<Row> raw, LandingFile file,
      Map<String, List<String>> headers) {
    boolean hasFields = Arrays.asList(raw.columns()).contains(RawLines.FIELDS);
    Dataset<Row> in = raw.select(col(RawLines.LANDING_FILE), col(Quarantine.SOURCE_FILE),
        col(Quarantine.SOURCE_LINE), col(Quarantine.RAW).cast(DataTypes.BinaryType).as(BYTES),
        hasFields ? col(RawLines.FIELDS)
            : org.apache.spark.sql.functions.lit(null)
                .cast(DataTypes.createArrayType(DataTypes.StringType)).as(RawLines.FIELDS));
    LineCheck check = new LineCheck(file, headers, in.schema());
    Dataset<Row> checked = in.map((MapFunction<Row, Row>) check::apply,
        Encoders.row(check.outputSchema()));
    // Dates leave the checker as days since 1970-01-01: no time zone can shift them.
    List<Column> out = new ArrayList<>();
    for (String c : RawLines.SCHEMA.fieldNames()) {
      out.add(col(c));
    }
    for (LandingContract.Column c : file.columns()) {
      out.add(c.type() == LandingContract.Type.DATE
          ? date_from_unix_date(col(c.name() + DAYS_SUFFIX)).as(c.name()) : col(c.name()));
    }
    out.add(xxhash64(col(FIELDS_TEXT)).as(FIELDS_HASH));
    out.add(hash(col(FIELDS_TEXT)).as(FIELDS_HASH2));
    out.add(col(Quarantine.REASON));
    out.add(col(Quarantine.DETAIL));
    return checked.select(out.toArray(new Column[0]));
  }

  /** One line's checks; serialisable so that each task gets its own copy. */
  static final class LineCheck implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern QUOTED = Pattern.compile("^\"(.*)\"$");

    /** Which file's cross-field rules apply, decided once: comparing files costs a row. */
    private enum Kind { CLAIMS, PATIENTS, MT_LINKS, REPLACEMENTS, OTHER }

    private final Kind kind;

    private final List<LandingContract.Column> columns;
    private final int width;
    /** Position of each contract column in the fields, for all files or by source file. */
    private final int[] common;
    private final Map<String, int[]> bySource;
    private final String[] enumText;
    private final StructType schema;
    /** Positions of the contract columns, by name, for the cross-field rules. */
    private final Map<String, Integer> index = new java.util.HashMap<>();
    /**
     * Where each column sits in the input and the output rows, looked up by name once here: a
     * lookup per line and column would cost the hot loop what the schema can answer up front.
     */
    private final int inLanding;
    private final int inSource;
    private final int inLine;
    private final int inBytes;
    private final int inFields;
    private final int outLanding;
    private final int outSource;
    private final int outLine;
    private final int outRaw;
    private final int[] outTyped;
    private final int outFieldsText;
    private final int outReason;
    private final int outDetail;

    LineCheck(LandingFile file, Map<String, List<String>> headers, StructType input) {
      this.kind = file.equals(LandingContract.CLAIMS) ? Kind.CLAIMS
          : file.equals(LandingContract.PATIENTS) ? Kind.PATIENTS
          : file.equals(LandingContract.MT_LINKS) ? Kind.MT_LINKS
          : file.equals(LandingContract.REPLACEMENTS) ? Kind.REPLACEMENTS : Kind.OTHER;
      this.columns = file.columns();
      this.width = columns.size();
      for (int i = 0; i < width; i++) {
        index.put(columns.get(i).name(), i);
      }
      Map<String, int[]> positions = new LinkedHashMap<>();
      headers.forEach((name, h) -> positions.put(name,
          columns.stream().mapToInt(c -> h.indexOf(c.name())).toArray()));
      int[] first = positions.values().stream().findFirst().orElse(null);
      boolean same = positions.values().stream().allMatch(p -> Arrays.equals(p, first));
      this.common = same ? first : null;
      this.bySource = positions;
      this.enumText = columns.stream().map(c -> String.join(", ",
          c.values().stream().sorted().toList())).toArray(String[]::new);
      StructType s = RawLines.SCHEMA;
      for (LandingContract.Column c : columns) {
        s = s.add(typedName(c), sparkType(c.type()), true);
      }
      this.schema = s.add(FIELDS_TEXT, DataTypes.StringType, false)
          .add(Quarantine.REASON, DataTypes.StringType, true)
          .add(Quarantine.DETAIL, DataTypes.StringType, true);
      this.inLanding = input.fieldIndex(RawLines.LANDING_FILE);
      this.inSource = input.fieldIndex(Quarantine.SOURCE_FILE);
      this.inLine = input.fieldIndex(Quarantine.SOURCE_LINE);
      this.inBytes = input.fieldIndex(BYTES);
      this.inFields = input.fieldIndex(RawLines.FIELDS);
      this.outLanding = schema.fieldIndex(RawLines.LANDING_FILE);
      this.outSource = schema.fieldIndex(Quarantine.SOURCE_FILE);
      this.outLine = schema.fieldIndex(Quarantine.SOURCE_LINE);
      this.outRaw = schema.fieldIndex(Quarantine.RAW);
      this.outTyped = columns.stream().mapToInt(c -> schema.fieldIndex(typedName(c))).toArray();
      this.outFieldsText = schema.fieldIndex(FIELDS_TEXT);
      this.outReason = schema.fieldIndex(Quarantine.REASON);
      this.outDetail = schema.fieldIndex(Quarantine.DETAIL);
    }

    /** A column's typed value leaves the checker under this name (a date as epoch days). */
    private static String typedName(LandingContract.Column c) {
      return c.type() == LandingContract.Type.DATE ? c.name() + DAYS_SUFFIX : c.name();
    }

    StructType outputSchema() {
      return schema;
    }

    private static DataType sparkType(LandingContract.Type t) {
      return switch (t) {
        case INT -> DataTypes.IntegerType;
        case DECIMAL -> DataTypes.DoubleType;
        case DATE -> DataTypes.IntegerType;
        default -> DataTypes.StringType;
      };
    }

    Row apply(Row in) {
      String landing = in.getString(inLanding);
      String source = in.getString(inSource);
      long line = in.getLong(inLine);
      byte[] bytes = in.isNullAt(inBytes) ? new byte[0] : (byte[]) in.get(inBytes);
      List<String> given = in.isNullAt(inFields) ? null : in.getList(inFields);

      Object[] out = new Object[schema.size()];
      out[outLanding] = landing;
      out[outSource] = source;
      out[outLine] = line;
      // A line that is not UTF-8 cannot be trusted field by field: decoding replaces a bad byte
      // by U+FFFD, so a line whose bytes do not survive decode-then-encode is not UTF-8.
      String raw = new String(bytes, StandardCharsets.UTF_8);
      String[] fields = given != null ? given.toArray(new String[0]) : split(raw);
      String[] texts = texts(fields, source);
      Object[] typed = new Object[width];
      for (int i = 0; i < width; i++) {
        typed[i] = parse(columns.get(i), texts[i]);
        out[outTyped[i]] = typed[i];
      }
      StringBuilder all = new StringBuilder(raw.length() + width);
      for (int i = 0; i < width; i++) {
        if (i > 0) {
          all.append('\u0001');
        }
        if (texts[i] != null) {
          all.append(texts[i]);
        }
      }
      out[outFieldsText] = all.toString();

      String[] failure = null;
      if (!isAscii(bytes) && !Arrays.equals(raw.getBytes(StandardCharsets.UTF_8), bytes)) {
        failure = new String[] {Quarantine.INVALID_ENCODING,
            "the line is not valid UTF-8; its bytes in hex: "
                + HexFormat.of().withUpperCase().formatHex(bytes)};
      } else if (fields.length != width) {
        failure = new String[] {Quarantine.MALFORMED_ROW, "expected " + width
            + " fields separated by '" + LandingContract.SEPARATOR + "', found "
            + fields.length};
      }
      for (int i = 0; failure == null && i < width; i++) {
        failure = parseFailure(columns.get(i), texts[i], typed[i]);
      }
      for (int i = 0; failure == null && i < width; i++) {
        failure = ruleFailure(columns.get(i), texts[i], typed[i], enumText[i]);
      }
      if (failure == null) {
        failure = crossFieldFailure(typed);
      }
      if (failure != null) {
        // Only a line that failed here keeps its text: the scratch copy then holds no second
        // copy of every good line, and the few rows a set check rejects get theirs from
        // their file again (Ingestion.quarantined).
        out[outRaw] = raw;
        out[outReason] = failure[0];
        out[outDetail] = failure[1];
      }
      return RowFactory.create(out);
    }

    /** ASCII bytes are valid UTF-8: most lines need no decode-then-encode round trip. */
    private static boolean isAscii(byte[] bytes) {
      for (byte b : bytes) {
        if (b < 0) {
          return false;
        }
      }
      return true;
    }

    /**
     * The fields of a line: split on the separator, every field kept (trailing empty ones
     * too), then a value a CSV writer wrote as {@code "…"} unquoted. Values holding the
     * separator are not supported: the contract has no free text.
     */
    static String[] split(String raw) {
      String[] f = raw.split(LandingContract.SEPARATOR, -1);
      if (raw.indexOf('"') >= 0) {
        for (int i = 0; i < f.length; i++) {
          f[i] = QUOTED.matcher(f[i]).replaceAll("$1");
        }
      }
      return f;
    }

    /** The field of each contract column, wherever the source file's header put it; "" is null. */
    private String[] texts(String[] fields, String source) {
      int[] pos = common != null ? common : bySource.get(source);
      String[] t = new String[width];
      for (int i = 0; i < width && pos != null; i++) {
        int p = pos[i];
        // A short row has no field there: it is malformed anyway.
        String v = p >= 0 && p < fields.length ? fields[p] : null;
        t[i] = v == null || v.isEmpty() ? null : v;
      }
      return t;
    }

    /** The typed value of a text, null when it does not parse (dates as epoch days). */
    private static Object parse(LandingContract.Column c, String t) {
      if (t == null) {
        return null;
      }
      switch (c.type()) {
        case DATE: {
          if (!Text.isDate(t)) {
            return null;
          }
          int y = Integer.parseInt(t.substring(0, 4));
          if (y < LandingContract.MIN_YEAR || y > LandingContract.MAX_YEAR) {
            // Year 0024 would parse, then fail the Delta write (calendar rebase): bad input.
            return null;
          }
          try {
            return (int) LocalDate.of(y, Integer.parseInt(t.substring(5, 7)),
                Integer.parseInt(t.substring(8, 10))).toEpochDay();
          } catch (DateTimeException e) {
            return null;
          }
        }
        case INT:
          return Text.isInt(t) ? Integer.parseInt(t) : null;
        case DECIMAL: {
          if (!Text.isDecimal(t)) {
            return null;
          }
          // A double holds about 1.8e308: more digits would be stored as Infinity.
          double v = Double.parseDouble(t);
          return Double.isInfinite(v) ? null : v;
        }
        default:
          return t;
      }
    }

    private static String quoted(String column, String t) {
      return "column " + column + ": '" + (t == null ? "" : t) + "'";
    }

    private static String[] parseFailure(LandingContract.Column c, String t, Object v) {
      boolean missing = t == null && c.required();
      switch (c.type()) {
        case DATE:
          if (missing || (t != null && v == null)) {
            return new String[] {Quarantine.UNPARSEABLE_DATE, quoted(c.name(), t)
                + " is not a date yyyy-MM-dd between " + LandingContract.MIN_YEAR + " and "
                + LandingContract.MAX_YEAR};
          }
          return null;
        case INT:
          if (missing) {
            return missingValue(c);
          }
          return t != null && v == null ? new String[] {Quarantine.UNPARSEABLE_NUMBER,
              quoted(c.name(), t) + " is not an integer"} : null;
        case DECIMAL:
          if (missing) {
            return missingValue(c);
          }
          if (t != null && !Text.isDecimal(t)) {
            return new String[] {Quarantine.UNPARSEABLE_NUMBER,
                quoted(c.name(), t) + " is not a decimal number with '.' as decimal mark"};
          }
          return t != null && v == null ? new String[] {Quarantine.UNPARSEABLE_NUMBER,
              "column " + c.name() + ": a number of " + t.codePointCount(0, t.length())
                  + " characters is out of range"} : null;
        default:
          return missing ? missingValue(c) : null;
      }
    }

    private static String[] missingValue(LandingContract.Column c) {
      return new String[] {Quarantine.MISSING_VALUE,
          "column " + c.name() + ": required value is empty"};
    }

    private static String[] ruleFailure(LandingContract.Column c, String t, Object v,
        String enumText) {
      if (t == null) {
        return null;
      }
      String reason = Quarantine.INVALID_VALUE;
      boolean bad;
      String why;
      switch (c.rule()) {
        case RPPS:
          reason = Quarantine.INVALID_IDENTIFIER;
          bad = !Text.isDigits(t, 11);
          why = " is not an 11-digit RPPS number";
          break;
        case IDENTIFIER:
          reason = Quarantine.INVALID_IDENTIFIER;
          bad = !Text.isIdentifier(t);
          why = " is not an identifier (blank, quote or separator inside)";
          break;
        case IRIS:
          reason = Quarantine.INVALID_IRIS_CODE;
          bad = !Text.isCode(t, 9);
          why = " is not a 9-character IRIS code (commune code + 4 digits)";
          break;
        case COMMUNE:
          bad = !Text.isCode(t, 5);
          why = " is not a 5-character commune code";
          break;
        case REGION:
          bad = !Text.isDigits(t, 2);
          why = " is not a 2-character INSEE region code";
          break;
        case SPECIALTY:
          bad = !Text.isDigits(t, 2);
          why = " is not a 2-digit specialty code";
          break;
        case ENUM:
          bad = !c.values().contains(t);
          why = " is not one of " + enumText;
          break;
        case YEAR:
          bad = v != null && ((Integer) v < LandingContract.MIN_YEAR
              || (Integer) v > LandingContract.MAX_YEAR);
          why = " is not a year between " + LandingContract.MIN_YEAR + " and "
              + LandingContract.MAX_YEAR;
          break;
        case FRACTION:
          bad = v != null && (number(v) < 0 || number(v) > 1);
          why = " is not a fraction between 0 and 1";
          break;
        case POSITIVE:
          bad = v != null && number(v) <= 0;
          why = " is not positive";
          break;
        case NON_NEGATIVE:
          bad = v != null && number(v) < 0;
          why = " is negative";
          break;
        default:
          return null;
      }
      return bad ? new String[] {reason, quoted(c.name(), t) + why} : null;
    }

    private static double number(Object v) {
      return ((Number) v).doubleValue();
    }

    private Object typed(Object[] typed, String name) {
      return typed[index.get(name)];
    }

    /** The file's own rules between fields, on the typed values; a null value passes. */
    private String[] crossFieldFailure(Object[] typed) {
      if (kind == Kind.CLAIMS) {
        Integer start = (Integer) typed(typed, Claims.PERIOD_START);
        Integer end = (Integer) typed(typed, Claims.PERIOD_END);
        Integer days = (Integer) typed(typed, Claims.PAID_DAYS);
        Double amount = (Double) typed(typed, Claims.AMOUNT_EUR);
        if (start != null && end != null && end < start) {
          return new String[] {Quarantine.PERIOD_END_BEFORE_START, "column period_end: "
              + date(end) + " is before period_start " + date(start)};
        }
        if (days != null && days < 0) {
          return new String[] {Quarantine.NEGATIVE_PAID_DAYS,
              "column paid_days: " + days + " is negative"};
        }
        if (days != null && start != null && end != null
            && days > end - start + 1) {
          return new String[] {Quarantine.PAID_DAYS_EXCEED_PERIOD, "column paid_days: " + days
              + " exceeds the " + (end - start + 1) + " calendar days of the paid period"};
        }
        if (amount != null && amount < 0) {
          return new String[] {Quarantine.NEGATIVE_AMOUNT,
              "column amount_eur: " + amount + " is negative"};
        }
        return null;
      } else if (kind == Kind.PATIENTS) {
        String[] f = range(typed, Patients.ALD_START, Patients.ALD_END);
        f = f != null ? f : range(typed, Patients.C2S_START, Patients.C2S_END);
        return f != null ? f : range(typed, Patients.ACTIVE_START, Patients.ACTIVE_END);
      } else if (kind == Kind.MT_LINKS) {
        return range(typed, MtLinks.START_DATE, MtLinks.END_DATE);
      } else if (kind == Kind.REPLACEMENTS) {
        return range(typed, Replacements.START_DATE, Replacements.END_DATE);
      }
      return null;
    }

    private static LocalDate date(int epochDay) {
      return LocalDate.ofEpochDay(epochDay);
    }

    /** An end before its start, or an end without a start. */
    private String[] range(Object[] typed, String startName, String endName) {
      Integer start = (Integer) typed(typed, startName);
      Integer end = (Integer) typed(typed, endName);
      if (end != null && (start == null || end < start)) {
        return new String[] {Quarantine.INVALID_DATE_RANGE, "column " + endName + ": "
            + date(end) + " is before " + startName + " or has no " + startName + " ("
            + (start == null ? "empty" : date(start).toString()) + ")"};
      }
      return null;
    }
  }
}
