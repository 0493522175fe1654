# cmake -P script behind the consumer_example test: install the build in
# MF_BUILD_DIR into a scratch prefix, move the prefix (it must be relocatable),
# then configure, build and run examples/consumer against it with
# find_package(modelfunnel CONFIG), using the same generator, compiler and flags.
#
# Inputs (-D): MF_BUILD_DIR MF_CONSUMER_SOURCE_DIR MF_WORK_DIR MF_CONFIG
#              MF_GENERATOR MF_MAKE_PROGRAM MF_CXX_COMPILER MF_CXX_FLAGS
#              MF_EXE_LINKER_FLAGS
cmake_minimum_required(VERSION 3.25)

set(expected "lead -> mql -> sql -> opportunity -> proposal -> negotiation -> closed_won")

foreach(var IN ITEMS MF_BUILD_DIR MF_CONSUMER_SOURCE_DIR MF_WORK_DIR MF_GENERATOR MF_CXX_COMPILER)
  if(NOT ${var})
    message(FATAL_ERROR "TestConsumer.cmake: ${var} is not set")
  endif()
endforeach()

# run(<step> <command>...): runs a command, fails the test with its output if it fails.
function(run step)
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE result
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "consumer_example: ${step} failed (${result}):\n${output}")
  endif()
  set(output "${output}" PARENT_SCOPE)
endfunction()

set(staging "${MF_WORK_DIR}/staging")
set(prefix "${MF_WORK_DIR}/prefix")
set(consumer_build "${MF_WORK_DIR}/build")
file(REMOVE_RECURSE "${MF_WORK_DIR}")
file(MAKE_DIRECTORY "${MF_WORK_DIR}")

set(config_args)
if(MF_CONFIG)
  set(config_args --config "${MF_CONFIG}")
endif()
run("install" "${CMAKE_COMMAND}" --install "${MF_BUILD_DIR}" --prefix "${staging}" ${config_args})
file(RENAME "${staging}" "${prefix}")

find_program(PKG_CONFIG_EXECUTABLE pkg-config)
if(PKG_CONFIG_EXECUTABLE)
  file(GLOB pc_file "${prefix}/lib*/pkgconfig/modelfunnel.pc" "${prefix}/lib/*/pkgconfig/modelfunnel.pc")
  if(NOT pc_file)
    message(FATAL_ERROR "consumer_example: no modelfunnel.pc installed under ${prefix}")
  endif()
  list(GET pc_file 0 pc_file)
  get_filename_component(pc_dir "${pc_file}" DIRECTORY)
  set(ENV{PKG_CONFIG_PATH} "${pc_dir}")
  run("pkg-config" "${PKG_CONFIG_EXECUTABLE}" --cflags --libs modelfunnel)
  run("pkg-config" "${PKG_CONFIG_EXECUTABLE}" --variable=includedir modelfunnel)
  string(STRIP "${output}" pc_includedir)
  run("pkg-config" "${PKG_CONFIG_EXECUTABLE}" --variable=libdir modelfunnel)
  string(STRIP "${output}" pc_libdir)
  file(GLOB pc_library "${pc_libdir}/libmodelfunnel.*")
  if(NOT EXISTS "${pc_includedir}/modelfunnel/version.hpp" OR NOT pc_library)
    message(FATAL_ERROR "consumer_example: modelfunnel.pc does not point into the moved prefix "
      "(includedir=${pc_includedir}, libdir=${pc_libdir})")
  endif()
endif()

set(make_program_arg)
if(MF_MAKE_PROGRAM)
  set(make_program_arg "-DCMAKE_MAKE_PROGRAM=${MF_MAKE_PROGRAM}")
endif()
run("configure" "${CMAKE_COMMAND}"
  -S "${MF_CONSUMER_SOURCE_DIR}" -B "${consumer_build}"
  -G "${MF_GENERATOR}" ${make_program_arg}
  "-DCMAKE_BUILD_TYPE=${MF_CONFIG}"
  "-DCMAKE_CXX_COMPILER=${MF_CXX_COMPILER}"
  "-DCMAKE_CXX_FLAGS=${MF_CXX_FLAGS}"
  "-DCMAKE_EXE_LINKER_FLAGS=${MF_EXE_LINKER_FLAGS}"
  "-DCMAKE_PREFIX_PATH=${prefix}"
  # Only the moved prefix may satisfy find_package(modelfunnel).
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
run("build" "${CMAKE_COMMAND}" --build "${consumer_build}" ${config_args})

file(GLOB_RECURSE consumer_exe "${consumer_build}/consumer" "${consumer_build}/consumer.exe")
if(NOT consumer_exe)
  message(FATAL_ERROR "consumer_example: the consumer executable was not built")
endif()
list(GET consumer_exe 0 consumer_exe)
run("run" "${consumer_exe}")
message("${output}")
string(FIND "${output}" "${expected}" found)
if(found EQUAL -1)
  message(FATAL_ERROR "consumer_example: output lacks \"${expected}\"")
endif()
