# Fails when a layer includes a layer it must not see:
#  - proxycore/ includes a Qt header (or models/, ui/, app/)
#  - models/ includes ui/ or app/, or a proxycore header outside proxycore/api/
#  - ui/ includes proxycore/ or app/
if(NOT SOURCE_DIR)
  message(FATAL_ERROR "pass -DSOURCE_DIR=<project root>")
endif()

set(violations "")

function(check_layer layer pattern why)
  file(GLOB_RECURSE files ${SOURCE_DIR}/${layer}/*.h ${SOURCE_DIR}/${layer}/*.cc
       ${SOURCE_DIR}/${layer}/*.cpp ${SOURCE_DIR}/${layer}/*.hpp ${SOURCE_DIR}/${layer}/*.proto)
  foreach(f ${files})
    file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include")
    foreach(line ${lines})
      if(line MATCHES "${pattern}")
        file(RELATIVE_PATH rel ${SOURCE_DIR} ${f})
        string(APPEND violations "\n  ${rel}: ${line}  (${why})")
      endif()
    endforeach()
  endforeach()
  set(violations "${violations}" PARENT_SCOPE)
endfunction()

check_layer(proxycore "[<\"](Q[A-Za-z]+|Qt[A-Za-z]*/)" "proxycore must not include Qt")
check_layer(proxycore "[<\"](models|ui|app)/" "proxycore must not include upper layers")
check_layer(models "[<\"](ui|app)/" "models must not include ui/ or app/")
check_layer(models "[<\"]proxycore/([^a]|a[^p]|ap[^i]|api[^/])" "models may include proxycore/api only")
check_layer(ui "[<\"]proxycore/" "ui must not include proxycore")
check_layer(ui "[<\"]app/" "ui must not include app")

# proxycore must not link Qt either.
file(GLOB_RECURSE cmakes ${SOURCE_DIR}/proxycore/CMakeLists.txt ${SOURCE_DIR}/proxycore/*/CMakeLists.txt)
foreach(f ${cmakes})
  file(READ ${f} content)
  if(content MATCHES "Qt6::|find_package\\(Qt")
    file(RELATIVE_PATH rel ${SOURCE_DIR} ${f})
    set(violations "${violations}\n  ${rel}: links Qt (proxycore must not)")
  endif()
endforeach()

if(violations)
  message(FATAL_ERROR "layering violations:${violations}")
endif()
message(STATUS "layering ok")
