/**
 * @file mapping_draft.h
 * @brief A drafted mapping (experimental): a first mapping file guessed from
 * CRM exports, with a comment beside every guess, for a person to edit.
 *
 * Experimental: the declarations are visible only with `MF_EXPERIMENTAL`
 * defined before any modelfunnel header, exported under the symbol version
 * `MODELFUNNEL_EXPERIMENTAL`, and may change or go in any release
 * (docs/c-api.md, "Stable and experimental"). docs/mapping.md, "Drafting a
 * mapping", says what is guessed and how.
 *
 * @code
 * #define MF_EXPERIMENTAL
 * #include <modelfunnel/modelfunnel.h>
 *
 * mf_str files[2] = {{"leads.csv", 9}, {"events.csv", 10}};
 * mf_text *draft = NULL;
 * if (mf_mapping_draft(&draft, files, 2, NULL) == MF_OK) {
 *   mf_str text = mf_text_view(draft);
 *   fwrite(text.data, 1, text.size, stdout);   // read it, edit it, then load it
 * }
 * mf_text_free(draft);
 * @endcode
 */
#ifndef MODELFUNNEL_MAPPING_DRAFT_H
#define MODELFUNNEL_MAPPING_DRAFT_H

#include "modelfunnel/common.h"

#endif /* MODELFUNNEL_MAPPING_DRAFT_H */

#if defined(MF_EXPERIMENTAL) && !defined(MODELFUNNEL_MAPPING_DRAFT_H_EXPERIMENTAL)
/** Set once the experimental declarations below have been read. */
#define MODELFUNNEL_MAPPING_DRAFT_H_EXPERIMENTAL

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup c_mapping_draft Mapping draft (experimental)
 *  @ingroup mf_c
 *  The C++ draft_mapping(): reads the header and a bounded prefix of each
 *  file, and returns a mapping (JSON with `//` comments) that loads nothing
 *  by itself.
 *  @{ */

/** Version of ::mf_mapping_draft_options this header describes. */
#define MF_MAPPING_DRAFT_OPTIONS_VERSION 1

/** Options for mf_mapping_draft(). */
typedef struct mf_mapping_draft_options {
  uint32_t version;      /**< #MF_MAPPING_DRAFT_OPTIONS_VERSION. */
  uint64_t max_rows;     /**< Data rows read per file; at least 1 (default 1000). */
  uint64_t max_bytes;    /**< Bytes read per file, about; at least 1 (default 1048576). */
  const char *base_dir;  /**< Folder the mapping will be saved in: its file paths are
                              written relative to it. NULL or empty: the current directory. */
  size_t base_dir_len;   /**< Byte length of @p base_dir. */
} mf_mapping_draft_options;

/** Static initialiser of ::mf_mapping_draft_options with the defaults. */
#define MF_MAPPING_DRAFT_OPTIONS_INIT { MF_MAPPING_DRAFT_OPTIONS_VERSION, 1000, 1048576, NULL, 0 }

/** Initialises @p opts to the defaults of @p version.
 *  @errors #MF_EINVAL for NULL or a version this library does not know. */
MF_API int mf_mapping_draft_options_init(mf_mapping_draft_options *opts, uint32_t version);

/** Drafts a mapping for the @p path_count files @p paths (UTF-8 paths).
 *  A file that is empty, not text or not CSV is left out with a comment
 *  saying why.
 *  @param[out] out the draft's text (a mapping with comments).
 *  @param paths      the files, in the order the draft lists them.
 *  @param path_count number of @p paths; at least 1.
 *  @param opts       options, or NULL for the defaults.
 *  @errors #MF_EINVAL for NULL arguments, no paths, invalid UTF-8, a bad
 *  options version or a zero limit; #MF_ENOTFOUND / #MF_EIO when a file
 *  cannot be opened; #MF_EDATA when no file gives a table (the message says
 *  why, file by file).
 *  @ownership The caller frees `*out` with mf_text_free(); mf_text_view()
 *  gives its bytes (NUL-terminated), valid until then. The library keeps no
 *  pointer to @p paths or @p opts after returning. */
MF_API int mf_mapping_draft(mf_text **out, const mf_str *paths, size_t path_count,
                            const mf_mapping_draft_options *opts);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* MF_EXPERIMENTAL */
