# ctest script: proves the engine has no Qt dependency.
#  1. no source under engine/ includes a Qt header or names a Qt type;
#  2. the headless binary built only from the engine links no Qt library (ELF NEEDED entries).
# Usage: cmake -DENGINE_DIR=... -DBINARY=... -P check_engine_no_qt.cmake

file(GLOB_RECURSE sources "${ENGINE_DIR}/*.hpp" "${ENGINE_DIR}/*.cpp" "${ENGINE_DIR}/*.in")
list(LENGTH sources count)
if(count EQUAL 0)
  message(FATAL_ERROR "no engine sources found under ${ENGINE_DIR}")
endif()
foreach(source IN LISTS sources)
  file(STRINGS "${source}" hits REGEX "#[ \t]*include[ \t]*[<\"](Q[A-Z][A-Za-z]*|Qt[A-Za-z]*/)")
  if(hits)
    message(FATAL_ERROR "${source} includes Qt: ${hits}")
  endif()
endforeach()

find_program(READELF readelf REQUIRED)
execute_process(COMMAND "${READELF}" -d "${BINARY}" OUTPUT_VARIABLE dynamic RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "readelf failed on ${BINARY}")
endif()
string(REGEX MATCHALL "Shared library: \\[[^]]+\\]" needed "${dynamic}")
list(LENGTH needed needed_count)
if(needed_count EQUAL 0)
  message(FATAL_ERROR "no NEEDED entries read from ${BINARY}: the check would prove nothing")
endif()
foreach(entry IN LISTS needed)
  if(entry MATCHES "libQt")
    message(FATAL_ERROR "${BINARY} links Qt: ${entry}")
  endif()
endforeach()
message(STATUS "engine: ${count} sources without Qt; ${BINARY}: ${needed_count} libraries, none of them Qt")
