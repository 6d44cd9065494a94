package org.ijcampaign.schema;

/** Columns of {@code apl.csv}: GP accessibility (APL) per commune and year. */
public final class Apl {
  private Apl() {}

  public static final String FILE = "apl.csv";
  public static final String COMMUNE_CODE = "commune_code";
  public static final String YEAR = "year";
  public static final String APL = "apl";
  public static final String ZONING = "zoning";
}
