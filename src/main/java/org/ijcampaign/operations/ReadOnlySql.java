package org.ijcampaign.operations;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * Analysts' SQL that cannot change or reach anything but the registered views. A statement is
 * parsed by Spark's own parser (Delta's extension included) and its unresolved plan is judged
 * before anything runs: every node must be a query operator of {@link #QUERY_NODES}, so that
 * commands (DELETE, INSERT, CREATE … LOCATION, SET, VACUUM, CACHE …), script transforms and
 * anything a later Spark or Delta adds are refused by default; every table it names must be a
 * single-part name among the views (or a CTE of the statement itself), so that path-based access
 * such as {@code delta.`/w/claims_clean`} or {@code text.`/etc/passwd`} is refused; table-valued
 * functions other than {@code range} (Delta's {@code table_changes_by_path} reads any path) and
 * the functions that call Java methods are refused. The session also runs with
 * {@code spark.sql.runSQLOnFiles=false}, a second lock on the path-based door.
 */
public final class ReadOnlySql {
  /** A statement refused, or one the engine cannot parse or resolve: exit code 2. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }

  /**
   * Plan nodes a read-only query is made of, by simple class name, as Spark 3.5's parser emits
   * them (analysis-package nodes included).
   */
  static final Set<String> QUERY_NODES = Set.of("Project", "Filter", "Aggregate", "Join",
      "LateralJoin", "Sort", "GlobalLimit", "LocalLimit", "Offset", "Tail", "Union",
      "Intersect", "Except", "Distinct", "Deduplicate", "SubqueryAlias", "UnresolvedWith",
      "WithWindowDefinition", "Window", "Generate", "Pivot", "Unpivot", "OneRowRelation",
      "LocalRelation", "Sample", "Expand", "Range", "UnresolvedHint", "RepartitionByExpression",
      "RebalancePartitions", "Repartition", "UnresolvedRelation", "UnresolvedInlineTable",
      "UnresolvedSubqueryColumnAliases", "UnresolvedHaving", "UnresolvedTableValuedFunction",
      "UnresolvedTVFAliases", "CTERelationRef");

  /** Table-valued functions that only compute: none of them reads storage. */
  static final Set<String> TABLE_FUNCTIONS = Set.of("range");

  /** Functions that run arbitrary Java static methods (System.getenv, …). */
  static final Set<String> FORBIDDEN_FUNCTIONS = Set.of("reflect", "java_method", "try_reflect");

  /** The session setting that lets SQL read files by path; off for analysts' sessions. */
  public static final String RUN_SQL_ON_FILES = "spark.sql.runSQLOnFiles";

  private ReadOnlySql() {}

  /** Closes the session's path-based door; call once before the first query. */
  public static void lockDown(SparkSession spark) {
    spark.conf().set(RUN_SQL_ON_FILES, "false");
  }

  /**
   * Checks then runs one statement over {@code views}.
   *
   * @throws Refused when the statement is not a query over the views, or does not parse or
   *     resolve (a syntax error, an unknown column)
   */
  public static Dataset<Row> query(SparkSession spark, String sql, Set<String> views) {
    check(spark, sql, views);
    try {
      return spark.sql(sql);
    } catch (Exception e) {
      throw refusedOrRethrown(e);
    }
  }

  /**
   * Refuses anything but a query over {@code views}; runs nothing.
   *
   * @return the relations the statement names (lower case): views, or CTEs of its own
   */
  public static Set<String> check(SparkSession spark, String sql, Set<String> views) {
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(sql);
    } catch (Exception e) {
      throw refusedOrRethrown(e);
    }
    Set<String> allowed = new HashSet<>();
    views.forEach(v -> allowed.add(v.toLowerCase(Locale.ROOT)));
    Set<String> named = new HashSet<>();
    visit(plan, allowed, named);
    return named;
  }

  private static void visit(LogicalPlan p, Set<String> allowed, Set<String> named) {
    String node = p.getClass().getSimpleName();
    if (!QUERY_NODES.contains(node)) {
      throw new Refused("only queries over the views are allowed, not " + p.nodeName());
    }
    if (p instanceof UnresolvedWith with) {
      // A CTE's name is a relation of the statement itself: allowed below it.
      for (Tuple2<String, ?> cte : JavaConverters.seqAsJavaList(with.cteRelations())) {
        allowed.add(cte._1().toLowerCase(Locale.ROOT));
      }
    }
    if (p instanceof UnresolvedRelation r) {
      List<String> parts = JavaConverters.seqAsJavaList(r.multipartIdentifier());
      if (parts.size() != 1 || !allowed.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
        throw new Refused("table " + String.join(".", parts) + " is not one of the views "
            + "(path-based and catalog tables are not readable here; see the views listed "
            + "above)");
      }
      named.add(parts.get(0).toLowerCase(Locale.ROOT));
    }
    if (p instanceof UnresolvedTableValuedFunction f) {
      List<String> parts = JavaConverters.seqAsJavaList(f.name());
      if (parts.size() != 1 || !TABLE_FUNCTIONS.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
        throw new Refused("table function " + String.join(".", parts) + " is not allowed");
      }
    }
    for (Object inner : JavaConverters.seqAsJavaList(p.innerChildren())) {
      if (inner instanceof LogicalPlan lp) {
        visit(lp, allowed, named);
      }
    }
    for (Expression e : JavaConverters.seqAsJavaList(p.expressions())) {
      visitExpression(e, allowed, named);
    }
    for (LogicalPlan child : JavaConverters.seqAsJavaList(p.children())) {
      visit(child, allowed, named);
    }
  }

  private static void visitExpression(Expression e, Set<String> allowed, Set<String> named) {
    if (e instanceof SubqueryExpression s) {
      visit(s.plan(), allowed, named);
    }
    if (e instanceof UnresolvedFunction f) {
      List<String> parts = JavaConverters.seqAsJavaList(f.nameParts());
      if (parts.size() != 1
          || FORBIDDEN_FUNCTIONS.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
        throw new Refused("function " + String.join(".", parts) + " is not allowed");
      }
    }
    for (Expression child : JavaConverters.seqAsJavaList(e.children())) {
      visitExpression(child, allowed, named);
    }
  }

  /** Scala throws AnalysisException unchecked; anything else is a failure, not the query's. */
  private static RuntimeException refusedOrRethrown(Exception e) {
    if (e instanceof AnalysisException a) {
      return new Refused(oneLine(a));
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  /** The engine's first non-blank line: no plan dump, no query echo. */
  static String oneLine(AnalysisException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    return m.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst()
        .orElse(e.getClass().getSimpleName());
  }
}
