#!/bin/sh
# rootfs.sh ROOT PACKAGE...: a distroless root filesystem in ROOT from Debian packages, unpacked
# (not installed: no maintainer scripts, no dpkg database), plus the files distroless adds: the
# users root and nonroot (65532), /tmp, the CA bundle of the build stage's ca-certificates.
# Runs inside the stand-in Dockerfiles' build stage (Debian, with apt).
set -eu
root=$1
shift
mkdir -p "$root" /tmp/debs
cd /tmp/debs
apt-get update -qq
apt-get download "$@"
for deb in ./*.deb; do dpkg-deb -x "$deb" "$root"; done
rm -rf /tmp/debs /var/lib/apt/lists/*
# Documentation, manuals and translations are not needed at run time.
rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/info" \
  "$root/usr/share/locale" "$root/usr/share/lintian" "$root/usr/share/bug"
mkdir -p "$root/etc/ssl/certs" "$root/tmp" "$root/home/nonroot" "$root/root"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
chown 65532:65532 "$root/home/nonroot"
cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
nobody:x:65534:
nonroot:x:65532:
GROUP
