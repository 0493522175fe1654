/**
 * @file reengage.h
 * @brief Re-engagement of lost deals (experimental): a policy file, the
 * queue of records due at a date ranked by expected value, the learned
 * windows and the counts per loss reason.
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
 * mf_reengage_policy *policy = NULL;
 * mf_reengagement *r = NULL;
 * mf_reengage_entry e = MF_REENGAGE_ENTRY_INIT;
 * size_t i;
 * if (mf_reengage_policy_load_file(&policy, "policy.json", 11) == MF_OK &&
 *     mf_reengage_compute(&r, data, policy, as_of_micros, NULL) == MF_OK)
 *   for (i = 0; i < mf_reengagement_queue_count(r); ++i)
 *     if (mf_reengagement_entry(r, i, &e) == MF_OK)
 *       printf("%s %s %.2f\n", e.id.data, e.reason.data, e.expected_value);
 * mf_reengagement_free(r);
 * mf_reengage_policy_free(policy);
 * @endcode
 */
#ifndef MODELFUNNEL_REENGAGE_H
#define MODELFUNNEL_REENGAGE_H

#include "modelfunnel/common.h"

#endif /* MODELFUNNEL_REENGAGE_H */

#if defined(MF_EXPERIMENTAL) && !defined(MODELFUNNEL_REENGAGE_H_EXPERIMENTAL)
/** Set once the experimental declarations below have been read. */
#define MODELFUNNEL_REENGAGE_H_EXPERIMENTAL

#include "modelfunnel/dataset.h"
#include "modelfunnel/graph.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup c_reengage Re-engagement (experimental)
 *  @ingroup mf_c
 *  The C++ reengagement_queue() (docs/reengage.md defines the policy file
 *  and every figure). Read a policy with mf_reengage_policy_load_file() or
 *  mf_reengage_policy_parse(), then mf_reengage_compute() over a data set
 *  gives an ::mf_reengagement, read with mf_reengagement_entry(),
 *  mf_reengagement_reason() and mf_reengagement_window(). Handles are
 *  immutable once made: any thread may read them.
 *  @{ */

/** Who re-approaches (the C++ ReengageWho). Values are frozen. */
typedef enum mf_reengage_who {
  MF_REENGAGE_INSIDE_SALES = 0,      /**< An inside-sales rep. */
  MF_REENGAGE_MARKETING_NURTURE = 1  /**< A marketing nurture track. */
} mf_reengage_who;

/** The tables of mf_reengagement_csv(). Values are frozen. */
typedef enum mf_reengage_table {
  MF_REENGAGE_TABLE_QUEUE = 0,    /**< One row per record due. */
  MF_REENGAGE_TABLE_REASONS = 1,  /**< Lost records per reason. */
  MF_REENGAGE_TABLE_WINDOWS = 2,  /**< Learned windows and re-win rates. */
  MF_REENGAGE_TABLE_FUNNEL = 3    /**< The recycled funnel. */
} mf_reengage_table;

/** A parsed re-engagement policy. Immutable. */
typedef struct mf_reengage_policy mf_reengage_policy;

/** Parses a policy file's text (JSON, comments allowed).
 *  @errors #MF_EDATA with the JSON path and rule id (`$.reasons.budget.days:
 *  reengage.type: …`); #MF_EINVAL for NULL or invalid UTF-8.
 *  @ownership The caller frees `*out` with mf_reengage_policy_free(). */
MF_API int mf_reengage_policy_parse(mf_reengage_policy **out, const char *json, size_t json_len);
/** Reads a policy file. @errors as mf_reengage_policy_parse(), the message
 *  starting with the path; #MF_ENOTFOUND when it cannot be opened. */
MF_API int mf_reengage_policy_load_file(mf_reengage_policy **out, const char *path, size_t path_len);
/** Releases @p policy; NULL is ignored. */
MF_API void mf_reengage_policy_free(mf_reengage_policy *policy);

/** Version of ::mf_reengage_options this header describes. */
#define MF_REENGAGE_OPTIONS_VERSION 1

/** Options for mf_reengage_compute(). */
typedef struct mf_reengage_options {
  uint32_t version;       /**< #MF_REENGAGE_OPTIONS_VERSION. */
  const mf_graph *graph;  /**< Names the lost and won stages; NULL: The Model. Borrowed for the call. */
  uint32_t threads;       /**< Most threads; 0 (default): the hardware's. */
} mf_reengage_options;

/** Static initialiser of ::mf_reengage_options with the defaults. */
#define MF_REENGAGE_OPTIONS_INIT { MF_REENGAGE_OPTIONS_VERSION, NULL, 0 }

/** Initialises @p opts to the defaults of @p version.
 *  @errors #MF_EINVAL for NULL or a version this library does not know. */
MF_API int mf_reengage_options_init(mf_reengage_options *opts, uint32_t version);

/** The queue at a date and the figures behind it. Immutable. */
typedef struct mf_reengagement mf_reengagement;

/** The records of @p data due at @p as_of (microseconds since the epoch)
 *  under @p policy. @p opts may be NULL (defaults).
 *  @errors #MF_EDATA `$.columns.x: reengage.column: …` for a policy column
 *  the data lacks or has with another type; #MF_EINVAL for NULL handles or
 *  an unknown options version.
 *  @ownership The caller frees `*out` with mf_reengagement_free(). */
MF_API int mf_reengage_compute(mf_reengagement **out, const mf_dataset *data, const mf_reengage_policy *policy,
                               int64_t as_of, const mf_reengage_options *opts);
/** Releases @p r; NULL is ignored. */
MF_API void mf_reengagement_free(mf_reengagement *r);

/** Version of ::mf_reengage_entry this header describes. */
#define MF_REENGAGE_ENTRY_VERSION 1

/** One record due. Strings are views into the ::mf_reengagement, valid
 *  until it is freed, NUL-terminated. */
typedef struct mf_reengage_entry {
  uint32_t version;       /**< Set by the caller: #MF_REENGAGE_ENTRY_VERSION. */
  uint64_t rank;          /**< 1-based. */
  mf_str id;              /**< Record id. */
  mf_str reason;          /**< Taxonomy reason of its last loss. */
  mf_str raw_reason;      /**< As the CRM wrote it. */
  int64_t lost_at;        /**< Its last loss, microseconds since the epoch. */
  int64_t due_at;         /**< When it became due. */
  mf_str due_rule;        /**< How due_at was set. */
  double expected_value;  /**< amount × rewin_rate × fit. */
  double amount;          /**< Past amount used. */
  mf_str amount_source;   /**< recorded, column, policy, median_won, none. */
  double rewin_rate;      /**< Re-win rate used. */
  mf_str rate_source;     /**< learned, policy, overall. */
  double fit;             /**< Fit multiplier. */
  int32_t who;            /**< An ::mf_reengage_who. */
  mf_str channel;         /**< Channel. */
  mf_str track;           /**< Content track. */
  mf_str tier;            /**< Tier, if any. */
  uint32_t attempts;      /**< Times lost. */
  int32_t lost_twice;     /**< 1 when its last two losses share the reason. */
  mf_str history;         /**< Each loss, oldest first. */
} mf_reengage_entry;

/** Static initialiser of ::mf_reengage_entry. */
#define MF_REENGAGE_ENTRY_INIT { MF_REENGAGE_ENTRY_VERSION, 0, { "", 0 }, { "", 0 }, { "", 0 }, 0, 0, { "", 0 }, \
    0, 0, { "", 0 }, 0, { "", 0 }, 1, 0, { "", 0 }, { "", 0 }, { "", 0 }, 0, 0, { "", 0 } }

/** Number of records due (0 for NULL). */
MF_API size_t mf_reengagement_queue_count(const mf_reengagement *r);
/** Record @p index of the queue (rank order) into @p out (whose version the caller sets).
 *  @errors #MF_ERANGE for an index past the end; #MF_EINVAL for NULL or an unknown version. */
MF_API int mf_reengagement_entry(const mf_reengagement *r, size_t index, mf_reengage_entry *out);

/** Version of ::mf_reengage_reason this header describes. */
#define MF_REENGAGE_REASON_VERSION 1

/** Lost records of one reason and what became of them. */
typedef struct mf_reengage_reason {
  uint32_t version;            /**< Set by the caller: #MF_REENGAGE_REASON_VERSION. */
  mf_str reason;               /**< Taxonomy reason, or `(unmapped)`. */
  int32_t has_policy;          /**< 1 when the policy covers it. */
  uint64_t lost_records;       /**< Records lost with it. */
  uint64_t due;                /**< In the queue. */
  uint64_t not_yet_due;        /**< Due after as_of. */
  uint64_t cooling_down;       /**< Within the cooldown. */
  uint64_t never;              /**< `never`, not flagged. */
  uint64_t skipped_lost_twice; /**< Lost twice, skipped. */
  uint64_t expired;            /**< Past the expiry. */
  uint64_t no_policy;          /**< No policy for the reason. */
} mf_reengage_reason;

/** Static initialiser of ::mf_reengage_reason. */
#define MF_REENGAGE_REASON_INIT { MF_REENGAGE_REASON_VERSION, { "", 0 }, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/** Number of reason rows (0 for NULL). */
MF_API size_t mf_reengagement_reason_count(const mf_reengagement *r);
/** Reason row @p index into @p out.
 *  @errors #MF_ERANGE past the end; #MF_EINVAL for NULL or an unknown version. */
MF_API int mf_reengagement_reason(const mf_reengagement *r, size_t index, mf_reengage_reason *out);

/** Version of ::mf_reengage_window this header describes. */
#define MF_REENGAGE_WINDOW_VERSION 1

/** Learned figures of one reason (and segment). */
typedef struct mf_reengage_window {
  uint32_t version;              /**< Set by the caller: #MF_REENGAGE_WINDOW_VERSION. */
  mf_str reason;                 /**< Reason. */
  mf_str segment;                /**< Segment; empty: all. */
  uint64_t lost;                 /**< Losses. */
  uint64_t reopened;             /**< Later re-entered the funnel. */
  uint64_t rewon;                /**< Later won. */
  double rewin_rate;             /**< rewon / lost. */
  double rewin_low;              /**< 95% Wilson interval. */
  double rewin_high;             /**< 95% Wilson interval. */
  double median_days_to_reopen;  /**< NaN when none re-opened. */
  double median_days_to_rewin;   /**< NaN when none re-won. */
} mf_reengage_window;

/** Static initialiser of ::mf_reengage_window. */
#define MF_REENGAGE_WINDOW_INIT { MF_REENGAGE_WINDOW_VERSION, { "", 0 }, { "", 0 }, 0, 0, 0, 0, 0, 0, 0, 0 }

/** Number of window rows (0 for NULL). */
MF_API size_t mf_reengagement_window_count(const mf_reengagement *r);
/** Window row @p index into @p out.
 *  @errors #MF_ERANGE past the end; #MF_EINVAL for NULL or an unknown version. */
MF_API int mf_reengagement_window(const mf_reengagement *r, size_t index, mf_reengage_window *out);

/** Loss texts the taxonomy does not know, as a count of distinct texts and
 *  losses; either pointer may be NULL. */
MF_API int mf_reengagement_unmapped(const mf_reengagement *r, uint64_t *texts, uint64_t *losses);

/** One table as CSV (columns as `modelfunnel reengage --format csv --table …`).
 *  @errors #MF_EINVAL for an unknown ::mf_reengage_table.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_reengagement_csv(mf_text **out, const mf_reengagement *r, int32_t table);
/** Everything as one JSON document. @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_reengagement_json(mf_text **out, const mf_reengagement *r);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* MF_EXPERIMENTAL */
