# The ingest layer's sources, for src/sources.cmake (paths from src/).
# src/ingest/pipeline/ is the loaders' fast-path machinery: nothing outside
# src/ingest/ includes it, or names it.
set(MODELFUNNEL_INGEST_SOURCES
  ingest/csv_reader.cpp
  ingest/field_updates.cpp
  ingest/draft/column_profile.cpp
  ingest/draft/draft_text.cpp
  ingest/draft/file_sample.cpp
  ingest/draft/history_guess.cpp
  ingest/draft/mapping_draft.cpp
  ingest/draft/table_guess.cpp
  ingest/draft/table_kinds.cpp
  ingest/csv_columns.cpp
  ingest/csv_table.cpp
  ingest/load.cpp
  ingest/load_context.cpp
  ingest/load_events.cpp
  ingest/load_history.cpp
  ingest/load_records.cpp
  ingest/load_side.cpp
  ingest/load_touches.cpp
  ingest/load_wide.cpp
  ingest/mapping.cpp
  ingest/mapping_json.cpp
  ingest/mapping_schema.cpp
  ingest/quality_findings.cpp
  ingest/row_error.cpp
  ingest/pipeline/event_id_lookup.cpp
  ingest/pipeline/event_staging.cpp
  ingest/pipeline/record_batch.cpp)
