#!/usr/bin/env bash
# The 'dashboard' job; options are passed through (see: jobs/dashboard.sh --help). Launcher: jobs/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_job dashboard "$@"
