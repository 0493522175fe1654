# cmake -P script behind the c_headers_standalone test: every header of the
# C API compiles on its own — a translation unit that includes only it — as
# C99 and as C++, with and without MF_EXPERIMENTAL, warnings as errors. So each
# header includes what it needs, and a C user may include just one area.
# The umbrella modelfunnel.h must include every other header.
#
# Inputs (-D): MF_HEADER_DIR (capi/include) MF_GENERATED_DIR (<build>/include,
#              for version.h) MF_WORK_DIR MF_C_COMPILER MF_CXX_COMPILER
cmake_minimum_required(VERSION 3.25)

file(GLOB headers RELATIVE "${MF_HEADER_DIR}/modelfunnel" "${MF_HEADER_DIR}/modelfunnel/*.h")
list(SORT headers)
if(NOT headers)
  message(FATAL_ERROR "no headers in ${MF_HEADER_DIR}/modelfunnel")
endif()
file(REMOVE_RECURSE "${MF_WORK_DIR}")
file(MAKE_DIRECTORY "${MF_WORK_DIR}")

set(failures "")
foreach(header IN LISTS headers)
  string(REPLACE "." "_" stem "${header}")
  foreach(lang IN ITEMS c cpp)
    set(tu "${MF_WORK_DIR}/${stem}.${lang}")
    file(WRITE "${tu}" "#include <modelfunnel/${header}>\n")
    if(lang STREQUAL "c")
      set(compiler "${MF_C_COMPILER}")
      set(flags -std=c99 -Wall -Wextra -Wpedantic -Werror)
    else()
      set(compiler "${MF_CXX_COMPILER}")
      set(flags -std=c++17 -Wall -Wextra -Wpedantic -Werror)
    endif()
    foreach(experimental IN ITEMS "" "-DMF_EXPERIMENTAL")
      execute_process(
        COMMAND "${compiler}" ${flags} ${experimental} -fsyntax-only
          "-I${MF_HEADER_DIR}" "-I${MF_GENERATED_DIR}" "${tu}"
        RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
      if(NOT result EQUAL 0)
        string(APPEND failures "\n${header} (${lang} ${experimental}):\n${out}")
      endif()
    endforeach()
  endforeach()
endforeach()

file(READ "${MF_HEADER_DIR}/modelfunnel/modelfunnel.h" umbrella)
foreach(header IN LISTS headers)
  if(NOT header STREQUAL "modelfunnel.h" AND
     NOT umbrella MATCHES "#include \"modelfunnel/${header}\"")
    string(APPEND failures "\nmodelfunnel.h does not include modelfunnel/${header}")
  endif()
endforeach()

if(failures)
  message(FATAL_ERROR "c_headers_standalone:${failures}")
endif()
list(LENGTH headers count)
message("c_headers_standalone: ${count} headers compile on their own (C99, C++, with and without MF_EXPERIMENTAL)")
