# cmake/dash_add_app.cmake
# dash_add_app(name SOURCES a.cpp ...): one executable per app in apps/,
# linked against the whole dashcpp stack.
function(dash_add_app name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE dashcpp::dashcpp dash_warnings)
endfunction()
