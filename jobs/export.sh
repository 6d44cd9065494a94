#!/usr/bin/env bash
# The 'export' job; options are passed through (see: jobs/export.sh --help). Launcher: jobs/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_job export "$@"
