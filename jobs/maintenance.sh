#!/usr/bin/env bash
# The 'maintenance' job; options are passed through (see: jobs/maintenance.sh --help). Launcher: jobs/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_job maintenance "$@"
