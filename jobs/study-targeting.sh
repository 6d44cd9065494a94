#!/usr/bin/env bash
# The targeting study under other scenarios (docs/persistent.md, "Other scenarios"): for each
# environment file and seed, generate a zone with that file's generator scenario, score both
# rules against its truth (accuracy --targeting-only), and gather every zone's tables into
# OUT/study.md (and their summary, jobs/study-summary.py, into OUT/summary.md). Usage:
#   jobs/study-targeting.sh [--gps N] [--seeds "S1 S2"] [--out DIR] [--rescore]
#                           [--persistent-campaign FILE] ENV.conf...
# (defaults: 2,000 GPs, seeds 6 and 7, bench-out/study-targeting). About 8 minutes a zone at
# 2,000 GPs on a quiet 2-core machine. A zone already scored under OUT is kept, not redone;
# with --rescore it is scored again by the current jar on its ingested warehouse (accuracy
# --reuse-ingested, about 2.5 minutes a zone), after a change to the model. --persistent-campaign
# scores another persistent campaign file than conf/campaigns/2025-2026-persistent.conf (a
# variant of the model, conf/campaigns/2025-2026-persistent-semesters.conf say).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
gps=2000; seeds="6 7"; out=bench-out/study-targeting; rescore=0; envs=(); campaign=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --gps) gps="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --rescore) rescore=1; shift ;;
    --persistent-campaign) campaign=(--persistent-campaign "$2"); shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) envs+=("$1"); shift ;;
  esac
done
[[ ${#envs[@]} -gt 0 ]] || { echo "give at least one environment file (conf/local.conf, conf/scenarios/*.conf)" >&2; exit 2; }
mkdir -p "$out"
for env in "${envs[@]}"; do
  name="$(basename "$env" .conf)"
  for seed in $seeds; do
    zone="$out/$name-$gps-s$seed"
    if [[ ! -f "$zone/acc/accuracy.md" ]]; then
      rm -rf "$zone"
      IJ_ENV="$env" jobs/generate.sh --gps "$gps" --seed "$seed" --out "$zone/zone"
      IJ_ENV="$env" jobs/accuracy.sh --zone "$zone/zone" --targeting-only "${campaign[@]}" \
        --out "$zone/acc"
    elif [[ $rescore == 1 ]]; then
      # accuracy appends to its report: the previous scoring is kept beside it, not mixed in.
      mv "$zone/acc/accuracy.md" "$zone/acc/accuracy.previous.md"
      IJ_ENV="$env" jobs/accuracy.sh --zone "$zone/zone" --targeting-only --reuse-ingested \
        "${campaign[@]}" --out "$zone/acc" \
        || { mv "$zone/acc/accuracy.previous.md" "$zone/acc/accuracy.md"; exit 1; }
    fi
  done
done
{
  echo "# Targeting under other scenarios: $gps GPs, seeds $seeds"
  for env in "${envs[@]}"; do
    name="$(basename "$env" .conf)"
    for seed in $seeds; do
      echo; echo "## $name, seed $seed ($env)"; echo
      sed -n '/^### Published and persistent rules/,$p' "$out/$name-$gps-s$seed/acc/accuracy.md"
    done
  done
} > "$out/study.md"
echo "written: $out/study.md"
# The compact tables of docs/persistent.md, over every zone under OUT (not only this call's).
if command -v python3 > /dev/null; then
  jobs/study-summary.py "$out" > "$out/summary.md" && echo "written: $out/summary.md"
fi
