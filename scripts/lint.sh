#!/bin/sh
# make lint: banned functions, cppcheck and clang-tidy over the sources.
# Each part prints what it found; the script fails if any part does.
# Installs cppcheck and clang-tidy (apt, as root) when missing.
set -u
srcs=$(ls probe/*.c checks/*.c report/*.c cli/*.c)
rc=0

for tool in cppcheck:cppcheck clang-tidy:clang-tidy; do
	command -v "${tool%%:*}" >/dev/null 2>&1 && continue
	if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends "${tool#*:}" >/dev/null || exit 1
	else
		echo "lint: ${tool%%:*} is missing (apt-get install ${tool#*:})"
		exit 1
	fi
done

# 1. Functions with no bound on what they write, that run programs, or that
#    keep hidden state; each has a bounded or explicit replacement
#    (snprintf, strtol with an end pointer, strtok_r, mkdtemp/mkstemp).
banned='\<(strcpy|strcat|sprintf|vsprintf|gets|strtok|system|popen|execl|execlp|execle|execv|execvp|execvpe|fork|vfork|atoi|atol|atoll|alloca|mktemp|tmpnam|tempnam|stpcpy|wcscpy|wcscat)[[:space:]]*\('
if grep -nE "$banned" $srcs probe/*.h checks/*.h report/*.h cli/*.h; then
	echo "lint: banned functions above"
	rc=1
else
	echo "lint: no banned functions"
fi

# 2. cppcheck: warnings, portability and performance.  System headers are
#    not read (cppcheck's own library knows libc); cJSON's iteration macro
#    is therefore unknown to it, which is not a finding.
if cppcheck -q --std=c11 --enable=warning,performance,portability \
	--inline-suppr --error-exitcode=1 -D__linux__ -D_GNU_SOURCE \
	--suppress=unknownMacro probe checks report cli; then
	echo "lint: cppcheck clean"
else
	echo "lint: cppcheck findings above"
	rc=1
fi

# 3. clang-tidy with the checks of .clang-tidy, as the build compiles.
flags="-std=gnu11 -D_GNU_SOURCE -DVFIO_READY_VERSION=\"lint\" $(pkg-config --cflags libcpuid libpci libxml-2.0 libcjson libarchive 2>/dev/null)"
#    One file per run: clang-tidy 14 forgets va_start() in every file after
#    the first of a run (LLVM #40656), a false report per vsnprintf().
out=$(for f in $srcs; do clang-tidy --quiet "$f" -- $flags 2>/dev/null; done)
if printf '%s\n' "$out" | grep -q 'warning:\|error:'; then
	printf '%s\n' "$out"
	echo "lint: clang-tidy findings above"
	rc=1
else
	echo "lint: clang-tidy clean"
fi
exit $rc
