# Fails the build when a source file includes something its layer must not see.
# Run as: cmake -DSOURCE_DIR=<repo> -P CheckLayering.cmake
#
# Each rule: a directory prefix, and the include prefixes forbidden inside it.
set(rules
  "common/|catalog/,storage/,proto/,thrift/,tools/,sqlite3.h,grpc,thrift/"
  "catalog/model/|catalog/predicate/,catalog/service/,storage/,proto/,thrift/,tools/,sqlite3.h,grpc,google/protobuf"
  "catalog/predicate/|catalog/service/,storage/sqlite/,proto/,thrift/,tools/,sqlite3.h,grpc,google/protobuf"
  "catalog/service/|storage/sqlite/,proto/,thrift/,tools/,sqlite3.h,grpc,google/protobuf"
  "storage/|catalog/predicate/,catalog/service/,proto/,thrift/,tools/,grpc,google/protobuf"
  "proto/|thrift/,tools/,storage/,sqlite3.h"
  "thrift/|proto/,tools/,storage/,sqlite3.h,grpc,google/protobuf"
)
set(failures "")
foreach(rule IN LISTS rules)
  string(REPLACE "|" ";" parts "${rule}")
  list(GET parts 0 dir)
  list(GET parts 1 forbidden)
  string(REPLACE "," ";" forbidden "${forbidden}")
  file(GLOB_RECURSE files "${SOURCE_DIR}/${dir}*.h" "${SOURCE_DIR}/${dir}*.cc")
  foreach(f IN LISTS files)
    file(RELATIVE_PATH rel "${SOURCE_DIR}" "${f}")
    # The sqlite backend may include sqlite3.h; only it.
    if(rel MATCHES "^storage/sqlite/")
      set(forb "catalog/predicate/;catalog/service/;proto/;thrift/;tools/;grpc;google/protobuf")
    else()
      set(forb "${forbidden}")
    endif()
    file(STRINGS "${f}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
    foreach(inc IN LISTS includes)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]*)[>\"].*" "\\1" path "${inc}")
      foreach(bad IN LISTS forb)
        string(FIND "${path}" "${bad}" pos)
        if(pos EQUAL 0)
          list(APPEND failures "${rel}: includes '${path}', which layer '${dir}' must not see")
        endif()
      endforeach()
    endforeach()
  endforeach()
endforeach()
if(failures)
  list(JOIN failures "\n  " msg)
  message(FATAL_ERROR "layering violations:\n  ${msg}")
endif()
