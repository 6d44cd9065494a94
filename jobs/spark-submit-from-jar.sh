#!/usr/bin/env bash
# A spark-submit for machines without a Spark distribution (a developer's machine, CI, the
# loopback test cluster of src/test/java/org/ijcampaign/cli/LoopbackClusterIT.java): runs Spark's
# own launcher class, org.apache.spark.deploy.SparkSubmit, from the application jar, which has
# Spark inside. Use it as the SPARK_SUBMIT of jobs/common.sh:
#
#   SPARK_MASTER=spark://127.0.0.1:7077 SPARK_SUBMIT=jobs/spark-submit-from-jar.sh \
#     SPARK_SUBMIT_OPTS="--conf spark.executor.extraClassPath=$PWD/target/ij-campaign-0.1.0.jar" \
#     jobs/pipeline.sh --landing ...
#
# The arguments are spark-submit's. Meant for client deploy mode (the default, and the only one
# tested): the driver runs in this JVM, so, as Spark's bin/spark-submit does through its
# launcher, its JVM options are taken from the arguments: -Xmx from --driver-memory (or --conf
# spark.driver.memory; Spark's default 1g), and the options of --driver-java-options and --conf
# spark.driver.extraJavaOptions, where jobs/common.sh passes its JVM flags (add-opens,
# -XX:-DontCompileHugeMethods), so the driver gets the same flags as an embedded run;
# --driver-class-path / spark.driver.extraClassPath go before the jar on the class path. Options
# are split on white space (no quoting inside them).
# spark-defaults.conf is not read and there is no SPARK_HOME: put settings on the command line.
#
# Executors need Spark's classes on their side too: on a standalone cluster started from this
# jar, --conf spark.executor.extraClassPath=<the jar's absolute path on the workers>.
#
# Environment (as jobs/common.sh): IJ_JAR, the application jar (default:
# target/ij-campaign-*.jar beside jobs/; a relative path is relative to the project folder; a
# local file, not a URI, since it is this JVM's class path). JAVA_HOME, if set, names the java.
set -euo pipefail

IJ_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ -z "${IJ_JAR:-}" ]]; then
  IJ_JAR="$(ls "$IJ_HOME"/target/ij-campaign-*.jar 2>/dev/null | grep -v original | head -n 1 || true)"
elif [[ "${IJ_JAR}" != /* ]]; then
  IJ_JAR="$IJ_HOME/$IJ_JAR"
fi
if [[ -z "${IJ_JAR}" || ! -f "${IJ_JAR}" ]]; then
  echo "spark-submit-from-jar: no application jar (${IJ_JAR:-none}): build it with" \
    "'mvn -q -B -DskipTests package' or set IJ_JAR to a local file" >&2
  exit 2
fi

driver_memory=1g
driver_opts=()
driver_cp=""
# driver_conf KEY=VALUE: the driver settings that shape this JVM.
driver_conf() {
  case "$1" in
    spark.driver.memory=*) driver_memory="${1#*=}" ;;
    # shellcheck disable=SC2206
    spark.driver.extraJavaOptions=*) driver_opts+=(${1#*=}) ;;
    spark.driver.extraClassPath=*) driver_cp="${1#*=}" ;;
  esac
}
# spark-submit's options, up to the application jar (what follows it is the job's own).
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  a="${args[$i]}"
  next="${args[$((i + 1))]:-}"
  case "$a" in
    --driver-memory) driver_memory="$next" ;;
    --driver-memory=*) driver_memory="${a#*=}" ;;
    # shellcheck disable=SC2206
    --driver-java-options) driver_opts+=($next) ;;
    # shellcheck disable=SC2206
    --driver-java-options=*) driver_opts+=(${a#*=}) ;;
    --driver-class-path) driver_cp="$next" ;;
    --driver-class-path=*) driver_cp="${a#*=}" ;;
    --conf | -c) driver_conf "$next" ;;
    --conf=*) driver_conf "${a#*=}" ;;
  esac
  case "$a" in
    --verbose | -v | --supervise | --help | -h | --version | --usage-error | --*=*) ;;
    -*) i=$((i + 1)) ;;  # an option with a value: skip the value
    *) break ;;          # the application jar
  esac
done

java="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java="$JAVA_HOME/bin/java"
fi
exec "$java" -Xmx"$driver_memory" "${driver_opts[@]}" \
  -cp "${driver_cp:+$driver_cp:}$IJ_JAR" org.apache.spark.deploy.SparkSubmit "$@"
