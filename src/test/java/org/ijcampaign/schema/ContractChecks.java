package org.ijcampaign.schema;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Test helper: counts, in one pass, the rows of a typed dataset that break each column's rule
 * of a {@link LandingContract.LandingFile} (a required value missing, a code of the wrong
 * shape, a fraction outside [0, 1], a value outside its enumeration…).
 */
public final class ContractChecks {
  private ContractChecks() {}

  /** Column name → number of rows breaking its rule, for every column of {@code file}. */
  public static Map<String, Long> violations(Dataset<Row> df, LandingContract.LandingFile file) {
    List<LandingContract.Column> columns = file.columns();
    Column[] counts = columns.stream()
        .map(c -> sum(when(broken(c), 1).otherwise(0)).as(c.name()))
        .toArray(Column[]::new);
    Row row = df.agg(counts[0], java.util.Arrays.copyOfRange(counts, 1, counts.length)).head();
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      out.put(columns.get(i).name(), row.isNullAt(i) ? 0L : row.getLong(i));
    }
    return out;
  }

  private static Column broken(LandingContract.Column c) {
    Column v = col(c.name());
    Column missing = c.required() ? v.isNull() : lit(false);
    Column ok = switch (c.rule()) {
      case NONE -> lit(true);
      case RPPS -> v.rlike("^[0-9]{11}$");
      case IRIS -> v.rlike("^([0-9]{2}|2A|2B)[0-9]{7}$");
      case COMMUNE -> v.rlike("^([0-9]{2}|2A|2B)[0-9]{3}$");
      case REGION, SPECIALTY -> v.rlike("^[0-9]{2}$");
      case IDENTIFIER -> v.rlike("^[^;\\s]+$");
      case NON_NEGATIVE -> v.geq(0);
      case FRACTION -> v.between(0, 1);
      case YEAR -> v.between(1900, 2100);
      case POSITIVE -> v.gt(0);
      case ENUM -> v.isin(c.values().toArray());
    };
    return missing.or(v.isNotNull().and(ok.isNull().or(ok.equalTo(false))));
  }
}
