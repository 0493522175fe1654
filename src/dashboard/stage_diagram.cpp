// The stage graph as a diagram: the main path top to bottom, each stage
// coloured by its team, the stages off the main path (lost, nurture) beside
// it with the moves into them; every transition also as a table.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dashboard/html_text.hpp"
#include "dashboard/sections.hpp"

namespace modelfunnel::internal::dashboard {
namespace {

constexpr int kW = 400, kBoxW = 180, kBoxH = 34, kGap = 18, kSideX = 240, kSideW = 150;
constexpr int kTeamColours = 6;  // palette slots in the CSS (Okabe-Ito)

const char* kind_name(TransitionKind k) {
  switch (k) {
    case TransitionKind::kAdvance: return "advance";
    case TransitionKind::kNurture: return "nurture";
    case TransitionKind::kRecycle: return "recycle";
    case TransitionKind::kLost: return "lost";
    case TransitionKind::kReopen: return "reopen";
    default: return "other";
  }
}

}  // namespace

std::optional<Section> stage_graph_section(const DashboardInputs& in) {
  const StageGraph& graph = *in.graph;
  const std::vector<std::string_view> main = graph.main_path();
  if (main.empty()) return std::nullopt;
  const std::vector<std::string_view> teams = graph.teams();
  const auto team_slot = [&](std::string_view stage) {
    const auto owners = graph.teams_of(stage);
    if (owners.empty()) return 0;
    const auto it = std::find(teams.begin(), teams.end(), std::string_view(owners.front()));
    return static_cast<int>(it - teams.begin()) % kTeamColours;
  };
  std::vector<std::string_view> side;
  for (const Stage& s : graph.stages())
    if (std::find(main.begin(), main.end(), std::string_view(s.id)) == main.end()) side.push_back(s.id);
  const auto main_y = [&](std::string_view id) {
    const auto i = std::find(main.begin(), main.end(), id) - main.begin();
    return static_cast<int>(i) * (kBoxH + kGap) + 4;
  };
  const int side_step = side.empty() ? 0 : std::max<int>(kBoxH + kGap, static_cast<int>(main.size()) * (kBoxH + kGap) / static_cast<int>(side.size()));
  const auto side_y = [&](std::string_view id) {
    const auto i = std::find(side.begin(), side.end(), id) - side.begin();
    return static_cast<int>(i) * side_step + side_step / 2 - kBoxH / 2 + 4;
  };
  const int height = std::max(static_cast<int>(main.size()) * (kBoxH + kGap),
                              static_cast<int>(side.size()) * side_step) + 8;
  std::string svg = absl::StrCat("<svg class=\"chart graph\" viewBox=\"0 0 ", kW, " ", height,
                                 "\" role=\"img\" aria-label=\"The stage graph (transitions listed below)\">"
                                 "<defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" "
                                 "markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0 0L8 4L0 8z\" "
                                 "class=\"arrowhead\"/></marker></defs>");
  // Edges first, so boxes sit on top of them.
  for (const Transition& t : graph.transitions()) {
    const bool from_main = std::find(main.begin(), main.end(), std::string_view(t.from)) != main.end();
    const bool to_main = std::find(main.begin(), main.end(), std::string_view(t.to)) != main.end();
    int x1, y1, x2, y2;
    if (from_main && to_main) {
      if (t.kind == TransitionKind::kAdvance && main_y(t.to) - main_y(t.from) == kBoxH + kGap) {
        x1 = x2 = 10 + kBoxW / 2;
        y1 = main_y(t.from) + kBoxH;
        y2 = main_y(t.to);
      } else {  // a skip or a move back along the path: on the left margin
        x1 = x2 = 6;
        y1 = main_y(t.from) + kBoxH / 2;
        y2 = main_y(t.to) + kBoxH / 2;
      }
    } else if (from_main) {
      x1 = 10 + kBoxW; y1 = main_y(t.from) + kBoxH / 2; x2 = kSideX; y2 = side_y(t.to) + kBoxH / 2;
    } else if (to_main) {
      x1 = kSideX; y1 = side_y(t.from) + kBoxH / 2 + 6; x2 = 10 + kBoxW; y2 = main_y(t.to) + kBoxH / 2 + 6;
    } else {
      x1 = kSideX + kSideW / 2; y1 = side_y(t.from) + kBoxH; x2 = x1; y2 = side_y(t.to);
    }
    absl::StrAppend(&svg, "<line x1=\"", x1, "\" y1=\"", y1, "\" x2=\"", x2, "\" y2=\"", y2,
                    "\" class=\"edge ", kind_name(t.kind), "\" marker-end=\"url(#arrow)\"/>");
  }
  const auto box = [&](std::string_view id, int x, int y, int w) {
    absl::StrAppend(&svg, "<rect x=\"", x, "\" y=\"", y, "\" width=\"", w, "\" height=\"", kBoxH,
                    "\" rx=\"6\" class=\"node t", team_slot(id), "\"/><text x=\"", x + 8, "\" y=\"",
                    y + 15, "\" class=\"lbl\">", escape(stage_label(graph, id)), "</text><text x=\"", x + 8,
                    "\" y=\"", y + 28, "\" class=\"tick\">");
    std::string owners;
    for (const std::string& team : graph.teams_of(id))
      absl::StrAppend(&owners, owners.empty() ? "" : " + ", team_label(team));
    absl::StrAppend(&svg, escape(owners), "</text>");
  };
  for (std::string_view id : main) box(id, 10, main_y(id), kBoxW);
  for (std::string_view id : side) box(id, kSideX, side_y(id), kSideW);
  absl::StrAppend(&svg, "</svg>");

  std::string table = "<details><summary>Transitions as a table</summary><div class=\"tw\"><table "
                      "id=\"graph-table\"><thead><tr><th scope=\"col\">From</th><th scope=\"col\">To</th>"
                      "<th scope=\"col\">Kind</th></tr></thead><tbody>";
  for (const Transition& t : graph.transitions())
    absl::StrAppend(&table, "<tr><th scope=\"row\">", escape(stage_label(graph, t.from)), "</th><td>",
                    escape(stage_label(graph, t.to)), "</td><td>", kind_name(t.kind), "</td></tr>");
  absl::StrAppend(&table, "</tbody></table></div></details>");
  return Section{"stage-graph", "The process (stage graph)",
                 absl::StrCat("<p class=\"note\">Main path top to bottom, coloured by team; lost and "
                              "nurture beside it (dashed: back into the funnel).</p>",
                              svg, table),
                 false};
}

}  // namespace modelfunnel::internal::dashboard
