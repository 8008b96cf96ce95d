# Unity builds by directory (docs/BENCHMARKS.md, "Build time"): the files of one module are
# compiled as one translation unit, so the headers they share are parsed, and the templates and
# inline functions they all use are instantiated and optimised, once per module instead of once
# per file. RETORT_UNITY=OFF (CMakePresets.json's "dev") compiles file by file, the quickest to
# rebuild after an edit. The rule it adds: names with internal linkage (anonymous namespaces,
# `static` functions) are unique within their directory.
option(RETORT_UNITY "Compile each module directory as one translation unit" ON)

# retort_unity_by_directory(target sources...): one unity group per directory of `sources`.
function(retort_unity_by_directory target)
  if(NOT RETORT_UNITY)
    return()
  endif()
  set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_MODE GROUP)
  foreach(source IN LISTS ARGN)
    file(RELATIVE_PATH relative ${PROJECT_SOURCE_DIR} ${source})
    get_filename_component(module ${relative} DIRECTORY)
    string(REPLACE "/" "_" group ${module})
    set_source_files_properties(${source} TARGET_DIRECTORY ${target} PROPERTIES UNITY_GROUP ${group})
  endforeach()
endfunction()
