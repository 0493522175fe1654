# cmake -P script behind the c_consumer_example test: installs the build in
# MF_BUILD_DIR into a scratch prefix, then builds examples/c/load_counts.c
# against it three ways — find_package + modelfunnel::c, find_package +
# modelfunnel::c_static (from a C-only project), and pkg-config modelfunnel-c —
# and runs each (without arguments it must print its usage and exit 2).
#
# Inputs (-D): MF_BUILD_DIR MF_SOURCE_DIR MF_WORK_DIR MF_CONFIG MF_GENERATOR
#              MF_MAKE_PROGRAM MF_C_COMPILER MF_C_FLAGS MF_EXE_LINKER_FLAGS
# The consumer is built with the same C flags as the library (under the asan
# preset a sanitized library needs a sanitized program, or ASan refuses to run).
cmake_minimum_required(VERSION 3.25)

# run(<step> <command>...): runs a command; fails the test if it fails.
function(run step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "c_consumer_example: ${step} failed (${result}):\n${out}")
  endif()
  set(output "${out}" PARENT_SCOPE)
endfunction()

# check_usage(<step> <exe>): the program starts (libraries found) and
# rejects a missing argument as documented.
function(check_usage step exe)
  execute_process(COMMAND "${exe}" RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT result EQUAL 2 OR NOT out MATCHES "usage:")
    message(FATAL_ERROR "c_consumer_example: ${step}: expected usage and exit 2, got ${result}:\n${out}")
  endif()
endfunction()

set(prefix "${MF_WORK_DIR}/prefix")
file(REMOVE_RECURSE "${MF_WORK_DIR}")
set(config_args)
if(MF_CONFIG)
  set(config_args --config "${MF_CONFIG}")
endif()
run("install" "${CMAKE_COMMAND}" --install "${MF_BUILD_DIR}" --prefix "${prefix}" ${config_args})

set(make_program_arg)
if(MF_MAKE_PROGRAM)
  set(make_program_arg "-DCMAKE_MAKE_PROGRAM=${MF_MAKE_PROGRAM}")
endif()
foreach(static IN ITEMS OFF ON)
  set(build "${MF_WORK_DIR}/static-${static}")
  run("configure (static ${static})" "${CMAKE_COMMAND}"
    -S "${MF_SOURCE_DIR}/examples/c" -B "${build}" -G "${MF_GENERATOR}" ${make_program_arg}
    "-DCMAKE_BUILD_TYPE=${MF_CONFIG}" "-DCMAKE_C_COMPILER=${MF_C_COMPILER}"
    "-DCMAKE_C_FLAGS=${MF_C_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${MF_EXE_LINKER_FLAGS}"
    "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    "-DLOAD_COUNTS_STATIC=${static}")
  run("build (static ${static})" "${CMAKE_COMMAND}" --build "${build}" ${config_args})
  file(GLOB_RECURSE exe "${build}/load_counts" "${build}/load_counts.exe")
  check_usage("find_package, static ${static}" "${exe}")
endforeach()

find_program(PKG_CONFIG_EXECUTABLE pkg-config)
if(PKG_CONFIG_EXECUTABLE)
  file(GLOB pc_dir LIST_DIRECTORIES true "${prefix}/lib*/pkgconfig" "${prefix}/lib/*/pkgconfig")
  set(ENV{PKG_CONFIG_PATH} "${pc_dir}")
  run("pkg-config" "${PKG_CONFIG_EXECUTABLE}" --cflags --libs modelfunnel-c)
  separate_arguments(flags UNIX_COMMAND "${output}")
  run("pkg-config" "${PKG_CONFIG_EXECUTABLE}" --variable=libdir modelfunnel-c)
  string(STRIP "${output}" libdir)
  set(exe "${MF_WORK_DIR}/load_counts_pc")
  separate_arguments(extra_flags UNIX_COMMAND "${MF_C_FLAGS}")
  run("cc with pkg-config flags" "${MF_C_COMPILER}" -std=c99 ${extra_flags}
    "${MF_SOURCE_DIR}/examples/c/load_counts.c" ${flags} "-Wl,-rpath,${libdir}" -o "${exe}")
  check_usage("pkg-config" "${exe}")
endif()
message("c_consumer_example: shared, static and pkg-config builds all work")
