# Helpers that give every modelfunnel target the same shape.

# modelfunnel_target_warnings(<target>)
#   Our own warning flags, private so they never reach a consumer.
#   MODELFUNNEL_WERROR turns them into errors (the dev and asan presets do).
#   g++ 12 at -O2 warns -Wrestrict inside libstdc++'s own std::string code
#   (GCC bug 105329) dozens of times in a release build, none of
#   them ours: that one warning is off for g++ 12.
function(modelfunnel_target_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANG_AND_ID:CXX,GNU,Clang>:-Wall -Wextra -Wpedantic>
    $<$<COMPILE_LANG_AND_ID:C,GNU,Clang>:-Wall -Wextra -Wpedantic>
    $<$<AND:$<COMPILE_LANG_AND_ID:CXX,GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>
    $<$<BOOL:${MODELFUNNEL_WERROR}>:-Werror>)
endfunction()

# modelfunnel_add_library(<target> EXPORT_NAME <name> [HIDDEN_VISIBILITY]
#                         SOURCES <src>...)
#   Adds a library (static or shared per BUILD_SHARED_LIBS) known to consumers
#   as modelfunnel::<name>, with:
#   - include/ and the generated <binary>/include on the build interface, the
#     installed include dir on the install interface;
#   - C++20 required of everyone who links it;
#   - VERSION = project version, SOVERSION = major (the ABI promise);
#   - HIDDEN_VISIBILITY: only symbols marked for export are exported (C API).
function(modelfunnel_add_library target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "HIDDEN_VISIBILITY" "EXPORT_NAME" "SOURCES")
  if(NOT arg_EXPORT_NAME)
    message(FATAL_ERROR "modelfunnel_add_library(${target}): EXPORT_NAME is required")
  endif()

  add_library(${target} ${arg_SOURCES})
  add_library(modelfunnel::${arg_EXPORT_NAME} ALIAS ${target})

  target_include_directories(${target} PUBLIC
    "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>"
    "$<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>"
    "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
  target_compile_features(${target} PUBLIC cxx_std_20)
  set_target_properties(${target} PROPERTIES
    EXPORT_NAME ${arg_EXPORT_NAME}
    VERSION ${PROJECT_VERSION}
    SOVERSION ${PROJECT_VERSION_MAJOR})
  if(arg_HIDDEN_VISIBILITY)
    set_target_properties(${target} PROPERTIES
      C_VISIBILITY_PRESET hidden
      CXX_VISIBILITY_PRESET hidden
      VISIBILITY_INLINES_HIDDEN ON)
  endif()
  modelfunnel_target_warnings(${target})
endfunction()
