/**
 * @file common.h
 * @brief What every modelfunnel C header shares: the export macro, status
 * codes and the last error, string views and owned texts, versions.
 *
 * Included by every other header of the C ABI; `<modelfunnel/modelfunnel.h>`
 * includes them all. The conventions below hold for every function of every
 * header:
 *
 * - **Handles** (`mf_graph`, `mf_dataset`, …) are opaque and allocated by the
 *   library: `mf_x_*(mf_x **out, …)` creates one, `mf_x_free(x)` releases it
 *   and accepts NULL. Output parameters come first.
 * - **Status**: every fallible call returns an ::mf_status (#MF_OK is 0,
 *   errors are negative). On error, outputs are left untouched (handles stay
 *   NULL) and mf_last_error() describes what happened — with
 *   `file:line:column` or a JSON path where there is one — until the next
 *   modelfunnel call on the same thread. No C++ exception ever crosses this
 *   boundary, and bad arguments (NULL pointers, invalid UTF-8, out-of-range
 *   indexes, unknown enum values) return #MF_EINVAL / #MF_ERANGE, never abort.
 *   Output pointers may be NULL only where a function says so.
 * - **Strings** are UTF-8, passed in as pointer + byte length (the pointer may
 *   be NULL only when the length is 0) and returned as ::mf_str views. A
 *   returned view is owned by the handle it came from and valid until that
 *   handle is freed; its bytes are also NUL-terminated.
 * - **Times** are int64 microseconds since 1970-01-01T00:00:00Z (UTC).
 *   **Amounts** are int64 ten-thousandths of a currency unit (exact decimals).
 * - **Results** are library-owned objects read through accessors; one style
 *   everywhere.
 * - **Options** structs start with a `version` field; initialise them with
 *   their `MF_*_OPTIONS_INIT` macro or `mf_*_options_init()`. New fields are
 *   only ever added at the end, with a new version number.
 * - **Threads**: functions taking only `const` handles may be called from
 *   several threads at once on the same handles (graphs, data sets, mappings,
 *   summaries, funnel reports and load reports are immutable). Builders are
 *   not thread-safe: use one builder from one thread at a time.
 *   mf_last_error() is per thread.
 * - **Names** say their area: `mf_<area>_<verb>` (`mf_dataset_load`,
 *   `mf_funnel_compute`), constants `MF_<AREA>_…`. Only figures every engine
 *   shares (::mf_rate, ::mf_durations, ::mf_time_bucket in figures.h) and
 *   this header's names have none.
 * - **Stable and experimental**: everything declared by default is stable for
 *   the ABI version (#MF_ABI_VERSION). Declarations of engines not yet frozen
 *   are visible only to a program that defines `MF_EXPERIMENTAL` before
 *   including any modelfunnel header, and carry no promise: they may change or
 *   go in any release (docs/c-api.md, "Stable and experimental").
 */
#ifndef MODELFUNNEL_COMMON_H
#define MODELFUNNEL_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "modelfunnel/version.h"

/* MF_API marks every exported function; the library is built with hidden
 * visibility, so nothing else leaves it. */
#if defined(_WIN32) && defined(MF_SHARED)
#  if defined(MF_BUILDING)
#    define MF_API __declspec(dllexport)
#  else
#    define MF_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define MF_API __attribute__((visibility("default")))
#else
#  define MF_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup c_common Common: versions, errors, strings
 *  @ingroup mf_c
 *  @{ */

/* ------------------------------------------------------------------------ */
/** @name Versions
 *  @{ */

/* MF_VERSION_MAJOR, MF_VERSION_MINOR, MF_VERSION_PATCH, MF_VERSION_STRING and
 * MF_VERSION_NUMBER (major*10000 + minor*100 + patch) come from the generated
 * version header, shared with the C++ API. */
/** ABI version: the shared library's SONAME suffix; bumped on every
 *  incompatible change (CHANGELOG.md lists them). */
#define MF_ABI_VERSION 2

/** The linked library's version as `MF_VERSION_NUMBER` computes it; compare
 *  with #MF_VERSION_NUMBER to detect a header/library mismatch.
 *  @threadsafety Any thread. */
MF_API int32_t mf_version(void);

/** The linked library's ABI version (#MF_ABI_VERSION when it was built).
 *  @threadsafety Any thread. */
MF_API int32_t mf_abi_version(void);

/** @} */

/* ------------------------------------------------------------------------ */
/** @name Errors and strings
 *  @{ */

/** Status codes. Values are frozen; new codes may be added below -99. */
typedef enum mf_status {
  MF_OK = 0,              /**< Success. */
  MF_EINVAL = -1,         /**< Invalid argument (NULL, bad UTF-8, bad enum, bad options). */
  MF_ERANGE = -2,         /**< Index or value out of range. */
  MF_ENOTFOUND = -3,      /**< A file, table, stage or name does not exist. */
  MF_EEXISTS = -4,        /**< A name is already taken. */
  MF_EDATA = -5,          /**< Bad input data (CSV row, JSON, mapping, graph validation). */
  MF_EIO = -6,            /**< A file could not be read or written. */
  MF_ENOMEM = -7,         /**< Out of memory. */
  MF_EINTERNAL = -99      /**< A bug in modelfunnel; the message says where. */
} mf_status;

/** A borrowed UTF-8 string: @p size bytes at @p data, followed by a NUL byte.
 *  Owned by whatever returned it (see the function). */
typedef struct mf_str {
  const char *data; /**< First byte; never NULL in a returned view ("" when empty). */
  size_t size;      /**< Length in bytes, excluding the NUL. */
} mf_str;

/** The message of the last failed call on this thread ("" if none).
 *  @ownership Owned by the library; valid until the next modelfunnel call on
 *  this thread.
 *  @threadsafety Per thread. */
MF_API mf_str mf_last_error(void);

/** The status of the last failed call on this thread (#MF_OK if none).
 *  @threadsafety Per thread. */
MF_API mf_status mf_last_error_code(void);

/** A static name for @p status, e.g. "MF_EDATA: bad input data".
 *  Unknown values give "unknown status". Never NULL.
 *  @ownership Static storage. @threadsafety Any thread. */
MF_API const char *mf_strerror(int status);

/** An owned text produced by the library (JSON, DOT). */
typedef struct mf_text mf_text;

/** The bytes of @p text (an empty view for NULL).
 *  @ownership Owned by @p text. */
MF_API mf_str mf_text_view(const mf_text *text);

/** Releases @p text; NULL is ignored. */
MF_API void mf_text_free(mf_text *text);

/** @} */

/** @} */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* MODELFUNNEL_COMMON_H */
