# Compiler settings shared by every target: ccache, warnings, sanitizers, fuzzing instrumentation.

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

if(OTEDAMA_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "OTEDAMA_FUZZ needs Clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
  # Boost 1.74's Asio does not detect Clang's C++20 coroutines with libstdc++.
  add_compile_definitions(BOOST_ASIO_HAS_CO_AWAIT=1 BOOST_ASIO_HAS_STD_COROUTINE=1)
endif()
