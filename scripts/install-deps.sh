#!/bin/sh
# Install what vfio-ready needs to build and test, when it is missing.
# Debian/Ubuntu: apt-get, as root.  Elsewhere: print the package names.
set -u
pkgs="libcpuid libpci libxml-2.0 libcjson libarchive cmocka"
missing=""
command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"
command -v cc >/dev/null 2>&1 || missing="$missing gcc"
command -v make >/dev/null 2>&1 || missing="$missing make"
if command -v pkg-config >/dev/null 2>&1; then
	for p in $pkgs; do
		pkg-config --exists "$p" || missing="$missing $p"
	done
fi
# Programs the test suite drives, as "command:debian-package".  Missing ones
# are installed with the libraries when root (tests that need one skip
# without it elsewhere).  GNU time goes by its path: "time" alone is a
# shell keyword.
tools="
jsonschema:python3-jsonschema
cmark-gfm:cmark-gfm
python3:python3
strace:strace
valgrind:valgrind
lspci:pciutils
/usr/bin/time:time
chromium:chromium
ansible-playbook:ansible-core
"
for t in $tools; do
	command -v "${t%%:*}" >/dev/null 2>&1 || missing="$missing tool:${t#*:}"
done
[ -n "$missing" ] || exit 0

deb=""
for m in $missing; do
	case $m in
	pkg-config) deb="$deb pkg-config" ;;
	gcc) deb="$deb gcc" ;;
	make) deb="$deb make" ;;
	libcpuid) deb="$deb libcpuid-dev" ;;
	libpci) deb="$deb libpci-dev" ;;
	libxml-2.0) deb="$deb libxml2-dev" ;;
	libcjson) deb="$deb libcjson-dev" ;;
	libarchive) deb="$deb libarchive-dev" ;;
	cmocka) deb="$deb libcmocka-dev" ;;
	tool:*) deb="$deb ${m#tool:}" ;;
	esac
done
echo "vfio-ready: missing build dependencies:$missing"
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	echo "vfio-ready: installing:$deb"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $deb || exit 1
	exit 0
fi
echo "Install them, then run make again:"
echo "  Debian/Ubuntu: sudo apt-get install$deb"
echo "  Fedora/RHEL:   sudo dnf install gcc make pkgconf-pkg-config libcpuid-devel pciutils-devel libxml2-devel cjson-devel libarchive-devel libcmocka-devel"
exit 1
