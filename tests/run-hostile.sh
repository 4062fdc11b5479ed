#!/bin/sh
# Hostile snapshots, archives and dumps (tests/hostile/hostile.py).
#   tests/run-hostile.sh BIN
set -u
if ! command -v python3 >/dev/null 2>&1; then
	echo "skip - hostile inputs (python3 is missing)"
	echo "hostile: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
exec python3 tests/hostile/hostile.py "${1:?usage: tests/run-hostile.sh BIN}"
