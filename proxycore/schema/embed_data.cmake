# cmake -DINPUT=<file> -DOUTPUT=<file.cc> -P embed_data.cmake
#
# Writes INPUT as a byte array into a C++ source. A byte array rather than a
# string literal: compilers cap the length of string literals (MSVC at 64 KiB).
if(NOT INPUT OR NOT OUTPUT)
  message(FATAL_ERROR "pass -DINPUT=<file> -DOUTPUT=<file.cc>")
endif()

file(READ "${INPUT}" hex HEX)
file(SIZE "${INPUT}" size)
# 32 bytes per line keeps the generated file readable in a diff tool.
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){32})" "\\1\n" bytes "${bytes}")

file(WRITE "${OUTPUT}"
  "// Generated from ${INPUT} by embed_data.cmake. Do not edit.\n"
  "#include \"proxycore/schema/schema_data.h\"\n\n"
  "namespace routedeck::core::schema::detail {\n\n"
  "const unsigned char kSchemasJson[] = {\n${bytes}\n};\n"
  "const std::size_t kSchemasJsonSize = ${size};\n\n"
  "}  // namespace routedeck::core::schema::detail\n")
