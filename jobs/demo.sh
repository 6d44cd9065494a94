#!/usr/bin/env bash
# The 'demo' job; options are passed through (see: jobs/demo.sh --help). Launcher: jobs/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_job demo "$@"
