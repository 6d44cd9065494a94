package org.ijcampaign.schema;

/** Columns and statuses of the {@code targeting} table: one row per profiled GP and campaign. */
public final class Targeting {
  private Targeting() {}

  public static final String CAMPAIGN = "campaign";
  public static final String PASSES_RAW_RULE = "passes_raw_rule";
  public static final String PASSES_SAFEGUARD = "passes_safeguard";
  public static final String SAFEGUARD_ENABLED = "safeguard_enabled";
  public static final String SAFEGUARD_MODE = "safeguard_mode";
  /** Every exclusion that applies, comma-separated; empty when none. */
  public static final String EXCLUSIONS = "exclusions";
  public static final String ELIGIBLE = "eligible";
  /** The event that makes the GP eligible, e.g. {@code EXCHANGE 2023-10-05}. */
  public static final String QUALIFYING_EVENT = "qualifying_event";
  public static final String WAVE = "wave";
  public static final String STATUS = "status";
  public static final String OBJECTIVE_REDUCTION = "objective_reduction";
  public static final String TARGET_RATE = "target_rate";
  public static final String EXPLANATION = "explanation";
  /** The rule the campaign selected with: PUBLISHED or PERSISTENT (docs/persistent.md). */
  public static final String SELECTION_RULE = "selection_rule";
  /** Whether each rule's figures (raw rule and safeguard, when on) pass for the GP. */
  public static final String PASSES_PUBLISHED_RULE = "passes_published_rule";
  public static final String PASSES_PERSISTENT_RULE = "passes_persistent_rule";

  public static final String TARGETED = "TARGETED";
  public static final String FAILS_SAFEGUARD = "FAILS_SAFEGUARD";
  public static final String EXCLUDED_SMALL_LIST = "EXCLUDED_SMALL_LIST";
  public static final String EXCLUDED_RECENT_INSTALLATION = "EXCLUDED_RECENT_INSTALLATION";
  public static final String NOT_ELIGIBLE = "NOT_ELIGIBLE";
  public static final String BELOW_THRESHOLD = "BELOW_THRESHOLD";

  public static final String SMALL_LIST = "SMALL_LIST";
  public static final String RECENT_INSTALLATION = "RECENT_INSTALLATION";
}
