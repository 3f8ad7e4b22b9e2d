#!/bin/sh
# Installs what paycon needs to build and test on Debian 12, if missing.
# Runs apt-get only when something is absent; uses sudo when not root.
set -eu

packages="gcc make autoconf automake pkg-config openssl ca-certificates
libncurses-dev libcurl4-openssl-dev libssl-dev libcjson-dev libconfig-dev
libmicrohttpd-dev libcmocka-dev libqrencode-dev tmux groff-base curl jq python3"

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "paycon: installing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "paycon: missing packages:$missing; run this script as root" >&2
	exit 1
fi
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
