#!/usr/bin/env bash
# Not a job: the spark-submit that conf/k8s.env puts in SPARK_SUBMIT for Kubernetes cluster mode.
#
# In cluster mode spark-submit waits for the driver pod to end and prints its container's exit
# code, but exits 0 whatever that code was (SPARK-26365): a scheduler would take a failed job, or a
# bad input (exit 3), for a success. This wrapper names the driver pod, runs spark-submit with the
# arguments it was given, then reads the driver container's exit code from the pod and exits with
# it, so the job scripts keep their exit codes (0, 1, 2, 3, 4) on Kubernetes too.
#
# Environment:
#   IJ_K8S_SPARK_SUBMIT    the real spark-submit (default: spark-submit on the PATH)
#   IJ_K8S_NAMESPACE       namespace of the driver pod (default: ij-campaign; conf/k8s.env sets it)
#   IJ_K8S_DRIVER_CONTAINER  driver container name (default: spark-kubernetes-driver, Spark's)
#   KUBECTL                the kubectl to use (default: kubectl on the PATH); it reads the pod with
#                          the same kubeconfig / in-cluster service account as spark-submit
# Do not set spark.kubernetes.driver.pod.name or spark.kubernetes.submission.waitAppCompletion
# in SPARK_SUBMIT_OPTS: this script sets both (a later --conf would win and break the lookup).
# Completed driver pods stay (with their logs) until deleted: kubectl delete pod NAME.
set -euo pipefail

namespace="${IJ_K8S_NAMESPACE:-ij-campaign}"
container="${IJ_K8S_DRIVER_CONTAINER:-spark-kubernetes-driver}"
# Unique per run (a completed pod of the same name would make the submission fail), lower case.
pod="ij-campaign-$(date -u +%Y%m%d-%H%M%S)-$$"

set +e
"${IJ_K8S_SPARK_SUBMIT:-spark-submit}" \
  --conf "spark.kubernetes.driver.pod.name=${pod}" \
  --conf "spark.kubernetes.submission.waitAppCompletion=true" \
  "$@"
submitted=$?
set -e
if [[ $submitted -ne 0 ]]; then
  # The submission itself failed (no pod created, API refused ...): spark-submit's own code.
  echo "spark-submit failed with exit code ${submitted} (driver pod ${namespace}/${pod})" >&2
  exit "$submitted"
fi

code="$("${KUBECTL:-kubectl}" --namespace "$namespace" get pod "$pod" \
  -o "jsonpath={.status.containerStatuses[?(@.name==\"${container}\")].state.terminated.exitCode}" \
  || true)"
if [[ ! "$code" =~ ^[0-9]+$ ]]; then
  echo "could not read the exit code of driver pod ${namespace}/${pod} (deleted or evicted?):" \
    "counted as a failure (1)" >&2
  exit 1
fi
echo "driver pod ${namespace}/${pod} exited with code ${code}" >&2
exit "$code"
