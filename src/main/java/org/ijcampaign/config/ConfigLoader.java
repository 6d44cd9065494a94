package org.ijcampaign.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads and validates configuration files. Every key must exist in the bundled schema
 * ({@code reference.conf}, {@code campaign-reference.conf}) with the same type: an unknown
 * key, a wrong type or a missing value is a {@link ConfigError} naming the key and the file,
 * raised before any Spark work starts. Two sections of an environment file are another
 * reader's, the lab's ({@code ijcampaign.demo}, {@code ijcampaign.generate}): it checks them
 * against its own schema through {@link #otherReader}.
 */
public final class ConfigLoader {
  private static final String APP_ROOT = "ijcampaign";
  private static final String CAMPAIGN_ROOT = "campaign";
  /** Free-form pass-through of Spark settings: not checked against the schema. */
  private static final String SPARK_EXTRA = APP_ROOT + ".spark.extra";
  /**
   * Sections an environment file may hold for another reader of the same file, the lab's
   * generator and demo zone (which check them against their own schema, lab.conf): the
   * product neither reads, checks nor hashes them.
   */
  private static final Set<String> OTHER_READERS =
      Set.of(APP_ROOT + ".demo", APP_ROOT + ".generate");

  private ConfigLoader() {}

  /** The environment file, or the bundled defaults when {@code file} is null. */
  public static AppConfig loadApp(File file) {
    Config reference = ConfigFactory.parseResources("reference.conf").resolve();
    Config user = file == null ? reference : parseFile(file);
    String source = file == null ? "classpath:reference.conf" : file.getPath();
    Set<String> unchecked = new java.util.HashSet<>(OTHER_READERS);
    unchecked.add(SPARK_EXTRA);
    checkKeys(user, reference, APP_ROOT, source, unchecked);
    Config c = user.withFallback(reference).resolve();
    try {
      c.checkValid(reference, APP_ROOT);
      Config a = c.getConfig(APP_ROOT);
      Map<String, String> extra = new LinkedHashMap<>();
      for (Map.Entry<String, ConfigValue> e : a.getConfig("spark.extra").entrySet()) {
        extra.put(unquote(e.getKey()), String.valueOf(e.getValue().unwrapped()));
      }
      List<Double> thresholds = a.getDoubleList("territory.apl-thresholds");
      for (int i = 1; i < thresholds.size(); i++) {
        if (thresholds.get(i) <= thresholds.get(i - 1)) {
          throw new ConfigError(source + ": ijcampaign.territory.apl-thresholds must increase: "
              + thresholds);
        }
      }
      AppConfig cfg = new AppConfig(
          source,
          a.getString("environment"),
          new AppConfig.Spark(a.getString("spark.master"), a.getString("spark.app-name"),
              positive(a, "spark.shuffle-partitions", source), extra),
          a.getString("warehouse"),
          a.getString("work-dir"),
          a.getString("landing"),
          new AppConfig.Profile(a.getBoolean("profile.replacement-rule"),
              a.getBoolean("profile.replacement-follows-stops")),
          new AppConfig.Territory(thresholds, positive(a, "territory.min-territory-size", source),
              new AppConfig.Kmeans(positive(a, "territory.kmeans.k", source),
                  a.getLong("territory.kmeans.seed"),
                  positive(a, "territory.kmeans.max-iter", source))),
          new AppConfig.Model(positive(a, "model.max-iter", source),
              a.getDouble("model.tolerance")),
          new AppConfig.Evaluation(positive(a, "evaluation.min-stratum-controls", source),
              a.getDouble("evaluation.placebo-tolerance")),
          new AppConfig.Maintenance(positive(a, "maintenance.retention-hours", source),
              a.getStringList("maintenance.tables")),
          new AppConfig.Privacy(positive(a, "privacy.min-cell-patients", source)),
          new AppConfig.Dashboard(positive(a, "dashboard.max-funnel-points", source)),
          hash(withoutOtherReaders(c.getConfig(APP_ROOT))));
      return cfg;
    } catch (ConfigException e) {
      throw new ConfigError(describe(e, source), e);
    }
  }

  /** The product's keys alone: another reader's sections do not change the product's hash. */
  private static Config withoutOtherReaders(Config app) {
    Config own = app;
    for (String section : OTHER_READERS) {
      own = own.withoutPath(section.substring(APP_ROOT.length() + 1));
    }
    return own;
  }

  /**
   * For a reader of the environment file other than the product (the lab): the sections its
   * own schema resource defines under {@code ijcampaign}, taken from {@code file} (or the
   * schema's defaults when null) over those defaults, and checked like the product's keys: an
   * unknown key or a wrong type in them is a {@link ConfigError} naming the key and the file.
   * The product's keys in the file are left to {@link #loadApp}.
   */
  public static Config otherReader(File file, String schemaResource) {
    Config reference = ConfigFactory.parseResources(schemaResource).resolve();
    if (!reference.hasPath(APP_ROOT)) {
      throw new IllegalArgumentException(schemaResource + " has no '" + APP_ROOT + "' section");
    }
    String source = file == null ? "classpath:" + schemaResource : file.getPath();
    Config user = ConfigFactory.empty();
    if (file != null) {
      Config whole = parseFile(file);
      for (String section : reference.getConfig(APP_ROOT).root().keySet()) {
        String path = APP_ROOT + "." + section;
        if (whole.hasPath(path)) {
          user = user.withValue(path, whole.getValue(path));
        }
      }
    }
    if (!user.isEmpty()) {
      checkKeys(user, reference, APP_ROOT, source, Set.of());
    }
    Config c = user.withFallback(reference).resolve();
    try {
      c.checkValid(reference, APP_ROOT);
      return c.getConfig(APP_ROOT);
    } catch (ConfigException e) {
      throw new ConfigError(describe(e, source), e);
    }
  }

  /** A campaign file such as {@code conf/campaigns/2025-2026.conf} (the extension may be omitted). */
  public static CampaignConfig loadCampaign(File file) {
    if (file == null) {
      return bundledCampaign();
    }
    File f = file;
    if (!f.exists() && new File(file.getPath() + ".conf").exists()) {
      f = new File(file.getPath() + ".conf");
    }
    return campaign(parseFile(f), f.getPath());
  }

  /** The campaign bundled in the jar: the 2025-2026 rules (docs/method.md, "Targeting"). */
  public static CampaignConfig bundledCampaign() {
    return campaign(ConfigFactory.parseResources("campaign-reference.conf").resolve(),
        "classpath:campaign-reference.conf");
  }

  private static CampaignConfig campaign(Config user, String source) {
    Config reference = ConfigFactory.parseResources("campaign-reference.conf").resolve();
    checkKeys(user, reference, CAMPAIGN_ROOT, source, Set.of());
    Config c = user.withFallback(reference).resolve();
    try {
      c.checkValid(reference, CAMPAIGN_ROOT);
      Config k = c.getConfig(CAMPAIGN_ROOT);
      List<CampaignConfig.Wave> waves = new ArrayList<>();
      int i = 0;
      for (Config w : k.getConfigList("waves")) {
        String at = "campaign.waves[" + i++ + "]";
        checkObjectKeys(w, Set.of("name", "start", "end", "exchange-from", "exchange-to",
            "prior-procedure"), at, source);
        waves.add(new CampaignConfig.Wave(w.getString("name"), date(w, "start", at, source),
            date(w, "end", at, source), date(w, "exchange-from", at, source),
            date(w, "exchange-to", at, source), w.getBoolean("prior-procedure")));
      }
      List<CampaignConfig.ObjectiveBand> bands = new ArrayList<>();
      i = 0;
      for (Config b : k.getConfigList("objectives")) {
        String at = "campaign.objectives[" + i++ + "]";
        checkObjectKeys(b, Set.of("from", "to", "reduction"), at, source);
        double from = b.getDouble("from");
        double to = b.getDouble("to");
        double reduction = b.getDouble("reduction");
        if (!(to > from) || reduction >= 0 || reduction <= -1) {
          throw new ConfigError(source + ": " + at + " needs from < to and -1 < reduction < 0");
        }
        bands.add(new CampaignConfig.ObjectiveBand(from, to, reduction));
      }
      String mode = k.getString("safeguard.mode");
      CampaignConfig.SafeguardMode safeguardMode;
      try {
        safeguardMode = CampaignConfig.SafeguardMode.valueOf(mode);
      } catch (IllegalArgumentException e) {
        throw new ConfigError(source + ": campaign.safeguard.mode must be FUNNEL or SHRUNK, not '"
            + mode + "'");
      }
      Config ev = k.getConfig("evaluation");
      // The name becomes the export folder and the dashboard page's name.
      String name = SafeNames.check(source + ": campaign.name", k.getString("name"));
      SafeNames.check(source + ": campaign.evaluation.campaign", ev.getString("campaign"));
      String rule = k.getString("selection-rule");
      CampaignConfig.SelectionRule selectionRule;
      try {
        selectionRule = CampaignConfig.SelectionRule.valueOf(rule);
      } catch (IllegalArgumentException e) {
        throw new ConfigError(source + ": campaign.selection-rule must be PUBLISHED or "
            + "PERSISTENT, not '" + rule + "'");
      }
      // A credible length is read against the stops counted once over the window.
      if (k.getString("persistent.stop-length").equals("CREDIBLE")
          && !k.getString("persistent.noise").equals("WINDOW")) {
        throw new ConfigError(source + ": campaign.persistent.stop-length = CREDIBLE needs "
            + "campaign.persistent.noise = WINDOW, not '" + k.getString("persistent.noise")
            + "'");
      }
      return new CampaignConfig(
          source,
          name,
          date(k, "start", "campaign", source),
          Period.of(date(k, "observation.start", "campaign", source),
              date(k, "observation.end", "campaign", source)),
          k.getDouble("thresholds.ratio"),
          fraction(k, "thresholds.regional-percent-rank", source),
          new CampaignConfig.Safeguard(k.getBoolean("safeguard.enabled"), safeguardMode,
              k.getDouble("safeguard.funnel-z"), k.getDouble("safeguard.shrunk-ratio")),
          k.getInt("exclusions.min-active-patients"),
          k.getInt("exclusions.min-years-installed"),
          positive(k, "eligibility.exchange-lookback-months", source),
          k.getStringList("eligibility.prior-procedures"),
          waves,
          bands,
          evaluationPlan(ev, source),
          new CampaignConfig.Persistent(selectionRule,
              fraction(k, "persistent.min-probability", source),
              positive(k, "persistent.min-semesters", source),
              nonNegative(k, "persistent.dispersion-prior-stops", source),
              nonNegative(k, "persistent.moments-min-expected-days", source),
              oneOf(CampaignConfig.PersistentPrior.class, "persistent.prior",
                  k.getString("persistent.prior"), source),
              k.getBoolean("persistent.leave-self-out"),
              k.getBoolean("persistent.exclude-substitute-days"),
              oneOf(CampaignConfig.PersistentNoise.class, "persistent.noise",
                  k.getString("persistent.noise"), source),
              oneOf(CampaignConfig.PersistentStopLength.class, "persistent.stop-length",
                  k.getString("persistent.stop-length"), source)),
          hash(k));
    } catch (ConfigException e) {
      throw new ConfigError(describe(e, source), e);
    }
  }

  private static Config parseFile(File file) {
    if (!file.isFile()) {
      throw new ConfigError("configuration file not found: " + file.getPath());
    }
    try {
      return ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false))
          .resolve();
    } catch (ConfigException e) {
      throw new ConfigError(describe(e, file.getPath()), e);
    }
  }

  /** Refuses keys the schema does not know, so that a misspelt key is not silently ignored. */
  private static void checkKeys(Config user, Config reference, String root, String source,
      Set<String> freeForm) {
    if (!user.hasPath(root)) {
      throw new ConfigError(source + ": no '" + root + "' section");
    }
    Set<String> unknown = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : user.getConfig(root).entrySet()) {
      String path = root + "." + e.getKey();
      if (freeForm.stream().anyMatch(p -> path.startsWith(p + "."))) {
        continue;
      }
      if (!reference.hasPathOrNull(path)) {
        ConfigValue v = e.getValue();
        String where = v.origin() == null || v.origin().lineNumber() < 0 ? ""
            : " (line " + v.origin().lineNumber() + ")";
        unknown.add(path + where);
      }
    }
    for (Map.Entry<String, ConfigValue> e : user.root().entrySet()) {
      if (!e.getKey().equals(root)) {
        unknown.add(e.getKey());
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigError(source + ": unknown key(s) " + String.join(", ", unknown));
    }
  }

  private static void checkObjectKeys(Config c, Set<String> allowed, String at, String source) {
    for (String key : c.root().keySet()) {
      if (!allowed.contains(key)) {
        throw new ConfigError(source + ": unknown key " + at + "." + key);
      }
    }
    for (String key : allowed) {
      if (!c.hasPath(key)) {
        throw new ConfigError(source + ": missing key " + at + "." + key);
      }
    }
  }

  private static LocalDate date(Config c, String key, String at, String source) {
    String text = c.getString(key);
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new ConfigError(source + ": " + at + "." + key + " = '" + text
          + "' is not a date yyyy-MM-dd");
    }
  }

  private static CampaignConfig.EvaluationPlan evaluationPlan(Config ev, String source) {
    List<Period> selection = new ArrayList<>();
    for (String p : ev.getStringList("selection")) {
      try {
        selection.add(Period.parse(p));
      } catch (ConfigError e) {
        throw new ConfigError(source + ": campaign.evaluation.selection: " + e.getMessage());
      }
    }
    if (selection.isEmpty()) {
      throw new ConfigError(source + ": campaign.evaluation.selection names no period");
    }
    CampaignConfig.EvaluationPlan plan = new CampaignConfig.EvaluationPlan(
        ev.getString("campaign"), period(ev, "baseline", source),
        period(ev, "follow-up", source), selection,
        date(ev, "treatment-start", "campaign.evaluation", source));
    if (!plan.selectionEnd().isBefore(plan.treatmentStart())) {
      throw new ConfigError(source + ": campaign.evaluation.treatment-start "
          + plan.treatmentStart() + " is not after the selection, which ends "
          + plan.selectionEnd());
    }
    if (plan.followUp().start().isBefore(plan.treatmentStart())) {
      throw new ConfigError(source + ": campaign.evaluation.follow-up "
          + plan.followUp().label() + " starts before treatment-start "
          + plan.treatmentStart());
    }
    return plan;
  }

  private static Period period(Config c, String key, String source) {
    try {
      return Period.parse(c.getString(key));
    } catch (ConfigError e) {
      throw new ConfigError(source + ": campaign.evaluation." + key + ": " + e.getMessage());
    }
  }

  /** {@code key}'s integer, refused (naming the key and the file) unless above zero. */
  public static int positive(Config c, String key, String source) {
    int v = c.getInt(key);
    if (v <= 0) {
      throw new ConfigError(source + ": " + key + " must be positive, not " + v);
    }
    return v;
  }

  /** {@code campaign.<key>} as one of {@code type}'s names, "A or B" in the error. */
  private static <E extends Enum<E>> E oneOf(Class<E> type, String key, String value,
      String source) {
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      String names = String.join(" or ", java.util.Arrays.stream(type.getEnumConstants())
          .map(Enum::name).toList());
      throw new ConfigError(source + ": campaign." + key + " must be " + names + ", not '"
          + value + "'");
    }
  }

  private static double nonNegative(Config c, String key, String source) {
    double v = c.getDouble(key);
    if (!(v >= 0)) {
      throw new ConfigError(source + ": " + key + " must be >= 0, not " + v);
    }
    return v;
  }

  private static double fraction(Config c, String key, String source) {
    double v = c.getDouble(key);
    if (v < 0 || v > 1) {
      throw new ConfigError(source + ": " + key + " must lie in [0, 1], not " + v);
    }
    return v;
  }

  private static String describe(ConfigException e, String source) {
    if (e instanceof ConfigException.ValidationFailed vf) {
      List<String> problems = new ArrayList<>();
      for (ConfigException.ValidationProblem p : vf.problems()) {
        int line = p.origin() == null ? -1 : p.origin().lineNumber();
        problems.add(p.path() + (line > 0 ? " (line " + line + ")" : "") + ": " + p.problem());
      }
      return source + ": " + String.join("; ", problems);
    }
    return source + ": " + e.getMessage();
  }

  private static String unquote(String key) {
    return key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
  }

  private static String hash(Config c) {
    String text = c.root().render(ConfigRenderOptions.concise().setJson(true));
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
