package org.ijcampaign.schema;

/**
 * Columns of the {@code quarantine} table and the reasons a landing row is rejected.
 * Every reason code is a constant here so that the ingestion, the generator that plants
 * bad rows and the tests speak of the same thing.
 */
public final class Quarantine {
  private Quarantine() {}

  /** Columns carried by every ingested row, clean or quarantined: where it came from. */
  public static final String SOURCE_FILE = "source_file";
  public static final String SOURCE_LINE = "source_line";
  public static final String RAW = "raw";
  public static final String REASON = "reason";
  /** Human-readable: the column at fault and what was wrong with it. */
  public static final String DETAIL = "detail";
  public static final String RUN_ID = "run_id";

  // Row checks, judged on the row alone (first failing check wins, in this order).
  /** The line's bytes are not UTF-8; the detail keeps them in hex. */
  public static final String INVALID_ENCODING = "invalid_encoding";
  public static final String MALFORMED_ROW = "malformed_row";
  public static final String MISSING_VALUE = "missing_value";
  public static final String UNPARSEABLE_DATE = "unparseable_date";
  public static final String UNPARSEABLE_NUMBER = "unparseable_number";
  public static final String INVALID_IDENTIFIER = "invalid_identifier";
  public static final String INVALID_IRIS_CODE = "invalid_iris_code";
  public static final String INVALID_VALUE = "invalid_value";
  public static final String INVALID_DATE_RANGE = "invalid_date_range";
  public static final String PERIOD_END_BEFORE_START = "period_end_before_start";
  public static final String NEGATIVE_PAID_DAYS = "negative_paid_days";
  public static final String PAID_DAYS_EXCEED_PERIOD = "paid_days_exceed_period";
  public static final String NEGATIVE_AMOUNT = "negative_amount";
  // Row checks against other files of the landing zone.
  public static final String UNKNOWN_PRESCRIBER = "unknown_prescriber";
  public static final String UNKNOWN_PATIENT = "unknown_patient";
  public static final String UNKNOWN_PHYSICIAN = "unknown_physician";
  // Set checks, among rows that passed the row checks.
  public static final String DUPLICATE_PREFIX = "duplicate_";
  public static final String CONFLICTING_PREFIX = "conflicting_";
  public static final String DUPLICATE_ROW = "duplicate_row";
  public static final String REVERSAL_OF_UNKNOWN_CLAIM = "reversal_of_unknown_claim";

  /** Reason for an identical repeat of a key, e.g. {@code duplicate_claim_id}. */
  public static String duplicateOf(String key) {
    return DUPLICATE_PREFIX + key;
  }

  /** Reason for rows sharing a key with different fields, e.g. {@code conflicting_claim_id}. */
  public static String conflictingOf(String key) {
    return CONFLICTING_PREFIX + key;
  }
}
