#!/usr/bin/env bash
# The 'evaluate' job; options are passed through (see: jobs/evaluate.sh --help). Launcher: jobs/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_job evaluate "$@"
