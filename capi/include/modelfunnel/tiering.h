/**
 * @file tiering.h
 * @brief Account tiering (experimental): fit scores from a fit-model file,
 * the exact A/B/C split, and A and B accounts assigned to BDRs.
 *
 * Everything here is experimental (docs/c-api.md, "Stable and
 * experimental"): visible only with `MF_EXPERIMENTAL` defined before the
 * first modelfunnel header, exported under the symbol version
 * `MODELFUNNEL_EXPERIMENTAL`, and free to change in any release.
 *
 * @code
 * #define MF_EXPERIMENTAL
 * #include <modelfunnel/modelfunnel.h>
 *
 * mf_tier_model *model = NULL;
 * mf_tier_accounts *accounts = NULL;
 * mf_tiering *tiering = NULL;
 * mf_tier_account a = MF_TIER_ACCOUNT_INIT;
 * size_t i;
 * if (mf_tier_model_load_file(&model, "maven_fit.json", 14) == MF_OK &&
 *     mf_tier_accounts_load_file(&accounts, "accounts.csv", 12) == MF_OK &&
 *     mf_tier_compute(&tiering, accounts, model, NULL) == MF_OK)
 *   for (i = 0; i < mf_tiering_account_count(tiering); ++i)
 *     if (mf_tiering_account(tiering, i, &a) == MF_OK)
 *       printf("%s %s %.2f\n", a.id.data, a.tier.data, a.score);
 * mf_tiering_free(tiering);
 * mf_tier_accounts_free(accounts);
 * mf_tier_model_free(model);
 * @endcode
 */
#ifndef MODELFUNNEL_TIERING_H
#define MODELFUNNEL_TIERING_H

#include "modelfunnel/common.h"

#endif /* MODELFUNNEL_TIERING_H */

#if defined(MF_EXPERIMENTAL) && !defined(MODELFUNNEL_TIERING_H_EXPERIMENTAL)
/** Set once the experimental declarations below have been read. */
#define MODELFUNNEL_TIERING_H_EXPERIMENTAL

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup c_tiering Tiering (experimental)
 *  @ingroup mf_c
 *  The C++ tier_accounts() and assign_accounts() (docs/tiering.md defines
 *  the fit model, the allocation and the assignment). Read a fit model with
 *  mf_tier_model_load_file() or mf_tier_model_parse(), the accounts with
 *  mf_tier_accounts_load_file() or mf_tier_accounts_parse(), then
 *  mf_tier_compute() gives an ::mf_tiering, read with mf_tiering_account()
 *  and mf_tiering_tier(). Handles are immutable once made: any thread may
 *  read them.
 *  @{ */

/** Why an account is in its tier (the C++ TierReason). Values are frozen. */
typedef enum mf_tier_reason {
  MF_TIER_REASON_SCORE = 0,     /**< Its rank by score. */
  MF_TIER_REASON_PINNED = 1,    /**< A pin. */
  MF_TIER_REASON_KEPT = 2,      /**< Last run's tier, kept by the stability margin. */
  MF_TIER_REASON_ROLLED_UP = 3  /**< Its parent organisation's tier. */
} mf_tier_reason;

/** Whether an account got a rep (the C++ AssignStatus). Values are frozen. */
typedef enum mf_tier_assignment {
  MF_TIER_ASSIGN_PLACED = 0,               /**< It has a rep. */
  MF_TIER_ASSIGN_NO_REP_IN_TERRITORY = 1,  /**< No rep covers its territory. */
  MF_TIER_ASSIGN_TERRITORY_UNKNOWN = 2,    /**< Blank territory and no `*` rep. */
  MF_TIER_ASSIGN_ALL_FULL = 3,             /**< Every rep it could go to is full. */
  MF_TIER_ASSIGN_NOT_ASSIGNED = 4          /**< Not an assigned tier, or no reps given. */
} mf_tier_assignment;

/** The tables of mf_tiering_csv(). Values are frozen. */
typedef enum mf_tier_table {
  MF_TIER_TABLE_ACCOUNTS = 0, /**< One row per account, rank order. */
  MF_TIER_TABLE_TIERS = 1,    /**< One row per tier. */
  MF_TIER_TABLE_CUTOFFS = 2,  /**< The fit margin at each cut-off. */
  MF_TIER_TABLE_REPS = 3      /**< One row per rep (needs reps). */
} mf_tier_table;

/** A parsed fit model. Immutable. */
typedef struct mf_tier_model mf_tier_model;

/** Parses a fit-model file's text (JSON, comments allowed).
 *  @errors #MF_EDATA with the JSON path and rule id (`$.attributes[0].linear.to:
 *  fit.value: …`); #MF_EINVAL for NULL or invalid UTF-8.
 *  @ownership The caller frees `*out` with mf_tier_model_free(). */
MF_API int mf_tier_model_parse(mf_tier_model **out, const char *json, size_t json_len);
/** Reads a fit-model file. @errors as mf_tier_model_parse(), the message
 *  starting with the path; #MF_ENOTFOUND when it cannot be opened. */
MF_API int mf_tier_model_load_file(mf_tier_model **out, const char *path, size_t path_len);
/** Releases @p model; NULL is ignored. */
MF_API void mf_tier_model_free(mf_tier_model *model);

/** An accounts CSV held in memory. Immutable. */
typedef struct mf_tier_accounts mf_tier_accounts;

/** Reads an accounts CSV file (a header, then one row per account).
 *  @errors #MF_EDATA `path:line:column: rule: why` for a malformed row;
 *  #MF_ENOTFOUND when it cannot be opened.
 *  @ownership The caller frees `*out` with mf_tier_accounts_free(). */
MF_API int mf_tier_accounts_load_file(mf_tier_accounts **out, const char *path, size_t path_len);
/** The same over CSV text; @p name (may be empty) is used in messages. */
MF_API int mf_tier_accounts_parse(mf_tier_accounts **out, const char *csv, size_t csv_len, const char *name,
                                  size_t name_len);
/** Releases @p accounts; NULL is ignored. */
MF_API void mf_tier_accounts_free(mf_tier_accounts *accounts);
/** Number of accounts (rows) of @p accounts (0 for NULL). */
MF_API size_t mf_tier_accounts_count(const mf_tier_accounts *accounts);

/** Version of ::mf_tier_options this header describes. */
#define MF_TIER_OPTIONS_VERSION 1

/** Options for mf_tier_compute(). Texts are pointer + byte length, read
 *  during the call only; an empty one is not given. */
typedef struct mf_tier_options {
  uint32_t version;          /**< #MF_TIER_OPTIONS_VERSION. */
  const char *pins_csv;      /**< Pins CSV text (id, tier, reason). */
  size_t pins_csv_len;       /**< Byte length of @p pins_csv. */
  const char *previous_csv;  /**< Last run's tiers, CSV text (id, tier). */
  size_t previous_csv_len;   /**< Byte length of @p previous_csv. */
  const char *reps_csv;      /**< Reps CSV text (rep_id, territory, max_a, max_total): assign A and B. */
  size_t reps_csv_len;       /**< Byte length of @p reps_csv. */
  const char *territory_column;  /**< Accounts column of the territory; empty: the model's. */
  size_t territory_column_len;   /**< Byte length of @p territory_column. */
  double stability_margin;   /**< Points; negative (the default -1): the model's. */
  int32_t rollup;            /**< -1 (default): as the model says; 0: off; 1: on. */
  uint32_t threads;          /**< Most threads; 0 (default): the hardware's. */
} mf_tier_options;

/** Static initialiser of ::mf_tier_options with the defaults. */
#define MF_TIER_OPTIONS_INIT { MF_TIER_OPTIONS_VERSION, NULL, 0, NULL, 0, NULL, 0, NULL, 0, -1.0, -1, 0 }

/** Initialises @p opts to the defaults of @p version.
 *  @errors #MF_EINVAL for NULL or a version this library does not know. */
MF_API int mf_tier_options_init(mf_tier_options *opts, uint32_t version);

/** Accounts scored, tiered and (with reps) assigned. Immutable. */
typedef struct mf_tiering mf_tiering;

/** Scores @p accounts with @p model and splits them into tiers; with
 *  reps, assigns the A and B accounts. @p opts may be NULL (defaults).
 *  @errors #MF_EDATA `file:line:column: field 'f': rule: why` for bad
 *  accounts, pins, previous tiers or reps; #MF_EINVAL for NULL handles, an
 *  unknown options version or a rollup value other than -1, 0, 1.
 *  @ownership The caller frees `*out` with mf_tiering_free(). */
MF_API int mf_tier_compute(mf_tiering **out, const mf_tier_accounts *accounts, const mf_tier_model *model,
                           const mf_tier_options *opts);
/** Releases @p tiering; NULL is ignored. */
MF_API void mf_tiering_free(mf_tiering *tiering);

/** Version of ::mf_tier_account this header describes. */
#define MF_TIER_ACCOUNT_VERSION 1

/** One account's row. Strings are views into the ::mf_tiering, valid
 *  until it is freed, NUL-terminated. */
typedef struct mf_tier_account {
  uint32_t version;     /**< Set by the caller: #MF_TIER_ACCOUNT_VERSION. */
  mf_str id;            /**< The account id. */
  uint64_t rank;        /**< 1-based rank (the index + 1). */
  double score;         /**< The score it is ranked by. */
  double score_low;     /**< Lowest possible score. */
  double score_high;    /**< Highest possible score. */
  mf_str tier;          /**< Its tier's name. */
  uint32_t tier_index;  /**< Its tier's index (0: the best). */
  int32_t reason;       /**< An ::mf_tier_reason. */
  int32_t uncertain;    /**< 1 when its score range straddles a cut-off. */
  mf_str research;      /**< The attribute to research (empty unless uncertain). */
  mf_str organisation;  /**< Its top parent's id (itself without roll-up). */
  mf_str rep;           /**< Its rep's id; empty when none. */
  int32_t assignment;   /**< An ::mf_tier_assignment. */
} mf_tier_account;

/** Static initialiser of ::mf_tier_account. */
#define MF_TIER_ACCOUNT_INIT { MF_TIER_ACCOUNT_VERSION, { "", 0 }, 0, 0, 0, 0, { "", 0 }, 0, 0, 0, { "", 0 }, { "", 0 }, { "", 0 }, 0 }

/** Number of accounts of @p tiering (0 for NULL). */
MF_API size_t mf_tiering_account_count(const mf_tiering *tiering);
/** Account @p index, in rank order, into @p out (whose version the caller sets).
 *  @errors #MF_ERANGE for an index past the end; #MF_EINVAL for NULL or an unknown version. */
MF_API int mf_tiering_account(const mf_tiering *tiering, size_t index, mf_tier_account *out);

/** Version of ::mf_tier_summary this header describes. */
#define MF_TIER_SUMMARY_VERSION 1

/** One tier's target and what it got. */
typedef struct mf_tier_summary {
  uint32_t version;     /**< Set by the caller: #MF_TIER_SUMMARY_VERSION. */
  mf_str name;          /**< The tier's name. */
  double share;         /**< Its share (0 to 1). */
  uint64_t target;      /**< share × accounts by largest remainder. */
  uint64_t count;       /**< Accounts in it. */
  int64_t difference;   /**< count − target. */
  uint64_t pinned;      /**< Pinned accounts in it. */
  uint64_t kept;        /**< Accounts kept in it by the stability margin. */
  uint64_t uncertain;   /**< Uncertain accounts in it. */
  double margin_below;  /**< Fit margin to the next tier (NaN for the last or an empty tier). */
} mf_tier_summary;

/** Static initialiser of ::mf_tier_summary. */
#define MF_TIER_SUMMARY_INIT { MF_TIER_SUMMARY_VERSION, { "", 0 }, 0, 0, 0, 0, 0, 0, 0, 0 }

/** Number of tiers of @p tiering (0 for NULL). */
MF_API size_t mf_tiering_tier_count(const mf_tiering *tiering);
/** Tier @p index (0: the best) into @p out.
 *  @errors #MF_ERANGE for an index past the end; #MF_EINVAL for NULL or an unknown version. */
MF_API int mf_tiering_tier(const mf_tiering *tiering, size_t index, mf_tier_summary *out);

/** Accounts given a rep, and assigned-tier accounts left without one (both 0 without reps). */
MF_API int mf_tiering_placed(const mf_tiering *tiering, uint64_t *placed, uint64_t *unplaced);

/** One table as CSV (columns as `modelfunnel tier --format csv --table …`).
 *  @errors #MF_EINVAL for an unknown ::mf_tier_table, or reps without reps given.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_tiering_csv(mf_text **out, const mf_tiering *tiering, int32_t table);
/** Everything as one JSON document. @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_tiering_json(mf_text **out, const mf_tiering *tiering);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* MF_EXPERIMENTAL */
