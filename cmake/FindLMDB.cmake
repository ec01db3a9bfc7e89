# cmake/FindLMDB.cmake
# Finds LMDB as Debian ships it (liblmdb-dev has no CMake config) and
# defines LMDB::LMDB; used by the disk session store and dashcppConfig.cmake.
find_path(LMDB_INCLUDE_DIR NAMES lmdb.h)
find_library(LMDB_LIBRARY NAMES lmdb)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LMDB
  REQUIRED_VARS LMDB_LIBRARY LMDB_INCLUDE_DIR
  REASON_FAILURE_MESSAGE "install liblmdb-dev")

if(LMDB_FOUND AND NOT TARGET LMDB::LMDB)
  add_library(LMDB::LMDB UNKNOWN IMPORTED)
  set_target_properties(LMDB::LMDB PROPERTIES
    IMPORTED_LOCATION "${LMDB_LIBRARY}"
    INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${LMDB_INCLUDE_DIR}"
    INTERFACE_INCLUDE_DIRECTORIES "${LMDB_INCLUDE_DIR}")
endif()
mark_as_advanced(LMDB_INCLUDE_DIR LMDB_LIBRARY)
