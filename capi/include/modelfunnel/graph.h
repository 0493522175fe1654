/**
 * @file graph.h
 * @brief Stage graphs: The Model's preset, graphs from JSON, their stages,
 * teams and transitions, and a builder.
 *
 * @code
 * mf_graph *graph = NULL;
 * if (mf_graph_the_model(&graph) == MF_OK)
 *   printf("%zu stages\n", mf_graph_stage_count(graph));
 * mf_graph_free(graph);
 * @endcode
 */
#ifndef MODELFUNNEL_GRAPH_H
#define MODELFUNNEL_GRAPH_H

#include "modelfunnel/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup c_graph Stage graphs
 *  @ingroup mf_c
 *  @{ */

/** What reaching a stage means. Values are frozen. */
typedef enum mf_stage_kind {
  MF_STAGE_OPEN = 0,    /**< Work in progress. */
  MF_STAGE_WON = 1,     /**< A contract. */
  MF_STAGE_LOST = 2,    /**< Disqualified or lost. */
  MF_STAGE_NURTURE = 3  /**< Kept warm until ready. */
} mf_stage_kind;

/** Forecast category of a stage. Values are frozen. */
typedef enum mf_forecast_category {
  MF_FORECAST_NONE = -1,    /**< The stage has no forecast category. */
  MF_FORECAST_PIPELINE = 0, /**< Early, low confidence. */
  MF_FORECAST_BEST_CASE = 1,/**< Could close this period. */
  MF_FORECAST_COMMIT = 2,   /**< Expected to close. */
  MF_FORECAST_CLOSED = 3,   /**< Won. */
  MF_FORECAST_OMITTED = 4   /**< Excluded from the forecast. */
} mf_forecast_category;

/** What kind of move a transition is. Values are frozen. */
typedef enum mf_transition_kind {
  MF_TRANSITION_ADVANCE = 0, /**< Forward along the funnel. */
  MF_TRANSITION_NURTURE = 1, /**< Into nurture. */
  MF_TRANSITION_RECYCLE = 2, /**< Back into the funnel from nurture or lost. */
  MF_TRANSITION_LOST = 3,    /**< Disqualified or lost. */
  MF_TRANSITION_REOPEN = 4   /**< A lost deal taken up again. */
} mf_transition_kind;

/** A validated, immutable stage graph. */
typedef struct mf_graph mf_graph;
/** Collects stages and transitions for mf_graph_builder_build(). */
typedef struct mf_graph_builder mf_graph_builder;

/** Creates The Model's preset graph (see the C++ StageGraph::the_model()).
 *  @errors #MF_EINVAL when @p out is NULL.
 *  @ownership The caller frees `*out` with mf_graph_free(). */
MF_API int mf_graph_the_model(mf_graph **out);

/** Parses and validates a graph from JSON (schema: docs/stage-graph.md).
 *  @errors #MF_EDATA with the JSON path or the validation problems.
 *  @ownership The caller frees `*out` with mf_graph_free(). */
MF_API int mf_graph_from_json(mf_graph **out, const char *json, size_t json_len);

/** Reads a graph JSON file. @errors #MF_EIO / #MF_ENOTFOUND for the file,
 *  #MF_EDATA for its content.
 *  @ownership The caller frees `*out` with mf_graph_free(). */
MF_API int mf_graph_load_file(mf_graph **out, const char *path, size_t path_len);

/** Releases @p graph; NULL is ignored. */
MF_API void mf_graph_free(mf_graph *graph);

/** The graph as JSON. @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_graph_to_json(mf_text **out, const mf_graph *graph);

/** The graph as Graphviz DOT. @ownership The caller frees `*out` with mf_text_free(). */
MF_API int mf_graph_to_dot(mf_text **out, const mf_graph *graph);

/** Number of stages (0 for NULL). */
MF_API size_t mf_graph_stage_count(const mf_graph *graph);

/** Reads stage @p index (declaration order).
 *  @param graph          the graph.
 *  @param index          stage index, below mf_graph_stage_count().
 *  @param[out] id        the stage id, a view owned by @p graph (may be NULL).
 *  @param[out] name      the display name, a view owned by @p graph (may be NULL).
 *  @param[out] kind      the ::mf_stage_kind (may be NULL).
 *  @errors #MF_ERANGE for a bad index, #MF_EINVAL for a NULL graph. */
MF_API int mf_graph_stage(const mf_graph *graph, size_t index, mf_str *id, mf_str *name,
                          int *kind);

/** The forecast of stage @p index.
 *  @param graph                the graph.
 *  @param index                stage index, below mf_graph_stage_count().
 *  @param[out] has_probability 1 when the stage has a probability (may be NULL).
 *  @param[out] probability     the probability in [0, 1], 0 when absent (may be NULL).
 *  @param[out] category        an ::mf_forecast_category, #MF_FORECAST_NONE when absent (may be NULL). */
MF_API int mf_graph_stage_forecast(const mf_graph *graph, size_t index, int *has_probability,
                                   double *probability, int *category);

/** Number of teams owning stage @p index (0 for a bad index). */
MF_API size_t mf_graph_stage_team_count(const mf_graph *graph, size_t index);

/** Team @p team of stage @p index. @ownership View owned by @p graph. */
MF_API int mf_graph_stage_team(const mf_graph *graph, size_t index, size_t team, mf_str *out);

/** The index of the stage with id @p id. @errors #MF_ENOTFOUND when absent. */
MF_API int mf_graph_find_stage(const mf_graph *graph, const char *id, size_t id_len,
                               size_t *out_index);

/** Number of transitions (0 for NULL). */
MF_API size_t mf_graph_transition_count(const mf_graph *graph);

/** Transition @p index: its two stage indexes and its ::mf_transition_kind
 *  (any output may be NULL). */
MF_API int mf_graph_transition(const mf_graph *graph, size_t index, size_t *from, size_t *to,
                               int *kind);

/** The index of the entry stage. */
MF_API int mf_graph_entry_stage(const mf_graph *graph, size_t *out_index);

/** Number of distinct teams owning stages (0 for NULL). */
MF_API size_t mf_graph_team_count(const mf_graph *graph);

/** Team @p index, in order of first appearance among the stages.
 *  @ownership View owned by @p graph. */
MF_API int mf_graph_team(const mf_graph *graph, size_t index, mf_str *out);

/** Number of stages on the main path (0 for NULL). */
MF_API size_t mf_graph_main_path_length(const mf_graph *graph);

/** The stage index at @p position of the main path (topological order of
 *  advance edges). */
MF_API int mf_graph_main_path_stage(const mf_graph *graph, size_t position, size_t *out_index);

/** Whether transition @p index is a hand-off (an advance or recycle move
 *  between stages owned by different teams): `*out` is 1 or 0. */
MF_API int mf_graph_transition_is_handoff(const mf_graph *graph, size_t index, int *out);

/** Whether a won stage is reachable from stage @p index: `*out` is 1 or 0. */
MF_API int mf_graph_stage_reaches_won(const mf_graph *graph, size_t index, int *out);

/** Starts an empty graph description.
 *  @ownership The caller frees `*out` with mf_graph_builder_free(). */
MF_API int mf_graph_builder_new(mf_graph_builder **out);

/** Releases @p builder; NULL is ignored. */
MF_API void mf_graph_builder_free(mf_graph_builder *builder);

/** Adds a stage owned by one team; add more teams with
 *  mf_graph_builder_add_team(). @p name may be empty (defaults to the id).
 *  @p probability is ignored unless @p has_probability; @p category may be
 *  #MF_FORECAST_NONE. Problems with the graph as a whole are reported by
 *  mf_graph_builder_build().
 *  @errors #MF_EINVAL for a NULL builder, invalid UTF-8 or an unknown enum value. */
MF_API int mf_graph_builder_add_stage(mf_graph_builder *builder, const char *id, size_t id_len,
                                      const char *name, size_t name_len, const char *team,
                                      size_t team_len, int kind, int has_probability,
                                      double probability, int category);

/** Adds another owning team to the stage @p stage_id added before.
 *  @errors #MF_ENOTFOUND when no such stage was added. */
MF_API int mf_graph_builder_add_team(mf_graph_builder *builder, const char *stage_id,
                                     size_t stage_id_len, const char *team, size_t team_len);

/** Adds a transition (stage ids are checked by mf_graph_builder_build()). */
MF_API int mf_graph_builder_add_transition(mf_graph_builder *builder, const char *from,
                                           size_t from_len, const char *to, size_t to_len,
                                           int kind);

/** Validates the description and creates the graph; the builder is unchanged
 *  and may be reused.
 *  @errors #MF_EDATA listing every validation problem.
 *  @ownership The caller frees `*out` with mf_graph_free(). */
MF_API int mf_graph_builder_build(mf_graph **out, const mf_graph_builder *builder);

/** @} */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* MODELFUNNEL_GRAPH_H */
