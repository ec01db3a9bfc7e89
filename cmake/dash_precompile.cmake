# cmake/dash_precompile.cmake
# dash_precompile(target header ...): precompiles third-party headers that
# most of the target's files include (CAF, Beast, Boost.JSON, Catch2), which
# is where most of the build time goes. Off with -DDASH_PCH=OFF.
function(dash_precompile target)
  if(DASH_PCH)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()
