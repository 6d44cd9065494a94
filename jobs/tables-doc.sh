#!/usr/bin/env bash
# Regenerates docs/tables.md, the column dictionary, from the declared table schemas
# (src/main/java/org/ijcampaign/schema/TableSchemas.java); TablesDocTest fails when the page is
# not current. Needs the jar (mvn -q -B -DskipTests package), not Spark. Options: --out FILE.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
exec java -jar "$IJ_JAR" tables-doc "$@"
