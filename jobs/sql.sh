#!/usr/bin/env bash
# The 'sql' job; options are passed through (see: jobs/sql.sh --help). Launcher: jobs/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_job sql "$@"
