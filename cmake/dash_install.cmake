# cmake/dash_install.cmake
# `cmake --install`: libraries, public headers (include/dash/), the CMake
# package (find_package(dashcpp)), the front end (share/dashcpp/frontend) and
# the example config. cmake/dash_package.cmake makes a .deb of the same.
include(CMakePackageConfigHelpers)

set(DASH_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/dashcpp)
set(DASH_FRONTEND_DEST ${CMAKE_INSTALL_DATADIR}/dashcpp/frontend)

# Every library of the stack, and dash_warnings, which their static
# archives name as a link-only dependency.
install(TARGETS dashcpp dash_http dash_actors dash_callbacks dash_cluster
                dash_sessions dash_store dash_cache dash_supervision
                dash_actors_core dash_config dash_model dash_warnings
  EXPORT dashcppTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT dashcppTargets NAMESPACE dashcpp::
  DESTINATION ${DASH_CMAKE_DIR})

# The headers <dash/dash.hpp> reaches: the user API, nothing of actors/ or
# Beast.
install(FILES ${PROJECT_SOURCE_DIR}/dash/dash.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/dash)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/model/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/dash/model
  FILES_MATCHING PATTERN "*.hpp")
install(FILES ${PROJECT_SOURCE_DIR}/config/settings.hpp
              ${PROJECT_SOURCE_DIR}/config/flag.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/dash/config)
install(FILES ${PROJECT_SOURCE_DIR}/http/serve.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/dash/http)

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/dashcppConfig.cmake.in
  ${PROJECT_BINARY_DIR}/dashcppConfig.cmake
  INSTALL_DESTINATION ${DASH_CMAKE_DIR}
  PATH_VARS DASH_FRONTEND_DEST)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/dashcppConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/dashcppConfig.cmake
              ${PROJECT_BINARY_DIR}/dashcppConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/FindCAF.cmake
              ${PROJECT_SOURCE_DIR}/cmake/FindLMDB.cmake
              ${PROJECT_SOURCE_DIR}/cmake/FindHiredis.cmake
  DESTINATION ${DASH_CMAKE_DIR})

# The front end: only the npm files http/frontend.cpp serves, with each
# package's package.json (its version makes Dash's fingerprints) and
# licence.
set(dash_npm ${PROJECT_SOURCE_DIR}/node_modules)
function(dash_install_npm package)
  foreach(file package.json LICENSE ${ARGN})
    get_filename_component(sub ${file} DIRECTORY)
    if(file STREQUAL "LICENSE")
      install(FILES ${dash_npm}/${package}/${file} OPTIONAL
        DESTINATION ${DASH_FRONTEND_DEST}/${package}/${sub})
    else()
      install(FILES ${dash_npm}/${package}/${file}
        DESTINATION ${DASH_FRONTEND_DEST}/${package}/${sub})
    endif()
  endforeach()
endfunction()
dash_install_npm(@babel/polyfill dist/polyfill.min.js)
dash_install_npm(react umd/react.production.min.js)
dash_install_npm(react-dom umd/react-dom.production.min.js)
dash_install_npm(prop-types prop-types.min.js)
dash_install_npm(dash-renderer build/dash_renderer.min.js)
dash_install_npm(plotly.js-dist-min plotly.min.js)
foreach(suite dash-core-components/dash_core_components
              dash-html-components/dash_html_components)
  get_filename_component(package ${suite} DIRECTORY)
  dash_install_npm(${package})
  install(DIRECTORY ${dash_npm}/${suite}/
    DESTINATION ${DASH_FRONTEND_DEST}/${suite})
endforeach()

# Every setting with its default, as an example to copy.
install(FILES ${PROJECT_SOURCE_DIR}/config/dashcpp.ini
  DESTINATION ${CMAKE_INSTALL_DATADIR}/dashcpp/examples)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/templates/app/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/dashcpp/templates/app)
# `dashcpp-new NAME`: a copy of that template, named.
install(PROGRAMS ${PROJECT_SOURCE_DIR}/templates/dashcpp-new
  DESTINATION ${CMAKE_INSTALL_BINDIR})
