#!/bin/sh
# Read-only proof: the live audit under strace (tests/hostile/readonly.py).
#   tests/run-readonly.sh BIN
set -u
if ! command -v python3 >/dev/null 2>&1; then
	echo "skip - live audit under strace (python3 is missing)"
	echo "readonly: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
exec python3 tests/hostile/readonly.py "${1:?usage: tests/run-readonly.sh BIN}"
