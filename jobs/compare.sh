#!/usr/bin/env bash
# The lab's 'compare': holds every table of one warehouse to another's, row for row (doubles
# within 1e-9 relative); exit 0 when all are equal. E.g. jobs/compare.sh --a old/warehouse --b
# new/warehouse. Launcher: jobs/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_job compare "$@"
