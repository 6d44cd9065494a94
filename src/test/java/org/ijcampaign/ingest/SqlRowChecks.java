package org.ijcampaign.ingest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.decode;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.encode;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.LandingContract.LandingFile;
import org.ijcampaign.schema.MtLinks;
import org.ijcampaign.schema.Patients;
import org.ijcampaign.schema.Quarantine;
import org.ijcampaign.schema.Replacements;

/**
 * The former formulation of the row checks as Spark SQL column expressions, kept as the
 * independent reference of {@code RowChecksEquivalenceTest}: the product's {@link RowChecks}
 * checks a line in plain Java and must give the same typed values, reason and detail.
 *
 * <p>The checks a row passes on its own (stages 1–4 of docs/input-contract.md): encoding and
 * shape, then parsing column by column, then value rules column by column, then the file's own cross-field
 * rules. The first failing check gives the row its {@code reason} and a {@code detail} naming
 * the column and the value; a row that passes has a null reason and typed contract columns.
 */
final class SqlRowChecks {
  /** Text of all contract fields, for telling identical repeats from conflicts. */

  private static final String INT_PATTERN = "^-?[0-9]{1,9}$";
  private static final String DECIMAL_PATTERN = "^-?[0-9]+(\\.[0-9]+)?$";
  private static final String UTF8 = "UTF-8";
  private static final String DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

  private SqlRowChecks() {}

  /** Adds {@code fields}: split on the separator, then unquote a value written as "…". */
  static Dataset<Row> withFields(Dataset<Row> lines) {
    Column split = org.apache.spark.sql.functions.split(col(Quarantine.RAW),
        LandingContract.SEPARATOR, -1);
    return lines.withColumn(RawLines.FIELDS, when(col(Quarantine.RAW).contains("\""),
        org.apache.spark.sql.functions.transform(split,
            f -> org.apache.spark.sql.functions.regexp_replace(f, "^\"(.*)\"$", "$1")))
        .otherwise(split));
  }

  /**
   * @param raw lines from {@link RawLines}
   * @param headers the header of each source file, by source-file name
   */
  public static Dataset<Row> apply(Dataset<Row> raw, LandingFile file,
      Map<String, List<String>> headers) {
    List<Column> failures = new ArrayList<>();
    // First: a line that is not UTF-8 cannot be trusted field by field. Spark's text reader
    // keeps a line's bytes as they are; decoding them replaces a bad byte by U+FFFD, so a line
    // whose bytes do not survive decode-then-encode is not UTF-8.
    Column bytes = col(Quarantine.RAW).cast(DataTypes.BinaryType);
    Column notUtf8 = not(encode(decode(bytes, UTF8), UTF8).equalTo(bytes));
    failures.add(failure(notUtf8, Quarantine.INVALID_ENCODING,
        concat(lit("the line is not valid UTF-8; its bytes in hex: "), hex(bytes))));
    int width = file.columns().size();
    failures.add(failure(not(size(col(RawLines.FIELDS)).equalTo(lit(width))),
        Quarantine.MALFORMED_ROW,
        concat(lit("expected " + width + " fields separated by '" + LandingContract.SEPARATOR
            + "', found "), size(col(RawLines.FIELDS)).cast(DataTypes.StringType))));

    List<Column> texts = new ArrayList<>();
    for (LandingContract.Column c : file.columns()) {
      texts.add(text(file, c.name(), headers));
    }
    for (int i = 0; i < width; i++) {
      failures.add(parseFailure(file.columns().get(i), texts.get(i)));
    }
    for (int i = 0; i < width; i++) {
      failures.add(ruleFailure(file.columns().get(i), texts.get(i)));
    }

    Dataset<Row> typed = raw;
    for (int i = 0; i < width; i++) {
      typed = typed.withColumn(file.columns().get(i).name(),
          parsed(file.columns().get(i), texts.get(i)));
    }
    Column fieldsText = concat_ws("\u0001", texts.stream()
        .map(t -> coalesce(t, lit(""))).toArray(Column[]::new));
    typed = typed.withColumn(RowChecks.FIELDS_HASH, xxhash64(fieldsText))
        .withColumn(RowChecks.FIELDS_HASH2, hash(fieldsText));

    // File-specific rules read the typed columns, so they come after the typing above.
    failures.addAll(crossFieldFailures(file));
    Column first = coalesce(failures.toArray(new Column[0]));
    // The table keeps valid text: the exact bytes of a non-UTF-8 line are in its detail.
    return typed.withColumn("_failure", first)
        .withColumn(Quarantine.REASON, col("_failure.reason"))
        .withColumn(Quarantine.DETAIL, col("_failure.detail"))
        // Only a rejected line keeps its text.
        .withColumn(Quarantine.RAW, when(col(Quarantine.REASON).isNotNull(),
            when(notUtf8, decode(bytes, UTF8)).otherwise(col(Quarantine.RAW))))
        .drop("_failure", RawLines.FIELDS);
  }

  /** The field of a contract column, wherever the source file's header put it; "" is null. */
  private static Column text(LandingFile file, String name, Map<String, List<String>> headers) {
    Column pick = null;
    Integer common = null;
    boolean same = true;
    for (List<String> h : headers.values()) {
      int pos = h.indexOf(name);
      if (common == null) {
        common = pos;
      } else if (common != pos) {
        same = false;
      }
    }
    if (same) {
      pick = element_at(col(RawLines.FIELDS), common + 1);
    } else {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        Column at = element_at(col(RawLines.FIELDS), e.getValue().indexOf(name) + 1);
        pick = pick == null ? when(col(Quarantine.SOURCE_FILE).equalTo(e.getKey()), at)
            : pick.when(col(Quarantine.SOURCE_FILE).equalTo(e.getKey()), at);
      }
    }
    // element_at past the end of a short row is null: such rows are malformed anyway.
    return when(pick.notEqual(lit("")), pick);
  }

  private static Column failure(Column condition, String reason, Column detail) {
    return when(condition, struct(lit(reason).as("reason"), detail.as("detail")));
  }

  private static Column quoted(String column, Column text) {
    return concat(lit("column " + column + ": '"), coalesce(text, lit("")), lit("'"));
  }

  private static Column parseFailure(LandingContract.Column c, Column t) {
    switch (c.type()) {
      case DATE: {
        Column bad = t.isNull().and(lit(c.required()))
            .or(t.isNotNull().and(parsed(c, t).isNull()));
        return failure(bad, Quarantine.UNPARSEABLE_DATE,
            concat(quoted(c.name(), t), lit(" is not a date yyyy-MM-dd between "
                + LandingContract.MIN_YEAR + " and " + LandingContract.MAX_YEAR)));
      }
      case INT:
        return coalesce(missing(c, t), failure(t.isNotNull().and(not(t.rlike(INT_PATTERN))),
            Quarantine.UNPARSEABLE_NUMBER, concat(quoted(c.name(), t),
                lit(" is not an integer"))));
      case DECIMAL:
        return coalesce(missing(c, t), failure(t.isNotNull().and(not(t.rlike(DECIMAL_PATTERN))),
            Quarantine.UNPARSEABLE_NUMBER, concat(quoted(c.name(), t),
                lit(" is not a decimal number with '.' as decimal mark"))),
            // A double holds about 1.8e308: more digits would be stored as Infinity.
            failure(t.isNotNull().and(parsed(c, t).isNull()), Quarantine.UNPARSEABLE_NUMBER,
                concat(lit("column " + c.name() + ": a number of "), length(t).cast("string"),
                    lit(" characters is out of range"))));
      default:
        return missing(c, t);
    }
  }

  private static Column missing(LandingContract.Column c, Column t) {
    return failure(t.isNull().and(lit(c.required())), Quarantine.MISSING_VALUE,
        lit("column " + c.name() + ": required value is empty"));
  }

  private static Column parsed(LandingContract.Column c, Column t) {
    switch (c.type()) {
      case DATE: {
        // Year 0024 parses, then fails the Delta write (calendar rebase): it is bad input.
        Column d = to_date(t, LandingContract.DATE_FORMAT);
        return when(t.rlike(DATE_PATTERN).and(year(d).between(LandingContract.MIN_YEAR,
            LandingContract.MAX_YEAR)), d);
      }
      case INT:
        return when(t.rlike(INT_PATTERN), t.cast(DataTypes.IntegerType));
      case DECIMAL: {
        Column v = t.cast(DataTypes.DoubleType);
        return when(t.rlike(DECIMAL_PATTERN).and(abs(v).lt(lit(Double.POSITIVE_INFINITY))), v);
      }
      default:
        return t;
    }
  }

  private static Column ruleFailure(LandingContract.Column c, Column t) {
    Column v = parsed(c, t);
    String reason = Quarantine.INVALID_VALUE;
    Column bad;
    String why;
    switch (c.rule()) {
      case RPPS:
        reason = Quarantine.INVALID_IDENTIFIER;
        bad = not(t.rlike("^[0-9]{11}$"));
        why = " is not an 11-digit RPPS number";
        break;
      case IDENTIFIER:
        reason = Quarantine.INVALID_IDENTIFIER;
        bad = t.rlike("[\\s;\"]");
        why = " is not an identifier (blank, quote or separator inside)";
        break;
      case IRIS:
        reason = Quarantine.INVALID_IRIS_CODE;
        bad = not(t.rlike("^([0-9]{2}|2[AB])[0-9]{3}[0-9]{4}$"));
        why = " is not a 9-character IRIS code (commune code + 4 digits)";
        break;
      case COMMUNE:
        bad = not(t.rlike("^([0-9]{2}|2[AB])[0-9]{3}$"));
        why = " is not a 5-character commune code";
        break;
      case REGION:
        bad = not(t.rlike("^[0-9]{2}$"));
        why = " is not a 2-character INSEE region code";
        break;
      case SPECIALTY:
        bad = not(t.rlike("^[0-9]{2}$"));
        why = " is not a 2-digit specialty code";
        break;
      case ENUM:
        bad = not(t.isin(c.values().stream().sorted().toArray()));
        why = " is not one of " + String.join(", ", c.values().stream().sorted().toList());
        break;
      case YEAR:
        bad = v.lt(LandingContract.MIN_YEAR).or(v.gt(LandingContract.MAX_YEAR));
        why = " is not a year between " + LandingContract.MIN_YEAR + " and "
            + LandingContract.MAX_YEAR;
        break;
      case FRACTION:
        bad = v.lt(0).or(v.gt(1));
        why = " is not a fraction between 0 and 1";
        break;
      case POSITIVE:
        bad = v.leq(0);
        why = " is not positive";
        break;
      case NON_NEGATIVE:
        bad = v.lt(0);
        why = " is negative";
        break;
      default:
        return lit(null).cast(FAILURE_TYPE);
    }
    return failure(t.isNotNull().and(bad), reason, concat(quoted(c.name(), t), lit(why)));
  }

  private static final org.apache.spark.sql.types.StructType FAILURE_TYPE =
      new org.apache.spark.sql.types.StructType()
          .add("reason", DataTypes.StringType).add("detail", DataTypes.StringType);

  private static List<Column> crossFieldFailures(LandingFile file) {
    List<Column> out = new ArrayList<>();
    if (file.equals(LandingContract.CLAIMS)) {
      Column start = col(Claims.PERIOD_START);
      Column end = col(Claims.PERIOD_END);
      Column days = col(Claims.PAID_DAYS);
      out.add(failure(end.lt(start), Quarantine.PERIOD_END_BEFORE_START,
          concat(lit("column period_end: "), end.cast("string"), lit(" is before period_start "),
              start.cast("string"))));
      out.add(failure(days.lt(0), Quarantine.NEGATIVE_PAID_DAYS,
          concat(lit("column paid_days: "), days.cast("string"), lit(" is negative"))));
      out.add(failure(days.gt(datediff(end, start).plus(1)), Quarantine.PAID_DAYS_EXCEED_PERIOD,
          concat(lit("column paid_days: "), days.cast("string"),
              lit(" exceeds the "), datediff(end, start).plus(1).cast("string"),
              lit(" calendar days of the paid period"))));
      out.add(failure(col(Claims.AMOUNT_EUR).lt(0), Quarantine.NEGATIVE_AMOUNT,
          concat(lit("column amount_eur: "), col(Claims.AMOUNT_EUR).cast("string"),
              lit(" is negative"))));
    } else if (file.equals(LandingContract.PATIENTS)) {
      out.add(range(Patients.ALD_START, Patients.ALD_END));
      out.add(range(Patients.C2S_START, Patients.C2S_END));
      out.add(range(Patients.ACTIVE_START, Patients.ACTIVE_END));
    } else if (file.equals(LandingContract.MT_LINKS)) {
      out.add(range(MtLinks.START_DATE, MtLinks.END_DATE));
    } else if (file.equals(LandingContract.REPLACEMENTS)) {
      out.add(range(Replacements.START_DATE, Replacements.END_DATE));
    }
    return out;
  }

  /** An end before its start, or an end without a start. */
  private static Column range(String startName, String endName) {
    Column start = col(startName);
    Column end = col(endName);
    return failure(end.isNotNull().and(start.isNull().or(end.lt(start))),
        Quarantine.INVALID_DATE_RANGE,
        concat(lit("column " + endName + ": "), end.cast("string"),
            lit(" is before " + startName + " or has no " + startName + " ("),
            coalesce(start.cast("string"), lit("empty")), lit(")")));
  }
}
