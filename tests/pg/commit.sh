#!/usr/bin/env bash
# commit.sh - a COMMIT whose connection breaks: committed, rolled back, or
# unknown, each said as it is (pg_commit.c). Run by ctest through
# tests/lib/pg-run.sh (HR_TEST_PG_CLUSTER).
. "$HR_SRC/tests/lib/common.sh"
: "${PG_COMMIT:?PG_COMMIT must name the pg_commit program}"
: "${HR_TEST_PG_CLUSTER:?run through tests/lib/pg-run.sh}"
db=$("$HR_SRC/scripts/pg-cluster" db "$HR_TEST_PG_CLUSTER" commit_lost) || fail "no database"
control=$("$HR_SRC/scripts/pg-cluster" url "$HR_TEST_PG_CLUSTER" postgres)
"$PG_COMMIT" "$db" "$control" commit_lost || fail "pg_commit"
finish
