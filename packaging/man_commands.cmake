# SPDX-License-Identifier: GPL-2.0-or-later
# Writes a help2man include file with each dentryscope-cli command's own --help, so that the
# man page documents every command's options (the top-level --help lists only the commands).
# cmake -DCLI=<dentryscope-cli> -DOUTPUT=<file.h2m> -P man_commands.cmake
set(text "[COMMANDS IN DETAIL]\n")
foreach(command run explore designs scenarios)
  execute_process(COMMAND ${CLI} ${command} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${CLI} ${command} --help failed (${rc})")
  endif()
  string(REPLACE "\\" "\\\\" help "${help}")                    # roff escapes
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}") # a leading . or ' is a request
  string(APPEND text ".SS ${command}\n.nf\n${help}.fi\n")
endforeach()
file(WRITE "${OUTPUT}" "${text}")
