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
  MF_TIER_TABLE_REPS = 3,     /**< One row per rep (needs reps). */
  MF_TIER_TABLE_COVERAGE = 4, /**< One row per account's coverage (mf_tier_coverage_csv() only). */
  MF_TIER_TABLE_REP_GAPS = 5  /**< Coverage gaps per rep (mf_tier_coverage_csv() only). */
} mf_tier_table;

/** The kinds of coverage gap (the C++ CoverageGap), as bits of
 *  ::mf_tier_account_coverage's `gaps`: `1u << MF_TIER_GAP_…`. Values are frozen. */
typedef enum mf_tier_gap {
  MF_TIER_GAP_CONTACTS = 0, /**< Fewer key contacts reached than the play asks. */
  MF_TIER_GAP_CADENCE = 1,  /**< The cadence stopped before the play's months. */
  MF_TIER_GAP_CHANNEL = 2,  /**< A channel the play requires has no touch. */
  MF_TIER_GAP_CAMPAIGN = 3  /**< In no campaign on the play's mass channels. */
} mf_tier_gap;

/** What mf_tier_learn() counts as one case (the C++ LearnUnit). Values are frozen. */
typedef enum mf_tier_learn_unit {
  MF_TIER_LEARN_ACCOUNTS = 0, /**< An account, won when it has a won deal. */
  MF_TIER_LEARN_DEALS = 1     /**< A closed (won or lost) deal. */
} mf_tier_learn_unit;

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

/* ---- Plays and coverage --------------------------------------------- */

/** Version of ::mf_tier_coverage_options this header describes. */
#define MF_TIER_COVERAGE_OPTIONS_VERSION 1

/** Options for mf_tier_coverage_compute(). Texts are pointer + byte length,
 *  read during the call only; an empty one is not given. */
typedef struct mf_tier_coverage_options {
  uint32_t version;          /**< #MF_TIER_COVERAGE_OPTIONS_VERSION. */
  const char *as_of;         /**< ISO date cadences are judged on; empty: the latest touch. */
  size_t as_of_len;          /**< Byte length of @p as_of. */
  const char *owner_column;  /**< Accounts column naming the rep (without reps); empty: the model's `owner`. */
  size_t owner_column_len;   /**< Byte length of @p owner_column. */
} mf_tier_coverage_options;

/** Static initialiser of ::mf_tier_coverage_options with the defaults. */
#define MF_TIER_COVERAGE_OPTIONS_INIT { MF_TIER_COVERAGE_OPTIONS_VERSION, NULL, 0, NULL, 0 }

/** Initialises @p opts to the defaults of @p version.
 *  @errors #MF_EINVAL for NULL or a version this library does not know. */
MF_API int mf_tier_coverage_options_init(mf_tier_coverage_options *opts, uint32_t version);

/** Each account's coverage against its tier's play, and the gaps per rep. Immutable. */
typedef struct mf_tier_coverage mf_tier_coverage;

/** Checks the accounts of @p tiering (computed from @p accounts and
 *  @p model) against their tiers' plays. @p contacts and @p activities are
 *  CSV tables read with mf_tier_accounts_load_file() or
 *  mf_tier_accounts_parse() (which read any CSV): contacts with
 *  `account_id, contact_id, role`, activities with `contact_id, time,
 *  channel` and optionally `campaign` (may be NULL: nothing touched). Reps
 *  come from the tiering's assignment when it has one, else the owner
 *  column. @p opts may be NULL.
 *  @errors #MF_EDATA `file:line:column: field 'f': rule: why`
 *  (`coverage.column`, `coverage.contact`, `coverage.time`); #MF_EINVAL for
 *  NULL handles, an unknown options version or an as-of that is not a date.
 *  @ownership The caller frees `*out` with mf_tier_coverage_free(). */
MF_API int mf_tier_coverage_compute(mf_tier_coverage **out, const mf_tiering *tiering,
                                    const mf_tier_accounts *accounts, const mf_tier_model *model,
                                    const mf_tier_accounts *contacts, const mf_tier_accounts *activities,
                                    const mf_tier_coverage_options *opts);
/** Releases @p coverage; NULL is ignored. */
MF_API void mf_tier_coverage_free(mf_tier_coverage *coverage);

/** Version of ::mf_tier_account_coverage this header describes. */
#define MF_TIER_ACCOUNT_COVERAGE_VERSION 1

/** One account's coverage. Strings are views into the ::mf_tier_coverage,
 *  valid until it is freed, NUL-terminated. */
typedef struct mf_tier_account_coverage {
  uint32_t version;           /**< Set by the caller: #MF_TIER_ACCOUNT_COVERAGE_VERSION. */
  mf_str id;                  /**< The account. */
  mf_str tier;                /**< Its tier's name. */
  mf_str rep;                 /**< Its rep; empty when none. */
  uint64_t contacts;          /**< Its contacts. */
  uint64_t key_contacts;      /**< Of which key contacts (the play's roles). */
  uint64_t contacts_reached;  /**< Key contacts touched. */
  uint64_t min_contacts;      /**< The play's minimum. */
  uint64_t touches;           /**< Touches up to the as-of day. */
  mf_str first_touch;         /**< Date of the first touch (YYYY-MM-DD); empty without touches. */
  mf_str last_touch;          /**< Date of the last touch; empty without touches. */
  int64_t cadence_days;       /**< Days from the first touch to the last. */
  int32_t cadence_running;    /**< 1 when touched within the play's silence allowance. */
  double touches_per_month;   /**< Touches per month since the first touch. */
  uint64_t campaign_touches;  /**< Touches in a campaign on the play's mass channels. */
  mf_str missing_channels;    /**< Required channels without a touch, joined by `;`. */
  uint32_t gaps;              /**< Bits `1u << ::mf_tier_gap`; 0: no gap. */
} mf_tier_account_coverage;

/** Static initialiser of ::mf_tier_account_coverage. */
#define MF_TIER_ACCOUNT_COVERAGE_INIT { MF_TIER_ACCOUNT_COVERAGE_VERSION, { "", 0 }, { "", 0 }, { "", 0 }, 0, 0, 0, 0, 0, { "", 0 }, { "", 0 }, 0, 0, 0, 0, { "", 0 }, 0 }

/** Number of accounts of @p coverage (0 for NULL); the tiering's order. */
MF_API size_t mf_tier_coverage_account_count(const mf_tier_coverage *coverage);
/** Account @p index into @p out (whose version the caller sets).
 *  @errors #MF_ERANGE past the end; #MF_EINVAL for NULL or an unknown version. */
MF_API int mf_tier_coverage_account(const mf_tier_coverage *coverage, size_t index, mf_tier_account_coverage *out);

/** Version of ::mf_tier_rep_coverage this header describes. */
#define MF_TIER_REP_COVERAGE_VERSION 1

/** The gaps of one rep's accounts. */
typedef struct mf_tier_rep_coverage {
  uint32_t version;            /**< Set by the caller: #MF_TIER_REP_COVERAGE_VERSION. */
  mf_str rep;                  /**< The rep; empty: the accounts without one. */
  uint64_t accounts;           /**< Its accounts. */
  uint64_t with_gaps;          /**< Of which with a gap. */
  uint64_t gap_contacts;       /**< Accounts with a contacts gap. */
  uint64_t gap_cadence;        /**< Accounts with a cadence gap. */
  uint64_t gap_channel;        /**< Accounts with a channel gap. */
  uint64_t gap_campaign;       /**< Accounts with a campaign gap. */
  uint64_t contacts_to_reach;  /**< Key contacts still to reach. */
} mf_tier_rep_coverage;

/** Static initialiser of ::mf_tier_rep_coverage. */
#define MF_TIER_REP_COVERAGE_INIT { MF_TIER_REP_COVERAGE_VERSION, { "", 0 }, 0, 0, 0, 0, 0, 0, 0 }

/** Number of rep rows of @p coverage (0 for NULL). */
MF_API size_t mf_tier_coverage_rep_count(const mf_tier_coverage *coverage);
/** Rep row @p index into @p out. @errors as mf_tier_coverage_account(). */
MF_API int mf_tier_coverage_rep(const mf_tier_coverage *coverage, size_t index, mf_tier_rep_coverage *out);

/** Rows left out, counted: contacts of an account not in the accounts,
 *  repeated contact rows, activities of no known contact, repeated
 *  activities, activities after the as-of day. Any pointer may be NULL. */
MF_API int mf_tier_coverage_left_out(const mf_tier_coverage *coverage, uint64_t *contacts_unknown_account,
                                     uint64_t *contacts_duplicate, uint64_t *activities_unknown_contact,
                                     uint64_t *activities_duplicate, uint64_t *activities_after_as_of);

/** #MF_TIER_TABLE_COVERAGE or #MF_TIER_TABLE_REP_GAPS as CSV (columns as
 *  `modelfunnel tier --format csv --table coverage|rep_gaps`).
 *  @errors #MF_EINVAL for another table.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_tier_coverage_csv(mf_text **out, const mf_tier_coverage *coverage, int32_t table);
/** The tiering with its coverage as one JSON document (`coverage` member as
 *  `modelfunnel tier --format json`). @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_tier_coverage_json(mf_text **out, const mf_tier_coverage *coverage);

/* ---- Learned weights --------------------------------------------------- */

/** Version of ::mf_tier_learn_options this header describes. */
#define MF_TIER_LEARN_OPTIONS_VERSION 1

/** Options for mf_tier_learn(). Texts are pointer + byte length; empty: the default. */
typedef struct mf_tier_learn_options {
  uint32_t version;           /**< #MF_TIER_LEARN_OPTIONS_VERSION. */
  int32_t unit;               /**< An ::mf_tier_learn_unit (default accounts). */
  const char *account_column; /**< Deals column naming the account; empty: the model's id column. */
  size_t account_column_len;  /**< Byte length of @p account_column. */
  const char *stage_column;   /**< Deals column with the stage; empty: `deal_stage`. */
  size_t stage_column_len;    /**< Byte length of @p stage_column. */
  const char *won_value;      /**< The stage meaning won; empty: `Won`. */
  size_t won_value_len;       /**< Byte length of @p won_value. */
  const char *lost_value;     /**< The stage meaning lost (by deals); empty: `Lost`. */
  size_t lost_value_len;      /**< Byte length of @p lost_value. */
  double prior_accounts;      /**< Prior strength in cases (default 5; above 0). */
  double points_per_logit;    /**< Points per unit of log-odds (default 10; above 0). */
} mf_tier_learn_options;

/** Static initialiser of ::mf_tier_learn_options with the defaults. */
#define MF_TIER_LEARN_OPTIONS_INIT { MF_TIER_LEARN_OPTIONS_VERSION, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, 5.0, 10.0 }

/** Initialises @p opts to the defaults of @p version.
 *  @errors #MF_EINVAL for NULL or a version this library does not know. */
MF_API int mf_tier_learn_options_init(mf_tier_learn_options *opts, uint32_t version);

/** Points per attribute value learned from won deals, with their evidence. Immutable. */
typedef struct mf_tier_learned mf_tier_learned;

/** Learns points per value of @p model's categorical, bucket and boolean
 *  attributes from @p deals (a CSV table read with
 *  mf_tier_accounts_load_file(), e.g. Maven's sales_pipeline.csv).
 *  @p opts may be NULL.
 *  @errors #MF_EDATA for a missing column (`learn.column`), a value that is
 *  not one, or no won / no other case (`learn.evidence`); #MF_EINVAL for
 *  NULL handles, an unknown version or unit, a prior or scale not above 0.
 *  @ownership The caller frees `*out` with mf_tier_learned_free(). */
MF_API int mf_tier_learn(mf_tier_learned **out, const mf_tier_accounts *accounts, const mf_tier_model *model,
                         const mf_tier_accounts *deals, const mf_tier_learn_options *opts);
/** Releases @p learned; NULL is ignored. */
MF_API void mf_tier_learned_free(mf_tier_learned *learned);

/** Version of ::mf_tier_learned_value this header describes. */
#define MF_TIER_LEARNED_VALUE_VERSION 1

/** One value's evidence and learned points. Strings are views into the
 *  ::mf_tier_learned, valid until it is freed, NUL-terminated. */
typedef struct mf_tier_learned_value {
  uint32_t version;      /**< Set by the caller: #MF_TIER_LEARNED_VALUE_VERSION. */
  mf_str attribute;      /**< The attribute. */
  mf_str value;          /**< The value (`other`, bucket labels, `true`/`false`, `(missing)`). */
  uint64_t accounts;     /**< Accounts with the value. */
  uint64_t cases;        /**< Their cases (accounts, or closed deals). */
  uint64_t wins;         /**< Cases won. */
  double win_rate;       /**< wins / cases. */
  double smoothed_rate;  /**< Smoothed toward the overall rate. */
  double log_odds;       /**< Against the overall rate. */
  double points;         /**< Learned points; NaN for `(missing)`. */
  double model_points;   /**< The model's points before; NaN when it had none. */
} mf_tier_learned_value;

/** Static initialiser of ::mf_tier_learned_value. */
#define MF_TIER_LEARNED_VALUE_INIT { MF_TIER_LEARNED_VALUE_VERSION, { "", 0 }, { "", 0 }, 0, 0, 0, 0, 0, 0, 0, 0 }

/** Number of values of @p learned (0 for NULL). */
MF_API size_t mf_tier_learned_value_count(const mf_tier_learned *learned);
/** Value @p index into @p out. @errors #MF_ERANGE past the end; #MF_EINVAL for NULL or an unknown version. */
MF_API int mf_tier_learned_value_at(const mf_tier_learned *learned, size_t index, mf_tier_learned_value *out);
/** The fit model with the learned points (JSON text, to edit and feed back to
 *  mf_tier_model_parse()). @ownership A view owned by @p learned. */
MF_API int mf_tier_learned_model(const mf_tier_learned *learned, mf_str *out);
/** The evidence as CSV (`attribute,value,accounts,cases,wins,win_rate,
 *  smoothed_rate,log_odds,points,model_points`).
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_tier_learned_csv(mf_text **out, const mf_tier_learned *learned);
/** The evidence and the learned model as JSON. @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_tier_learned_json(mf_text **out, const mf_tier_learned *learned);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* MF_EXPERIMENTAL */
