#!/usr/bin/env bash
# The 'benchmark' job; options are passed through (see: jobs/benchmark.sh --help). Launcher: jobs/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_job benchmark "$@"
