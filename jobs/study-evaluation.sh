#!/usr/bin/env bash
# The evaluation study (docs/evaluation.md, "The study"): simulated campaigns at the GP ×
# semester level, every estimator scored against the truth of each replicate. A lab tool: it
# lives in the test sources and is not in the product jar. Options: --replicates N (default
# 200), --only TEXT (scenarios whose name contains TEXT), --out FILE (also write the tables).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B test-compile
exec java -Xmx4g -cp target/test-classes:target/classes org.ijcampaign.study.EvaluationStudy "$@"
