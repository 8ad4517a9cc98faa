# Finds the system libraries the project uses (all Debian 12 packages; see installer/setup-deps.sh).

find_package(PkgConfig REQUIRED)
find_package(OpenSSL 3 REQUIRED COMPONENTS Crypto SSL)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(spdlog REQUIRED)

# librandomx ships neither a CMake package nor a pkg-config file on Debian 12.
find_path(RANDOMX_INCLUDE_DIR randomx.h REQUIRED)
find_library(RANDOMX_LIBRARY randomx REQUIRED)
add_library(otedama::randomx UNKNOWN IMPORTED)
set_target_properties(otedama::randomx PROPERTIES
  IMPORTED_LOCATION "${RANDOMX_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${RANDOMX_INCLUDE_DIR}")

find_package(Threads REQUIRED)
find_package(SQLite3 3.35 REQUIRED)  # the store (Debian: libsqlite3-dev)
find_package(Boost 1.74 REQUIRED)  # header-only: Asio, Beast

# Qt is needed by ui/, the GUI app and the tests, never by engine/. LinguistTools (lupdate,
# lrelease; Debian: qt6-tools-dev, qt6-l10n-tools) builds the app's translations (ui/CMakeLists.txt).
find_package(Qt6 6.4 COMPONENTS Core Gui Widgets Charts Network Test LinguistTools)
