/**
 * @file qualify.h
 * @brief Lead qualification (experimental): BANT and company rules deciding
 * whether each lead is qualified, nurtured or disqualified, with the reason.
 *
 * Experimental: the declarations are visible only with `MF_EXPERIMENTAL`
 * defined before any modelfunnel header, and may change or go in any
 * release (docs/c-api.md, "Stable and experimental"). docs/qualify.md
 * describes the rule file and every decision.
 *
 * One record at a time, from a CRM's save hook:
 *
 * @code
 * #define MF_EXPERIMENTAL
 * #include <modelfunnel/modelfunnel.h>
 *
 * static const mf_qualify_field fields[] = {
 *   {"channel", 7, MF_ATTR_STRING}, {"need_ok", 7, MF_ATTR_BOOL}};
 * mf_qualify_rules *rules = NULL;
 * mf_qualify_decision *d = NULL;
 * if (mf_qualify_rules_parse_schema(&rules, json, json_len, fields, 2) != MF_OK ||
 *     mf_qualify_decision_new(&d) != MF_OK) { ... mf_last_error() ... }
 * // once per save: the values in the order of `fields`
 * mf_value v[2] = {{1, MF_ATTR_STRING, {"web", 3}, 0, 0}, {0, MF_ATTR_BOOL, {"", 0}, 0, 0}};
 * int decision;
 * mf_str reason;
 * mf_qualify_record(d, rules, v, 2, 0, 0.0, 1, now_us);
 * mf_qualify_decision_get(d, &decision, NULL, NULL, &reason, NULL, NULL, NULL);
 * mf_qualify_decision_free(d);
 * mf_qualify_rules_free(rules);
 * @endcode
 */
#ifndef MODELFUNNEL_QUALIFY_H
#define MODELFUNNEL_QUALIFY_H

#include "modelfunnel/common.h"
#include "modelfunnel/dataset.h"
#include "modelfunnel/figures.h"
#include "modelfunnel/graph.h"

#endif /* MODELFUNNEL_QUALIFY_H */

#if defined(MF_EXPERIMENTAL) && !defined(MODELFUNNEL_QUALIFY_H_EXPERIMENTAL)
/** Set once the experimental declarations below have been read. */
#define MODELFUNNEL_QUALIFY_H_EXPERIMENTAL

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup c_qualify Qualification (experimental)
 *  @ingroup mf_c
 *  Decide leads by a rule file (the C++ qualify(); docs/qualify.md). Parse
 *  and check a rule file into an ::mf_qualify_rules handle — against a data
 *  set's attributes or a list of fields — then decide one record from its
 *  values with mf_qualify_record(), or every record of a data set with
 *  mf_qualify_compute(). A decision with its explanation (each criterion's
 *  value, the deciding rule, the nurture track and re-check date, the
 *  criteria to ask about next) is read from an ::mf_qualify_decision, which
 *  the caller makes once and reuses.
 *  @{ */

/** A criterion's value. Values are ordered fail < unknown < pass. */
typedef enum mf_qualify_truth {
  MF_QUALIFY_FAIL = 0,    /**< Known not to hold. */
  MF_QUALIFY_UNKNOWN = 1, /**< A value it needs is missing. */
  MF_QUALIFY_PASS = 2     /**< Known to hold. */
} mf_qualify_truth;

/** What becomes of a lead. New values may be added. */
typedef enum mf_qualify_outcome {
  MF_QUALIFY_QUALIFIED = 0,    /**< Hand on to field sales now. */
  MF_QUALIFY_NURTURE = 1,      /**< A nurture track and a re-check date. */
  MF_QUALIFY_DISQUALIFIED = 2, /**< A disqualify rule passed. */
  MF_QUALIFY_NO_RULE_SET = 3   /**< No rule set applies to the record. */
} mf_qualify_outcome;

/** The BANT item a criterion checks. */
typedef enum mf_qualify_bant {
  MF_QUALIFY_BANT_NONE = 0,      /**< A company rule. */
  MF_QUALIFY_BANT_BUDGET = 1,    /**< Budget. */
  MF_QUALIFY_BANT_AUTHORITY = 2, /**< Authority. */
  MF_QUALIFY_BANT_NEED = 3,      /**< Need. */
  MF_QUALIFY_BANT_TIMELINE = 4   /**< Timeline. */
} mf_qualify_bant;

/** How a record's rule set was chosen. */
typedef enum mf_qualify_set_choice {
  MF_QUALIFY_SET_MATCHED = 0,          /**< Its `when` passed. */
  MF_QUALIFY_SET_FALLBACK = 1,         /**< The set without `when`; every earlier `when` failed. */
  MF_QUALIFY_SET_FALLBACK_UNKNOWN = 2, /**< The set without `when`; an earlier `when` was unknown. */
  MF_QUALIFY_SET_NONE = 3              /**< No set applies. */
} mf_qualify_set_choice;

/** The tables of mf_qualify_csv(). */
typedef enum mf_qualify_table {
  MF_QUALIFY_TABLE_DECISIONS = 0, /**< One row per record, one column per criterion id. */
  MF_QUALIFY_TABLE_SUMMARY = 1    /**< Records per rule set, decision and rule. */
} mf_qualify_table;

/** An attribute a rule file may test, for mf_qualify_rules_parse_schema(). */
typedef struct mf_qualify_field {
  const char *name; /**< UTF-8 name. */
  size_t name_len;  /**< Byte length of @p name. */
  int32_t type;     /**< Its ::mf_attribute_type. */
} mf_qualify_field;

/** A checked, compiled rule file. Immutable: may be used from many threads at once. */
typedef struct mf_qualify_rules mf_qualify_rules;

/** Parses and checks the rule file @p json against the attributes of @p data.
 *  @errors #MF_EDATA with the JSON path and rule id for any mistake in the
 *  file (docs/qualify.md lists the checks, contradictory and unreachable
 *  rules included); #MF_EINVAL for NULL arguments or invalid UTF-8.
 *  @ownership The caller frees `*out` with mf_qualify_rules_free(). */
MF_API int mf_qualify_rules_parse(mf_qualify_rules **out, const char *json, size_t json_len,
                                  const mf_dataset *data);

/** Parses and checks @p json against @p field_count attributes @p fields
 *  (a CRM's own record layout); mf_qualify_record() then takes one value
 *  per field, in this order.
 *  @errors as mf_qualify_rules_parse(); #MF_EINVAL for an unknown type. */
MF_API int mf_qualify_rules_parse_schema(mf_qualify_rules **out, const char *json,
                                         size_t json_len, const mf_qualify_field *fields,
                                         size_t field_count);

/** Reads the rule file at @p path and parses it against @p data's attributes.
 *  @errors #MF_ENOTFOUND / #MF_EIO when it cannot be read; else as
 *  mf_qualify_rules_parse(). */
MF_API int mf_qualify_rules_load_file(mf_qualify_rules **out, const char *path, size_t path_len,
                                      const mf_dataset *data);

/** Releases @p rules; NULL is ignored. Decisions and results made with them stay valid. */
MF_API void mf_qualify_rules_free(mf_qualify_rules *rules);

/** Number of attributes the rules were checked against (0 for NULL). */
MF_API size_t mf_qualify_rules_field_count(const mf_qualify_rules *rules);

/** Attribute @p index: its name and ::mf_attribute_type (outputs may be NULL).
 *  @errors #MF_ERANGE for a bad index. @ownership View owned by @p rules. */
MF_API int mf_qualify_rules_field(const mf_qualify_rules *rules, size_t index, mf_str *name,
                                  int *type);

/** Number of rule sets (0 for NULL). */
MF_API size_t mf_qualify_rules_set_count(const mf_qualify_rules *rules);

/** Rule set @p set: its id, whether it is the fallback (no `when`), and
 *  its number of criteria (outputs may be NULL).
 *  @errors #MF_ERANGE for a bad index. */
MF_API int mf_qualify_rules_set(const mf_qualify_rules *rules, size_t set, mf_str *id,
                                int *fallback, size_t *criterion_count);

/** Criterion @p criterion of rule set @p set: its id and ::mf_qualify_bant.
 *  @errors #MF_ERANGE for a bad index. */
MF_API int mf_qualify_rules_criterion(const mf_qualify_rules *rules, size_t set,
                                      size_t criterion, mf_str *id, int *bant);

/** 1 when a criterion tests the lead score, else 0 (also for NULL). */
MF_API int mf_qualify_rules_uses_score(const mf_qualify_rules *rules);

/** A decision with its explanation; reusable (filling it again reuses its
 *  memory). Not thread-safe: one decision per thread. */
typedef struct mf_qualify_decision mf_qualify_decision;

/** Makes an empty decision (#MF_QUALIFY_NO_RULE_SET).
 *  @ownership The caller frees `*out` with mf_qualify_decision_free(). */
MF_API int mf_qualify_decision_new(mf_qualify_decision **out);

/** Releases @p decision; NULL is ignored. */
MF_API void mf_qualify_decision_free(mf_qualify_decision *decision);

/** Decides one record into @p out: @p value_count values, one per field of
 *  @p rules in order (mf_qualify_rules_field()), `present` 0 for a missing
 *  one; the lead score when @p has_score (NaN counts as none); "now" for
 *  the re-check date when @p has_as_of (µs since the epoch). Allocates
 *  nothing once @p out has held a decision of this size.
 *  @errors #MF_EINVAL for NULL arguments, a wrong number of values, a value
 *  whose type is not its field's, invalid UTF-8, a bool other than 0 or 1.
 *  @threadsafety Any thread, with a decision of its own. */
MF_API int mf_qualify_record(mf_qualify_decision *out, const mf_qualify_rules *rules,
                             const mf_value *values, size_t value_count, int has_score,
                             double score, int has_as_of, int64_t as_of);

/** The decision (outputs may be NULL): its ::mf_qualify_outcome, its
 *  ::mf_qualify_set_choice, the rule set's id, the deciding rule's id (the
 *  reason), the nurture track, and the re-check date (µs; @p has_recheck
 *  0 unless nurtured with an `as_of`). Views are empty where there is none.
 *  @ownership Views owned by @p decision, valid until it is filled again or freed. */
MF_API int mf_qualify_decision_get(const mf_qualify_decision *decision, int *outcome,
                                   int *set_choice, mf_str *rule_set, mf_str *reason,
                                   mf_str *track, int *has_recheck, int64_t *recheck);

/** Number of criteria of the decision's rule set (0 for NULL or no set). */
MF_API size_t mf_qualify_decision_criterion_count(const mf_qualify_decision *decision);

/** Criterion @p index: its id, ::mf_qualify_bant and ::mf_qualify_truth value.
 *  @errors #MF_ERANGE for a bad index. */
MF_API int mf_qualify_decision_criterion(const mf_qualify_decision *decision, size_t index,
                                         mf_str *id, int *bant, int *value);

/** Number of criteria worth asking about next (nurtured records only). */
MF_API size_t mf_qualify_decision_ask_count(const mf_qualify_decision *decision);

/** Criterion @p index of the ones to ask about next: its id and its
 *  position among the set's criteria (outputs may be NULL).
 *  @errors #MF_ERANGE for a bad index. */
MF_API int mf_qualify_decision_ask(const mf_qualify_decision *decision, size_t index, mf_str *id,
                                   size_t *criterion);

/** Version of ::mf_qualify_options this header describes. */
#define MF_QUALIFY_OPTIONS_VERSION 1

/** Options for mf_qualify_compute(). */
typedef struct mf_qualify_options {
  uint32_t version;        /**< #MF_QUALIFY_OPTIONS_VERSION. */
  int32_t has_as_of;       /**< 1 when @p as_of is set (default: the latest event). */
  int64_t as_of;           /**< "Now" for re-check dates, µs since the epoch. */
  const double *scores;    /**< The lead score per record (NaN: none), or NULL. */
  size_t score_count;      /**< Number of @p scores: 0 or the record count. */
  const char *score_attribute;  /**< Or: a double attribute holding the score. */
  size_t score_attribute_len;   /**< Byte length of @p score_attribute. */
  uint32_t threads;        /**< Threads the computation may use; 0: as many as the hardware has. */
} mf_qualify_options;

/** Static initialiser of ::mf_qualify_options with the defaults. */
#define MF_QUALIFY_OPTIONS_INIT { MF_QUALIFY_OPTIONS_VERSION, 0, 0, NULL, 0, NULL, 0, 0 }

/** Initialises @p opts to the defaults of @p version.
 *  @errors #MF_EINVAL for NULL or a version this library does not know. */
MF_API int mf_qualify_options_init(mf_qualify_options *opts, uint32_t version);

/** The decisions about every record of a data set. Immutable. */
typedef struct mf_qualify_result mf_qualify_result;

/** Decides every record of @p data by @p rules.
 *  @param[out] out the result.
 *  @param data     the data set.
 *  @param rules    rules checked against @p data's attributes.
 *  @param opts     options, or NULL for the defaults.
 *  @errors #MF_EINVAL for NULL arguments, an unknown options version, rules
 *  checked against other attribute types, scores not one per record, a
 *  score attribute that is not a double attribute, rules that test the
 *  score without one.
 *  @ownership The caller frees `*out` with mf_qualify_result_free(); it
 *  does not refer to @p data, @p rules or @p opts afterwards.
 *  @threadsafety Any thread. */
MF_API int mf_qualify_compute(mf_qualify_result **out, const mf_dataset *data,
                              const mf_qualify_rules *rules, const mf_qualify_options *opts);

/** Releases @p result; NULL is ignored. */
MF_API void mf_qualify_result_free(mf_qualify_result *result);

/** Number of records decided (0 for NULL). */
MF_API size_t mf_qualify_result_record_count(const mf_qualify_result *result);

/** Fills @p out with the decision about record @p record.
 *  @errors #MF_ERANGE for a bad record index. */
MF_API int mf_qualify_result_record(mf_qualify_decision *out, const mf_qualify_result *result,
                                    size_t record);

/** The ::mf_qualify_outcome of every record, one byte each, by record index
 *  (NULL for NULL). @ownership Owned by @p result. */
MF_API const uint8_t *mf_qualify_result_outcomes(const mf_qualify_result *result);

/** Number of rows of the summary: records per rule set, outcome and rule. */
MF_API size_t mf_qualify_summary_count(const mf_qualify_result *result);

/** Summary row @p index (outputs may be NULL).
 *  @errors #MF_ERANGE for a bad index. */
MF_API int mf_qualify_summary(const mf_qualify_result *result, size_t index, mf_str *rule_set,
                              int *outcome, mf_str *reason, uint64_t *records);

/** One ::mf_qualify_table of @p result as CSV.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_qualify_csv(mf_text **out, const mf_qualify_result *result, int table);

/** Everything as one JSON document.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_qualify_json(mf_text **out, const mf_qualify_result *result);

/* ------------------------------------------------------------------------ */
/* Learning from outcomes. A record is won when it reached a won stage of the
 * graph, lost when not won and its latest event at a known stage is at a
 * lost stage; closed when either (docs/qualify.md, "Lift"). */

/** Version of ::mf_qualify_lift_options this header describes. */
#define MF_QUALIFY_LIFT_OPTIONS_VERSION 1

/** Options for mf_qualify_lift_compute() and mf_qualify_diff_compute(). */
typedef struct mf_qualify_lift_options {
  uint32_t version;     /**< #MF_QUALIFY_LIFT_OPTIONS_VERSION. */
  uint32_t threads;     /**< Threads the outcome scan may use; 0: as many as the hardware has. */
  uint64_t min_sample;  /**< Win rates on fewer closed records are small samples (default 30). */
} mf_qualify_lift_options;

/** Static initialiser of ::mf_qualify_lift_options with the defaults. */
#define MF_QUALIFY_LIFT_OPTIONS_INIT { MF_QUALIFY_LIFT_OPTIONS_VERSION, 0, 30 }

/** Initialises @p opts to the defaults of @p version.
 *  @errors #MF_EINVAL for NULL or a version this library does not know. */
MF_API int mf_qualify_lift_options_init(mf_qualify_lift_options *opts, uint32_t version);

/** The tables of mf_qualify_lift_csv(). */
typedef enum mf_qualify_lift_table {
  MF_QUALIFY_LIFT_CRITERIA = 0, /**< Per set, criterion and value. */
  MF_QUALIFY_LIFT_DECISIONS = 1 /**< Per set and decision. */
} mf_qualify_lift_table;

/** The lift of every criterion: win rates when it passed, failed or was unknown. */
typedef struct mf_qualify_lift mf_qualify_lift;

/** Computes the lift of @p result's criteria, outcomes read against @p graph.
 *  @param[out] out the lift.
 *  @param result   the decisions.
 *  @param graph    the stage graph the outcomes are read against.
 *  @param opts     options, or NULL for the defaults.
 *  @ownership The caller frees `*out` with mf_qualify_lift_free(). */
MF_API int mf_qualify_lift_compute(mf_qualify_lift **out, const mf_qualify_result *result,
                                   const mf_graph *graph, const mf_qualify_lift_options *opts);

/** Releases @p lift; NULL is ignored. */
MF_API void mf_qualify_lift_free(mf_qualify_lift *lift);

/** Number of criterion rows: per set, criterion and value (pass, fail, unknown). */
MF_API size_t mf_qualify_lift_count(const mf_qualify_lift *lift);

/** Criterion row @p index (outputs may be NULL): set and criterion ids, its
 *  ::mf_qualify_bant, the ::mf_qualify_truth value, records, closed, won,
 *  won revenue (ten-thousandths), the win rate (won / closed; set its
 *  version first) and the lift (the win rate over the fail row's; NaN when
 *  undefined).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for an unknown mf_rate version. */
MF_API int mf_qualify_lift_row(const mf_qualify_lift *lift, size_t index, mf_str *rule_set,
                               mf_str *criterion, int *bant, int *value, uint64_t *records,
                               uint64_t *closed, uint64_t *won, int64_t *won_revenue,
                               mf_rate *win_rate, double *lift_ratio);

/** One ::mf_qualify_lift_table as CSV.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_qualify_lift_csv(mf_text **out, const mf_qualify_lift *lift, int table);

/** Both tables as one JSON document.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_qualify_lift_json(mf_text **out, const mf_qualify_lift *lift);

/** How two rule files decide the same records differently. */
typedef struct mf_qualify_diff mf_qualify_diff;

/** Compares @p before and @p after (results over the same records), with
 *  the outcomes (read against @p graph) on each move.
 *  @errors #MF_EINVAL when the results are not over the same records.
 *  @ownership The caller frees `*out` with mf_qualify_diff_free(). */
MF_API int mf_qualify_diff_compute(mf_qualify_diff **out, const mf_qualify_result *before,
                                   const mf_qualify_result *after, const mf_graph *graph,
                                   const mf_qualify_lift_options *opts);

/** Releases @p diff; NULL is ignored. */
MF_API void mf_qualify_diff_free(mf_qualify_diff *diff);

/** Number of moves: (before, after) pairs with records. */
MF_API size_t mf_qualify_diff_count(const mf_qualify_diff *diff);

/** Move @p index (outputs may be NULL): the ::mf_qualify_outcome before and
 *  after, records, closed, won and won revenue (ten-thousandths).
 *  @errors #MF_ERANGE for a bad index. */
MF_API int mf_qualify_diff_move(const mf_qualify_diff *diff, size_t index, int *before, int *after,
                                uint64_t *records, uint64_t *closed, uint64_t *won,
                                int64_t *won_revenue);

/** The moves as CSV. @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_qualify_diff_csv(mf_text **out, const mf_qualify_diff *diff);

/** The moves as JSON. @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_qualify_diff_json(mf_text **out, const mf_qualify_diff *diff);

/* ------------------------------------------------------------------------ */
/* Routing: qualified leads get an owner (docs/qualify.md, "Routing"). */

/** How qualified leads are shared among reps. */
typedef enum mf_qualify_route_method {
  MF_QUALIFY_ROUTE_ROUND_ROBIN = 0,  /**< Reps in turn. */
  MF_QUALIFY_ROUTE_LEAST_LOADED = 1, /**< The rep with the smallest share of its capacity used. */
  MF_QUALIFY_ROUTE_TERRITORY = 2,    /**< Each territory's reps in turn (needs a territory attribute). */
  MF_QUALIFY_ROUTE_OPTIMAL = 3       /**< The most leads placed, highest priority first. */
} mf_qualify_route_method;

/** Why a qualified lead has its owner, or none. */
typedef enum mf_qualify_route_status {
  MF_QUALIFY_ROUTE_PLACED = 0,              /**< It has an owner. */
  MF_QUALIFY_ROUTE_NO_REP_IN_TERRITORY = 1, /**< No rep covers its territory. */
  MF_QUALIFY_ROUTE_TERRITORY_UNKNOWN = 2,   /**< Its territory is missing and no rep covers all. */
  MF_QUALIFY_ROUTE_ALL_FULL = 3             /**< Every rep it could go to is at capacity. */
} mf_qualify_route_status;

/** The routing of every qualified lead of a result. Immutable. */
typedef struct mf_qualify_routing mf_qualify_routing;

/** Routes the qualified leads of @p result to the reps of @p reps_csv (a
 *  CSV text: rep_id, team, territory, capacity), by ::mf_qualify_route_method
 *  @p method, matching the string attribute @p territory_by (empty: none)
 *  against the reps' territories. Leads go in priority order: score, then
 *  record order.
 *  @errors #MF_EDATA for a bad reps CSV (with its line); #MF_EINVAL for an
 *  unknown method, no reps, a territory attribute that is not a string
 *  attribute, or the territory method without one.
 *  @ownership The caller frees `*out` with mf_qualify_routing_free(). */
MF_API int mf_qualify_route(mf_qualify_routing **out, const mf_qualify_result *result,
                            const char *reps_csv, size_t reps_csv_len, int method,
                            const char *territory_by, size_t territory_by_len);

/** Releases @p routing; NULL is ignored. */
MF_API void mf_qualify_routing_free(mf_qualify_routing *routing);

/** Number of qualified leads, in priority order (0 for NULL). */
MF_API size_t mf_qualify_routing_lead_count(const mf_qualify_routing *routing);

/** Lead @p index in priority order (outputs may be NULL): its record index,
 *  its owner's rep_id (empty when none) and its ::mf_qualify_route_status.
 *  @errors #MF_ERANGE for a bad index. @ownership View owned by @p routing. */
MF_API int mf_qualify_routing_lead(const mf_qualify_routing *routing, size_t index, uint32_t *record,
                                   mf_str *owner, int *status);

/** The leads (@p reps_table 0) or the reps with their loads (1) as CSV.
 *  @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_qualify_routing_csv(mf_text **out, const mf_qualify_routing *routing, int reps_table);

/** @} */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* MF_EXPERIMENTAL */
