// The attribution tables for people, shared by `modelfunnel attribution`
// and `modelfunnel demo`.
#pragma once

#include "output.hpp"
#include "modelfunnel/attribution.hpp"

namespace modelfunnel::cli {

/// Tables `attribution_totals`, `credits` and, when the data names
/// campaigns, `campaign_costs` (for the linear model, else the first).
void add_attribution_tables(Report& report, const Attribution& result);

/// The demo's compact view: conversions credited per channel, one column
/// per model (`attribution`), and the ten campaigns the linear model
/// credits most value to, with cost per win and ROI (`campaign_roi`).
void add_attribution_demo_tables(Report& report, const Attribution& result);

/// Notes on what was left out (touches after conversion, conversions with
/// no touch, ...).
void add_attribution_notes(Report& report, const Attribution& result);

}  // namespace modelfunnel::cli
