# Install rules and package files: a relocatable prefix that
# find_package(modelfunnel) and pkg-config both understand,
# plus a build-tree export so a build directory can be used as-is.
include(CMakePackageConfigHelpers)

set(MODELFUNNEL_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/modelfunnel")

install(TARGETS modelfunnel
  EXPORT modelfunnelTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")

# Public headers only: private ones live beside their sources in src/ and stay there.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/modelfunnel"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  FILES_MATCHING PATTERN "*.hpp")
# Generated headers (version.hpp, and version.h shared with the C API).
install(DIRECTORY "${PROJECT_BINARY_DIR}/include/modelfunnel"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

# The C API (capi/): modelfunnel::c (shared) and modelfunnel::c_static,
# in the same export set, so one find_package(modelfunnel) gives both.
if(TARGET modelfunnel_c)
  install(TARGETS modelfunnel_c modelfunnel_c_static
    EXPORT modelfunnelTargets
    ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
    LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
    RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/capi/include/modelfunnel"
    DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
    FILES_MATCHING PATTERN "*.h")
endif()

if(TARGET modelfunnel_cli)
  install(TARGETS modelfunnel_cli RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
endif()

install(EXPORT modelfunnelTargets
  NAMESPACE modelfunnel::
  DESTINATION "${MODELFUNNEL_CMAKE_DIR}")

write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/modelfunnelConfigVersion.cmake"
  COMPATIBILITY SameMajorVersion)

# Installed config: private header-only dependencies were stripped by
# $<BUILD_INTERFACE:...>, so only the public ones are looked for.
set(MODELFUNNEL_CONFIG_FOR_BUILD_TREE OFF)
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/modelfunnelConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/cmake/install/modelfunnelConfig.cmake"
  INSTALL_DESTINATION "${MODELFUNNEL_CMAKE_DIR}"
  NO_SET_AND_CHECK_MACRO)
install(FILES
  "${PROJECT_BINARY_DIR}/cmake/install/modelfunnelConfig.cmake"
  "${PROJECT_BINARY_DIR}/modelfunnelConfigVersion.cmake"
  DESTINATION "${MODELFUNNEL_CMAKE_DIR}")

# Build-tree config: export() keeps $<BUILD_INTERFACE:...> requirements, so a
# consumer of the build tree needs the header-only dependencies too.
export(EXPORT modelfunnelTargets
  NAMESPACE modelfunnel::
  FILE "${PROJECT_BINARY_DIR}/modelfunnelTargets.cmake")
set(MODELFUNNEL_CONFIG_FOR_BUILD_TREE ON)
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/modelfunnelConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/modelfunnelConfig.cmake"
  INSTALL_DESTINATION "${PROJECT_BINARY_DIR}"
  INSTALL_PREFIX "${PROJECT_BINARY_DIR}"
  NO_SET_AND_CHECK_MACRO)

# pkg-config: paths relative to the .pc file, so the prefix can move.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(MODELFUNNEL_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _mf_pc_to_prefix
    "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
  string(REGEX REPLACE "/$" "" _mf_pc_to_prefix "${_mf_pc_to_prefix}")
  set(MODELFUNNEL_PC_PREFIX "\${pcfiledir}/${_mf_pc_to_prefix}")
endif()
foreach(_mf_dir IN ITEMS LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${_mf_dir}}")
    set(MODELFUNNEL_PC_${_mf_dir} "${CMAKE_INSTALL_${_mf_dir}}")
  else()
    set(MODELFUNNEL_PC_${_mf_dir} "\${prefix}/${CMAKE_INSTALL_${_mf_dir}}")
  endif()
endforeach()
configure_file("${PROJECT_SOURCE_DIR}/cmake/modelfunnel.pc.in" "${PROJECT_BINARY_DIR}/modelfunnel.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/modelfunnel.pc"
  DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
if(TARGET modelfunnel_c)
  configure_file("${PROJECT_SOURCE_DIR}/capi/modelfunnel-c.pc.in" "${PROJECT_BINARY_DIR}/modelfunnel-c.pc" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/modelfunnel-c.pc"
    DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
endif()
