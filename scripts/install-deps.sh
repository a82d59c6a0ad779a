#!/bin/sh
# Installs the Debian packages migcheck needs to build, test, benchmark and
# run its demo: the JIT tests and benchmarks run a JVM, node, LuaJIT and
# PHP; the path method's, a Go server built with golang-go and a postgres
# backend.
# Idempotent: it only calls apt-get when a package is missing.
set -eu
packages="build-essential clang pkg-config clang-format
libzydis-dev libzycore-dev libelf-dev libdw-dev libjson-c-dev libcmocka-dev
libxxhash-dev libvirt0 libxml2-dev python3 python3-jsonschema
redis-server redis-tools python3-numpy sqlite3 procps util-linux
xz-utils openssl default-jdk-headless nodejs luajit golang-go postgresql
php8.2-cli php8.2-opcache"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages:$missing (run as root to install)" >&2
	exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing
