#!/usr/bin/env bash
# ctest test_deb_package (label installer): builds the Otedama .deb with CPack into a temporary
# folder and checks it: the files it installs, its control fields (Depends: litecoind and the Qt
# libraries), the desktop entry (desktop-file-validate), the AppStream metainfo (appstreamcli
# validate --no-net), and that the binaries of the extracted package run (--version).
# Usage: test_deb_package.sh BUILD_DIR PROJECT_VERSION   (otedama and otedama-node built in BUILD_DIR)
set -euo pipefail

fail() { echo "test_deb_package: FAIL: $*" >&2; exit 1; }
note() { echo "test_deb_package: $*"; }

(( $# == 2 )) || fail "usage: $0 BUILD_DIR PROJECT_VERSION"
build=$(cd "$1" && pwd)
version=$2

for tool in cpack:cmake dpkg-deb:dpkg dpkg-shlibdeps:dpkg-dev desktop-file-validate:desktop-file-utils \
            appstreamcli:appstream; do
  command -v "${tool%%:*}" >/dev/null 2>&1 ||
    fail "${tool%%:*} not found (Debian package ${tool#*:}; installer/setup-deps.sh --with-tests installs it)"
done
[[ -f "$build/CPackConfig.cmake" ]] || fail "no CPackConfig.cmake in $build: configure the project first"

work=$(mktemp -d "${TMPDIR:-/tmp}/otedama-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- build the package -------------------------------------------------------------------------
note "cpack -G DEB into $work/out"
if ! (cd "$build" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out") >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  fail "cpack -G DEB failed (are otedama and otedama-node built in $build?)"
fi
shopt -s nullglob
debs=("$work"/out/otedama_*.deb)
(( ${#debs[@]} == 1 )) || fail "expected one otedama_*.deb in $work/out, found ${#debs[@]}: $(ls "$work/out")"
deb=${debs[0]}
note "built $(basename "$deb") ($(( $(stat -c %s "$deb") / 1024 )) KiB)"

# --- contents ----------------------------------------------------------------------------------
dpkg-deb -c "$deb" >"$work/contents" || fail "dpkg-deb -c cannot read $deb"
# Lines read "MODE OWNER SIZE DATE TIME ./PATH": keep mode and path.
awk '{ print $1, $6 }' "$work/contents" >"$work/entries"
has() { grep -qxF -- "$1" <(cut -d' ' -f2 "$work/entries"); }
metainfos=()
while read -r path; do metainfos+=("$path"); done < <(cut -d' ' -f2 "$work/entries" | grep '^\./usr/share/metainfo/.*\.metainfo\.xml$' || true)
(( ${#metainfos[@]} == 1 )) || fail "expected one AppStream file under usr/share/metainfo, found ${#metainfos[@]}"

for path in ./usr/bin/otedama ./usr/bin/otedama-node \
            ./usr/share/applications/otedama.desktop \
            ./usr/share/icons/hicolor/scalable/apps/otedama.svg \
            ./lib/systemd/system/otedama-node.service \
            ./usr/share/doc/otedama/copyright ./usr/share/doc/otedama/changelog.Debian.gz; do
  has "$path" || { cat "$work/contents" >&2; fail "the package lacks ${path#./}"; }
done
for binary in ./usr/bin/otedama ./usr/bin/otedama-node; do
  grep -qE "^-rwxr-xr-x $binary\$" "$work/entries" || fail "${binary#./} is not a 0755 file: $(grep -F " $binary" "$work/entries")"
done
# Everything under the Debian locations, owned by root; nothing from the build machine's prefix.
if grep -vE '^\S+ \./(usr/(bin|share)/|lib/systemd/system/|usr/$|usr/(bin|share)/$|lib/$|lib/systemd/$|$)' "$work/entries" >"$work/stray"; then
  fail "unexpected paths in the package: $(cut -d' ' -f2 "$work/stray" | tr '\n' ' ')"
fi
if grep -v ' root/root ' "$work/contents" >"$work/owners"; then
  fail "files not owned by root/root: $(cat "$work/owners")"
fi

# --- control fields ----------------------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
[[ "$(field Package)" == otedama ]] || fail "Package is '$(field Package)', not otedama"
[[ "$(field Version)" == "$version" || "$(field Version)" == "$version"-* ]] ||
  fail "Version is '$(field Version)', not the project's $version"
arch=$(dpkg --print-architecture)
[[ "$(field Architecture)" == "$arch" ]] || fail "Architecture is '$(field Architecture)', not $arch"
[[ "$(field Section)" == net ]] || fail "Section is '$(field Section)', not net"
[[ -n "$(field Maintainer)" && -n "$(field Description)" && -n "$(field Homepage)" ]] ||
  fail "Maintainer, Description or Homepage is empty"
description=$(field Description)
[[ "$(sed -n '2s/^ //p' <<<"$description")" != "$(head -n1 <<<"$description")" ]] ||
  fail "the extended Description repeats the synopsis: $description"
depends=$(field Depends)
note "Depends: $depends"
# Package names only: drop version constraints, one name per line (alternatives too).
tr -s ',|' '\n' <<<"$depends" | sed -E 's/\(.*\)//; s/^ +//; s/ +$//; s/:any$//' | grep -v '^$' >"$work/depends"
for package in litecoind qt6-qpa-plugins libqt6svg6 fonts-dejavu-core \
               libqt6core6 libqt6gui6 libqt6widgets6 libqt6charts6; do
  grep -qxF "$package" "$work/depends" || fail "Depends lacks $package: $depends"
done

# The service stays off until the administrator enables it: no maintainer script enables it.
dpkg-deb -e "$deb" "$work/control"
for script in "$work"/control/{preinst,postinst,prerm,postrm}; do
  [[ -f "$script" ]] || continue
  if grep -qE 'systemctl +(enable|start)|deb-systemd-helper +enable|deb-systemd-invoke +start' "$script"; then
    fail "$(basename "$script") enables or starts the service"
  fi
done

# --- the files themselves ----------------------------------------------------------------------
root="$work/root"
dpkg-deb -x "$deb" "$root"

desktop="$root/usr/share/applications/otedama.desktop"
desktop-file-validate "$desktop" || fail "desktop-file-validate refuses usr/share/applications/otedama.desktop"
key() { sed -n "s/^$1=//p" "$2" | head -n1; }
exec_program=$(key Exec "$desktop" | cut -d' ' -f1)
[[ -x "$root/usr/bin/$exec_program" ]] || fail "the desktop entry runs '$exec_program', which the package does not hold in usr/bin"
[[ -f "$root/usr/share/icons/hicolor/scalable/apps/$(key Icon "$desktop").svg" ]] ||
  fail "the desktop entry's icon '$(key Icon "$desktop")' is not in usr/share/icons/hicolor/scalable/apps"
[[ "$(key StartupWMClass "$desktop")" == otedama ]] ||
  fail "StartupWMClass is '$(key StartupWMClass "$desktop")', not otedama (the app's desktop file name)"

metainfo="$root/${metainfos[0]#./}"
appstreamcli validate --no-net "$metainfo" >"$work/appstream.log" 2>&1 ||
  { cat "$work/appstream.log" >&2; fail "appstreamcli validate refuses ${metainfos[0]#./}"; }
component_id=$(sed -n 's:.*<id>\(.*\)</id>.*:\1:p' "$metainfo" | head -n1)
[[ "$(basename "$metainfo")" == "$component_id.metainfo.xml" ]] ||
  fail "the metainfo file $(basename "$metainfo") is not named after its id '$component_id'"
launchable=$(sed -n 's:.*<launchable type="desktop-id">\(.*\)</launchable>.*:\1:p' "$metainfo")
[[ -f "$root/usr/share/applications/$launchable" ]] || fail "the metainfo launches '$launchable', not in the package"
newest=$(sed -n 's:.*<release [^>]*version="\([^"]*\)".*:\1:p' "$metainfo" | head -n1)
[[ "$newest" == "$version" ]] ||
  fail "the metainfo's newest release is '$newest', not the project's $version: add a <release> to resources/otedama.metainfo.xml"

unit="$root/lib/systemd/system/otedama-node.service"
exec_start=$(key ExecStart "$unit" | cut -d' ' -f1)
[[ "$exec_start" == /usr/bin/otedama-node && -x "$root$exec_start" ]] ||
  fail "the unit's ExecStart '$exec_start' is not the packaged /usr/bin/otedama-node"

if command -v readelf >/dev/null 2>&1; then
  for binary in otedama otedama-node; do
    ! readelf -S "$root/usr/bin/$binary" | grep -q '\.debug_info' || fail "usr/bin/$binary is not stripped"
  done
fi

# --- the packaged binaries run -----------------------------------------------------------------
out=$(timeout 30 "$root/usr/bin/otedama-node" --version 2>&1) || fail "usr/bin/otedama-node --version failed: $out"
grep -qF "$version" <<<"$out" || fail "usr/bin/otedama-node --version does not print $version: $out"
out=$(QT_QPA_PLATFORM=offscreen timeout 30 "$root/usr/bin/otedama" --version 2>&1) || fail "usr/bin/otedama --version failed: $out"
grep -qF "$version" <<<"$out" || fail "usr/bin/otedama --version does not print $version: $out"

note "ok: $(wc -l <"$work/entries") entries; binaries, desktop entry, icon, metainfo ($component_id), unit, copyright and changelog present; both binaries run"
