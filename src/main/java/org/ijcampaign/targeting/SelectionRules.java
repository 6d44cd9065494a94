package org.ijcampaign.targeting;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.config.CampaignConfig.SelectionRule;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Persistent;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Targeting;

/**
 * The two selection rules of a campaign (docs/persistent.md). PUBLISHED: the observation
 * period's ratio and regional top decile, with the funnel or shrunk safeguard. PERSISTENT: the
 * GP's persistent ratio ({@code persistent_ratio}) at the ratio threshold and the same top
 * decile, with, as safeguard, the posterior probability of that and the semesters behind it.
 * Both are computed for every GP, so the targeting table says what each rule makes of him.
 */
public final class SelectionRules {
  /** The persistent figures the targeting carries (null when the campaign has none). */
  static final List<String> PERSISTENT_COLUMNS = List.of(Persistent.PERSISTENT_RATIO,
      Persistent.PERSISTENT_RATIO_LOW95, Persistent.PERSISTENT_RATIO_HIGH95,
      Persistent.PROBABILITY_AT_THRESHOLD, Persistent.RATIO_THRESHOLD, Persistent.SEMESTERS,
      Persistent.PERIODS, Persistent.DAYS_AS_SUBSTITUTE, Persistent.EXCLUDE_SUBSTITUTE_DAYS,
      Persistent.STOP_LENGTH_RATIO, Persistent.CREDIBLE_STOP_LENGTH_RATIO);

  private SelectionRules() {}

  /**
   * The expected rows with the GP's persistent figures (left join: a GP profiled in the
   * observation period but absent from the estimate has none and no persistent rule passes for
   * him), the rule the campaign selects with, and whether each rule passes. Without a
   * persistent table the figures are null. Idempotent, so the targeting may call it again.
   */
  static Dataset<Row> attach(Dataset<Row> expected, Dataset<Row> persistent, CampaignConfig c) {
    Dataset<Row> out = expected;
    List<String> present = Arrays.asList(out.columns());
    if (!present.contains(Persistent.PERSISTENT_RATIO)) {
      if (persistent != null) {
        List<Column> cols = new ArrayList<>(List.of(col(Profile.PHYSICIAN_ID)));
        PERSISTENT_COLUMNS.forEach(x -> cols.add(col(x)));
        out = out.join(persistent.select(cols.toArray(new Column[0])), Profile.PHYSICIAN_ID,
            "left");
      } else {
        for (String x : PERSISTENT_COLUMNS) {
          out = out.withColumn(x, lit(null).cast(Persistent.SCHEMA.apply(x).dataType()));
        }
      }
    }
    if (!present.contains(Targeting.SELECTION_RULE)) {
      out = out.withColumn(Targeting.SELECTION_RULE, lit(c.persistent().rule().name()))
          .withColumn(Targeting.PASSES_PUBLISHED_RULE,
              coalesce(passes(c.withSelection(SelectionRule.PUBLISHED)), lit(false)))
          .withColumn(Targeting.PASSES_PERSISTENT_RULE,
              coalesce(passes(c.withSelection(SelectionRule.PERSISTENT)), lit(false)));
    }
    return out;
  }

  /** The rule's ratio and the regional top decile (the campaign's raw over-prescription). */
  static Column raw(CampaignConfig c) {
    return chosenRatio(c).geq(c.ratioThreshold())
        .and(col(Expected.REGION_PERCENT_RANK).geq(c.regionalPercentRank()));
  }

  /**
   * The rule's safeguard. PUBLISHED: the funnel (z) or the shrunk ratio. PERSISTENT: the
   * posterior probability of a persistent ratio at the threshold, and enough semesters.
   */
  static Column safeguard(CampaignConfig c) {
    if (c.persistent().rule() == SelectionRule.PERSISTENT) {
      return col(Persistent.PROBABILITY_AT_THRESHOLD).geq(c.persistent().minProbability())
          .and(col(Persistent.SEMESTERS).geq(c.persistent().minSemesters()));
    }
    return c.safeguard().mode() == CampaignConfig.SafeguardMode.FUNNEL
        ? col(Expected.Z).geq(c.safeguard().funnelZ())
        : col(Expected.SHRUNK_RATIO).geq(c.safeguard().shrunkRatio());
  }

  /** The ratio the rule selects on, and whose band sets the objective. */
  static Column chosenRatio(CampaignConfig c) {
    return c.persistent().rule() == SelectionRule.PERSISTENT
        ? col(Persistent.PERSISTENT_RATIO) : col(Expected.RATIO);
  }

  /** The rule's figures alone: raw rule and, when the campaign has it on, its safeguard. */
  private static Column passes(CampaignConfig c) {
    return c.safeguard().enabled() ? raw(c).and(safeguard(c)) : raw(c);
  }
}
