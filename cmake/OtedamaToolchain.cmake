# Compiler settings shared by every target: ccache, warnings, sanitizers.

find_program(OTEDAMA_CCACHE ccache)
if(OTEDAMA_CCACHE)
  set(CMAKE_C_COMPILER_LAUNCHER "${OTEDAMA_CCACHE}")
  set(CMAKE_CXX_COMPILER_LAUNCHER "${OTEDAMA_CCACHE}")
endif()

add_library(otedama_warnings INTERFACE)
target_compile_options(otedama_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough)

if(OTEDAMA_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
