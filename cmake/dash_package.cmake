# cmake/dash_package.cmake
# `cpack -G DEB` in the build folder: dashcpp-dev_<version>_<arch>.deb with
# what cmake/dash_install.cmake installs, under /usr, and the Debian 12
# packages a program built against it needs.
set(CPACK_PACKAGE_NAME dashcpp-dev)
set(CPACK_PACKAGE_VENDOR dashcpp)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Dash dashboards in C++: library, headers, CMake package, Dash front end")
set(CPACK_PACKAGE_DESCRIPTION
  "dashcpp serves the unmodified Dash front end from C++ (Boost.Beast, CAF \
actors). Build against it with find_package(dashcpp CONFIG REQUIRED) and \
dashcpp::dashcpp; a template project is in /usr/share/dashcpp/templates/app.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "dashcpp developers")
set(CPACK_DEBIAN_PACKAGE_SECTION libdevel)
# What find_package(dashcpp)'s find_dependency calls and the headers need.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "g++ (>= 4:12), cmake (>= 3.20), libcaf-dev (>= 0.17.6), \
libboost1.81-dev, libboost-json1.81-dev, libboost-program-options1.81-dev, \
libspdlog-dev, zlib1g-dev, libssl-dev, liblmdb-dev, libhiredis-dev")
# The shared libraries' own run-time dependencies, when built shared.
if(BUILD_SHARED_LIBS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
endif()
include(CPack)
