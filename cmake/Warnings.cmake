# Warning and sanitizer flags shared by every target of the project.
function(retort_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wnon-virtual-dtor
                         -Wno-missing-field-initializers)
  if(RETORT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(RETORT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
