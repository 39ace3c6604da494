# Fails the build when a source file includes something its layer must not see.
# Run as: cmake -DSOURCE_DIR=<repo> -P CheckLayering.cmake
#
# Each rule: a directory prefix, and the include prefixes forbidden inside it.
set(rules
  "common/|catalog/,storage/,proto/,thrift/,tools/,sqlite3.h,grpc,thrift/"
  "catalog/model/|catalog/predicate/,catalog/service/,storage/,proto/,thrift/,tools/,sqlite3.h,grpc,google/protobuf"
  "catalog/predicate/|catalog/service/,storage/sqlite/,proto/,thrift/,tools/,sqlite3.h,grpc,google/protobuf"
  "catalog/service/|storage/sqlite/,proto/,thrift/,tools/,sqlite3.h,grpc,google/protobuf,catalog/crawler/,catalog/classifiers/,formats/avro,formats/json_schema,formats/protobuf,formats/testing"
  # Pure logic (table versions, policies): no storage, no service, no wire.
  "catalog/versions/|catalog/service/,catalog/crawler/,catalog/classifiers/,storage/,proto/,thrift/,tools/,sqlite3.h,grpc,google/protobuf"
  "catalog/policy/|catalog/service/,catalog/crawler/,catalog/classifiers/,storage/,proto/,thrift/,tools/,sqlite3.h,grpc,google/protobuf"
  # The crawler is a client of the service, never of storage or a wire.
  "catalog/crawler/|storage/,proto/,thrift/hms,thrift/convert,tools/,sqlite3.h,grpc,google/protobuf"
  # Classifiers know files and model types only; Thrift's protocol library
  # (<thrift/protocol/...>) is allowed for Parquet footers, Almanac's own
  # Thrift edge is not.
  "catalog/classifiers/|catalog/service/,catalog/crawler/,storage/,proto/,thrift/hms,thrift/convert,thrift/exception,thrift/served,tools/,sqlite3.h,grpc"
  # Schema-format checkers (Avro, JSON Schema, Protobuf) know no catalog type.
  "formats/|catalog/,storage/,proto/,thrift/hms,tools/,sqlite3.h,grpc"
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
# The gate (catalog/service/gate.cc) is the only service file that opens a
# transaction: every other one gets its scope from the gate, so no call can
# skip the authorizer, the audit sink or the change observers.
file(GLOB service_files "${SOURCE_DIR}/catalog/service/*.h" "${SOURCE_DIR}/catalog/service/*.cc")
foreach(f IN LISTS service_files)
  file(RELATIVE_PATH rel "${SOURCE_DIR}" "${f}")
  if(rel MATCHES "_test\\.cc$" OR rel MATCHES "test_util\\.h$" OR rel MATCHES "/gate\\.(h|cc)$")
    continue()
  endif()
  file(STRINGS "${f}" opens REGEX "BeginRead\\(|BeginWrite\\(")
  if(opens)
    list(APPEND failures "${rel}: opens a transaction, which only the gate (gate.cc) may do")
  endif()
endforeach()
if(failures)
  list(JOIN failures "\n  " msg)
  message(FATAL_ERROR "layering violations:\n  ${msg}")
endif()
