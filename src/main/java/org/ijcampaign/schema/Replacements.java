package org.ijcampaign.schema;

/** Columns of {@code replacements.csv}: replacement contracts, inclusive at both ends. */
public final class Replacements {
  private Replacements() {}

  public static final String FILE = "replacements.csv";
  public static final String TITULAR_ID = "titular_id";
  public static final String SUBSTITUTE_ID = "substitute_id";
  public static final String START_DATE = "start_date";
  public static final String END_DATE = "end_date";
}
