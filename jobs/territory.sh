#!/usr/bin/env bash
# The 'territory' job; options are passed through (see: jobs/territory.sh --help). Launcher: jobs/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_job territory "$@"
