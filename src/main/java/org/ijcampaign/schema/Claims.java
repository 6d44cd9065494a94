package org.ijcampaign.schema;

/** Columns of {@code ij_claims/*.csv} and of the {@code claims_clean} table. */
public final class Claims {
  private Claims() {}

  public static final String DIR = "ij_claims";
  public static final String CLAIM_ID = "claim_id";
  public static final String STOP_ID = "stop_id";
  public static final String PRESCRIPTION_KIND = "prescription_kind";
  public static final String PATIENT_ID = "patient_id";
  public static final String PRESCRIBER_ID = "prescriber_id";
  public static final String PRESCRIPTION_DATE = "prescription_date";
  public static final String PERIOD_START = "period_start";
  public static final String PERIOD_END = "period_end";
  public static final String PAID_DAYS = "paid_days";
  public static final String AMOUNT_EUR = "amount_eur";
  public static final String RISK = "risk";
  public static final String REVERSAL_OF = "reversal_of";

  public static final String INITIAL = "INITIAL";
  public static final String PROLONGATION = "PROLONGATION";
  /** The only risk in scope of the campaign. */
  public static final String MALADIE = "MALADIE";
  public static final String AT_MP = "AT_MP";
  public static final String MATERNITE = "MATERNITE";
}
