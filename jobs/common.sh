#!/usr/bin/env bash
# Shared by every job script: finds the jar and launches it either embedded (java -jar,
# local[*] from conf/local.conf) or through spark-submit when SPARK_MASTER is set.
#
# Environment:
#   IJ_SUBMIT_ENV     a bash file sourced first that sets the variables below for a cluster:
#                     conf/yarn.env or conf/k8s.env (docs/operations.md), which only fill the
#                     variables the caller has not set
#   IJ_JAR            the application jar (default: target/ij-campaign-*.jar beside jobs/); with
#                     spark-submit also a URI spark-submit fetches itself: local:// (a path in the
#                     image or on every node), hdfs://, s3a://, https://
#   IJ_ENV            environment file (default: conf/local.conf); in Kubernetes cluster mode a
#                     path inside the image, since the driver runs in a pod (conf/k8s.env)
#   IJ_DRIVER_MEMORY  heap of the embedded run or driver memory for spark-submit (default 8g)
#   IJ_JAVA_OPTS      extra JVM options of the job's JVMs: the embedded run's, or under
#                     spark-submit the driver's and the executors'
#   IJ_EMBEDDED_JVM_FLAGS  the embedded run's collector and pages (default below); "" for the
#                     JVM's own (G1, small pages)
#   SPARK_MASTER      e.g. yarn, k8s://https://host:6443, spark://host:7077: use spark-submit
#   SPARK_SUBMIT      the spark-submit to use (default: spark-submit on the PATH)
#   SPARK_SUBMIT_OPTS extra spark-submit options (--deploy-mode, --num-executors, --conf ...)
# Relative paths (IJ_SUBMIT_ENV, IJ_JAR, IJ_ENV) are relative to the project folder.
set -euo pipefail

IJ_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$IJ_HOME"

if [[ -n "${IJ_SUBMIT_ENV:-}" ]]; then
  if [[ ! -f "${IJ_SUBMIT_ENV}" ]]; then
    echo "IJ_SUBMIT_ENV: no such file: ${IJ_SUBMIT_ENV} (relative to ${IJ_HOME})" >&2
    exit 2
  fi
  # shellcheck disable=SC1090
  source "${IJ_SUBMIT_ENV}"
fi

if [[ -z "${IJ_JAR:-}" ]]; then
  IJ_JAR="$(ls "$IJ_HOME"/target/ij-campaign-*.jar 2>/dev/null | grep -v original | head -n 1 || true)"
fi
if [[ "${IJ_JAR}" =~ ^[A-Za-z][A-Za-z0-9+.-]*:// ]]; then
  # A URI (local://, hdfs://, s3a://, https://...): spark-submit fetches it, java -jar cannot.
  if [[ -z "${SPARK_MASTER:-}" ]]; then
    echo "IJ_JAR is a URI (${IJ_JAR}): only spark-submit can use it; set SPARK_MASTER" \
      "or give a local jar" >&2
    exit 2
  fi
elif [[ -z "${IJ_JAR}" || ! -f "${IJ_JAR}" ]]; then
  echo "no application jar: build it with 'mvn -q -B -DskipTests package' or set IJ_JAR" >&2
  exit 2
fi
IJ_ENV="${IJ_ENV:-conf/local.conf}"
IJ_DRIVER_MEMORY="${IJ_DRIVER_MEMORY:-8g}"
# Spark binds to this address in local and loopback runs; the host name may not resolve to it.
# Not for a cluster master: a driver on 127.0.0.1 would tell the executors to call it on
# "localhost" (YARN client mode); there Spark picks the host's address itself, or the caller
# sets SPARK_LOCAL_IP.
if [[ -z "${SPARK_MASTER:-}" || "${SPARK_MASTER}" == local* ]]; then
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
fi

# The add-opens Spark 3.5 needs on Java 17 (also in the jar manifest for java -jar).
IJ_OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"

# Spark's generated code for the ingestion checks has methods over HotSpot's 8,000-byte JIT
# limit; left interpreted they halve the ingestion's speed (measured: README, "Benchmarks").
IJ_JVM_FLAGS="-XX:-DontCompileHugeMethods $IJ_OPENS"

# The embedded run's collector and pages: on one machine the driver is the executor, a batch
# that wants throughput, not short pauses. The parallel collector spends no core on concurrent
# marking beside the tasks, and huge pages (where the kernel offers them on request) spare the
# hash joins' and aggregations' random reads most TLB misses: the national ingestion took an
# eighth less CPU, the profile of every period a tenth less time in alternated runs
# (docs/benchmarks.md, "Twelfth pass"). Not for a cluster's executors, whose heaps and cores
# are another trade-off; IJ_EMBEDDED_JVM_FLAGS="" restores the JVM's defaults.
# The huge-page flag exists only in Linux JVMs, hence asked for only where the kernel has them.
if [[ -z "${IJ_EMBEDDED_JVM_FLAGS+set}" ]]; then
  IJ_EMBEDDED_JVM_FLAGS="-XX:+UseParallelGC"
  if grep -qE '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
    IJ_EMBEDDED_JVM_FLAGS="$IJ_EMBEDDED_JVM_FLAGS -XX:+UseTransparentHugePages"
  fi
fi

# run_job JOB [ARGS...]: exit code of the job (0 ok, 1 failure, 2 configuration, 3 input,
# 4 warehouse busy).
run_job() {
  local job="$1"; shift
  # An --env (-e) on the command line wins over IJ_ENV: the job accepts only one.
  local env_args=(--env "$IJ_ENV")
  local a
  for a in "$@"; do
    case "$a" in
      -e|--env|-e=*|--env=*) env_args=() ;;
    esac
  done
  if [[ -n "${SPARK_MASTER:-}" ]]; then
    # Spark's own launcher reads an environment variable SPARK_SUBMIT_OPTS as JVM options of the
    # spark-submit JVM; ours holds spark-submit options ("--deploy-mode ..."), given on the
    # command line below, so it must not reach spark-submit's environment as well.
    local submit_opts="${SPARK_SUBMIT_OPTS:-}"
    unset SPARK_SUBMIT_OPTS
    # shellcheck disable=SC2086
    exec "${SPARK_SUBMIT:-spark-submit}" --master "$SPARK_MASTER" \
      --class org.ijcampaign.cli.Main --driver-memory "$IJ_DRIVER_MEMORY" \
      --conf "spark.driver.extraJavaOptions=$IJ_JVM_FLAGS ${IJ_JAVA_OPTS:-}" \
      --conf "spark.executor.extraJavaOptions=$IJ_JVM_FLAGS ${IJ_JAVA_OPTS:-}" \
      ${submit_opts} "$IJ_JAR" "$job" "${env_args[@]}" "$@"
  else
    # shellcheck disable=SC2086
    exec java -Xmx"$IJ_DRIVER_MEMORY" $IJ_JVM_FLAGS $IJ_EMBEDDED_JVM_FLAGS ${IJ_JAVA_OPTS:-} \
      -jar "$IJ_JAR" \
      "$job" "${env_args[@]}" "$@"
  fi
}
