# SPDX-License-Identifier: GPL-2.0-or-later
# The translation template: lupdate (Debian 12's qt6-l10n-tools) extracts every tr() and
# QCoreApplication::translate() string of ui/ and app/ into build/translations/dentryscope.ts,
# at every build. Without lupdate the target is absent and configure says so.
find_program(DENTRYSCOPE_LUPDATE NAMES lupdate lupdate-qt6
             HINTS "${QT6_INSTALL_PREFIX}/${QT6_INSTALL_BINS}" /usr/lib/qt6/bin)
set(DENTRYSCOPE_TS_TEMPLATE "${PROJECT_BINARY_DIR}/translations/dentryscope.ts")
if(NOT DENTRYSCOPE_LUPDATE)
  message(STATUS "lupdate not found (install qt6-l10n-tools): no translation template is built")
  return()
endif()
file(GLOB_RECURSE DENTRYSCOPE_TR_SOURCES CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/ui/*.cpp ${PROJECT_SOURCE_DIR}/ui/*.h
     ${PROJECT_SOURCE_DIR}/app/*.cpp ${PROJECT_SOURCE_DIR}/app/*.h)
add_custom_command(
  OUTPUT ${DENTRYSCOPE_TS_TEMPLATE}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/translations
  COMMAND ${DENTRYSCOPE_LUPDATE} -silent -no-obsolete -locations none
          ${PROJECT_SOURCE_DIR}/ui ${PROJECT_SOURCE_DIR}/app -ts ${DENTRYSCOPE_TS_TEMPLATE}
  DEPENDS ${DENTRYSCOPE_TR_SOURCES}
  COMMENT "Extracting user-visible strings into translations/dentryscope.ts"
  VERBATIM)
add_custom_target(dentryscope_translation_template ALL DEPENDS ${DENTRYSCOPE_TS_TEMPLATE})
