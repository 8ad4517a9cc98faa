# Debian package (CPack DEB) of Otedama: what the package installs besides the two executables
# (desktop entry, icon, AppStream metainfo, systemd unit, docs) and its control fields.
#   cmake --build build --target package      or      cd build && cpack -G DEB
# tests/installer/test_deb_package.sh builds it and checks its contents.

include(GNUInstallDirs)

# The AppStream component id; the metainfo file is installed under this name.
set(OTEDAMA_APPSTREAM_ID "org.otedama.Otedama")
# The Debian revision of the package (VERSION-REVISION): raise it for a new package of the same version.
set(OTEDAMA_DEB_REVISION 1)
set(OTEDAMA_DEB_MAINTAINER "The Otedama contributors <maintainers@otedama.invalid>")

install(FILES "${CMAKE_SOURCE_DIR}/resources/otedama.desktop" DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/applications")
install(FILES "${CMAKE_SOURCE_DIR}/resources/icons/otedama.svg"
        DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/icons/hicolor/scalable/apps")
install(FILES "${CMAKE_SOURCE_DIR}/resources/otedama.metainfo.xml"
        DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/metainfo" RENAME "${OTEDAMA_APPSTREAM_ID}.metainfo.xml")

# The systemd unit: /lib/systemd/system when installed to /usr (Debian 12 keeps the units of
# packages there; CPack installs with the prefix /usr), else under the prefix (/usr/local/lib/...,
# also read by systemd). Decided at install time, where the prefix is known.
install(CODE "
  if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(otedama_unit_dir \"/lib/systemd/system\")
  else()
    set(otedama_unit_dir \"\${CMAKE_INSTALL_PREFIX}/lib/systemd/system\")
  endif()
  file(INSTALL DESTINATION \"\${otedama_unit_dir}\" TYPE FILE
       FILES \"${CMAKE_SOURCE_DIR}/installer/otedama-node.service\")
")

# Debian wants a copyright file and a changelog in the package's doc folder; the example
# configuration goes beside them (the unit reads /etc/otedama/p2p-pool.json, which the
# administrator writes).
set(otedama_copyright "${CMAKE_BINARY_DIR}/packaging/copyright")
file(CONFIGURE OUTPUT "${otedama_copyright}" CONTENT [=[
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Otedama
Source: @CMAKE_PROJECT_HOMEPAGE_URL@

Files: *
Copyright: 2026 The Otedama contributors
License: GPL-3.0-or-later
 This program is free software: you can redistribute it and/or modify it under the terms of the
 GNU General Public License as published by the Free Software Foundation, either version 3 of the
 License, or (at your option) any later version.
 .
 On Debian systems, the complete text of the GNU General Public License version 3 can be found in
 /usr/share/common-licenses/GPL-3.
]=] @ONLY)
# The changelog: one entry for the packaged version, dated at configure time (or at
# SOURCE_DATE_EPOCH, for reproducible packages); the release notes are in the metainfo.
string(TIMESTAMP otedama_changelog_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
set(otedama_changelog "${CMAKE_BINARY_DIR}/packaging/changelog.Debian")
file(CONFIGURE OUTPUT "${otedama_changelog}" CONTENT [=[
otedama (@PROJECT_VERSION@-@OTEDAMA_DEB_REVISION@) unstable; urgency=medium

  * Otedama @PROJECT_VERSION@, packaged with CPack (cmake/OtedamaPackaging.cmake).
    Release notes: /usr/share/metainfo/@OTEDAMA_APPSTREAM_ID@.metainfo.xml.

 -- @OTEDAMA_DEB_MAINTAINER@  @otedama_changelog_date@
]=] @ONLY)
file(ARCHIVE_CREATE OUTPUT "${otedama_changelog}.gz" PATHS "${otedama_changelog}"
     FORMAT raw COMPRESSION GZip COMPRESSION_LEVEL 9)
set(otedama_docdir "${CMAKE_INSTALL_DATAROOTDIR}/doc/otedama")
install(FILES "${otedama_copyright}" "${otedama_changelog}.gz" DESTINATION "${otedama_docdir}")
install(FILES "${CMAKE_SOURCE_DIR}/README.md" DESTINATION "${otedama_docdir}")
install(FILES "${CMAKE_SOURCE_DIR}/resources/config/p2p-pool.json" DESTINATION "${otedama_docdir}/examples")

# --- CPack -------------------------------------------------------------------------------------
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "otedama")
set(CPACK_PACKAGE_VENDOR "The Otedama contributors")
set(CPACK_PACKAGE_CONTACT "${OTEDAMA_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "decentralized P2Pool-style mining pool node with a desktop app")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_NAME "otedama")
set(CPACK_DEBIAN_PACKAGE_RELEASE ${OTEDAMA_DEB_REVISION})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # otedama_VERSION-RELEASE_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${CMAKE_PROJECT_HOMEPAGE_URL}")
# The extended description (CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY before it as the synopsis).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "\
Otedama runs a mining pool without a pool operator: every node keeps the
same share chain, verifies every share itself and relays shares to its
peers, and every block a node finds pays all miners of the PPLNS window
directly in its coinbase. Miners connect over stratum.
.
This package holds the desktop app (otedama), the headless daemon with its
command-line tools (otedama-node) and a systemd unit for the daemon, which
is not enabled by default. The built-in local test network runs a private
Litecoin regtest network on litecoind.")

find_program(OTEDAMA_DPKG dpkg)
if(OTEDAMA_DPKG)
  execute_process(COMMAND "${OTEDAMA_DPKG}" --print-architecture
                  OUTPUT_VARIABLE CPACK_DEBIAN_PACKAGE_ARCHITECTURE OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()

# Shared libraries (Qt, libsodium, OpenSSL, SQLite, RandomX, spdlog, ...) come from dpkg-shlibdeps
# (package dpkg-dev) on the packaged binaries. Next to them, what the binaries need at run time
# without linking it: litecoind and litecoin-cli for the sandbox, Qt's platform plugins (xcb),
# the SVG plugins for the icons, and a font.
find_program(OTEDAMA_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(OTEDAMA_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  message(WARNING "dpkg-shlibdeps not found (Debian: dpkg-dev): a .deb built now lists no library dependencies")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "litecoind, qt6-qpa-plugins, libqt6svg6, fonts-dejavu-core")
# For the Japanese translation: a Japanese font (IPA Gothic is small; Noto CJK does as well) and
# Qt's own translations of its standard dialogs and buttons.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-ipafont-gothic | fonts-noto-cjk, qt6-translations-l10n")

include(CPack)
