#!/usr/bin/env bash
# Builds a base image for the cdrvault container from Debian packages, without a registry or a
# container daemon (ADR 0033): a root file system made by mmdebstrap (Debian with
# openjdk-17-jre-headless and ca-certificates, the user cdrvault 10001:10001 and its data
# directory /var/lib/cdrvault), wrapped as a one-layer docker-archive tarball that Jib takes as
# from.image=tar://FILE.
#
#   packaging/base-image.sh [OUT]     default OUT: cdr-app/target/base-image/cdrvault-base.tar
#   mvn -B package -Pimage -pl cdr-app -am -Dimage.from=tar://$PWD/cdr-app/target/base-image/cdrvault-base.tar
#
# Needs root (or mmdebstrap's unshare mode), mmdebstrap (apt-get install mmdebstrap) and the
# Debian archive: the host's apt sources are used (SOURCES=FILE to name another sources file,
# e.g. one that adds the security suite). SUITE (default bookworm) picks the release.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out=${1:-$here/cdr-app/target/base-image/cdrvault-base.tar}
suite=${SUITE:-bookworm}
sources=${SOURCES:-}
if [ -z "$sources" ]; then
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    if [ -s "$f" ]; then sources=$f; break; fi
  done
fi
[ -n "$sources" ] || { echo "base-image.sh: no apt sources found; set SOURCES=FILE" >&2; exit 2; }
command -v mmdebstrap >/dev/null || { echo "base-image.sh: needs mmdebstrap (apt-get install mmdebstrap)" >&2; exit 2; }
arch=$(dpkg --print-architecture)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mmdebstrap --variant=apt --architectures="$arch" \
  --include=openjdk-17-jre-headless,ca-certificates \
  --setup-hook='mkdir -p "$1/usr/share/man/man1"' `# update-alternatives for java needs it` \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --customize-hook='echo "cdrvault:x:10001:10001:cdrvault:/var/lib/cdrvault:/usr/sbin/nologin" >> "$1/etc/passwd"' \
  --customize-hook='echo "cdrvault:x:10001:" >> "$1/etc/group"' \
  --customize-hook='echo "cdrvault:!:1::::::" >> "$1/etc/shadow"' \
  --customize-hook='install -d -o 10001 -g 10001 -m 0700 "$1/var/lib/cdrvault"' \
  --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/var/log/*' \
  "$suite" "$work/layer.tar" "$sources"

java_home=$(tar -tf "$work/layer.tar" | sed -n 's#^\./\(usr/lib/jvm/java-17-openjdk-[^/]*\)/bin/java$#/\1#p' | head -1)
[ -n "$java_home" ] || { echo "base-image.sh: no java in the root file system" >&2; exit 1; }
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
case $arch in amd64|arm64) oci_arch=$arch ;; armhf) oci_arch=arm ;; *) oci_arch=$arch ;; esac
cat > "$work/config.json" <<JSON
{"architecture":"$oci_arch","os":"linux",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$java_home","LANG=C.UTF-8"],
           "User":"10001:10001","WorkingDir":"/var/lib/cdrvault"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created_by":"packaging/base-image.sh: mmdebstrap --variant=apt $suite openjdk-17-jre-headless ca-certificates"}]}
JSON
config_id=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mv "$work/config.json" "$work/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["cdrvault-base:%s-jre17"],"Layers":["layer.tar"]}]\n' \
  "$config_id" "$suite" > "$work/manifest.json"
mkdir -p "$(dirname "$out")"
tar -C "$work" -cf "$out.tmp" manifest.json "$config_id.json" layer.tar
mv "$out.tmp" "$out"
echo "base image: $out ($(du -h "$out" | cut -f1), java $java_home, $suite/$arch)"
