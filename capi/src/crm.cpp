// crm.cpp — modelfunnel/crm.h (experimental): close dates, touches,
// campaigns, and the skipped rows and findings of a load.
#define MF_EXPERIMENTAL
#include <cstdint>
#include <optional>
#include <string_view>

#include "errors.hpp"
#include "handles.hpp"
#include "modelfunnel/modelfunnel.h"

using namespace modelfunnel::capi;
namespace mf = modelfunnel;

namespace {

const mf::DataSet& data_arg(const mf_dataset* data) { return arg(data, "data").data; }

// A view and its flag: the empty view when absent.
void text(const std::optional<std::string_view>& s, mf_str& view, std::int32_t& has) {
  has = s ? 1 : 0;
  view = view_of(s ? *s : std::string_view(""));
}

}  // namespace

extern "C" {

int mf_dataset_event_close_date(const mf_dataset* data, size_t event, int* present, int64_t* out) {
  return guard("mf_dataset_event_close_date", [&] {
    const mf::DataSet& d = data_arg(data);
    const mf::Event e = d.event(in_index(event, d.event_count(), "event index"));
    int& p = arg(present, "present");
    std::int64_t& o = arg(out, "out");
    p = e.close_date ? 1 : 0;
    o = e.close_date ? e.close_date->micros() : 0;
  });
}

size_t mf_dataset_touch_count(const mf_dataset* data) { return data == nullptr ? 0 : data->data.touch_count(); }

int mf_dataset_touch(const mf_dataset* data, size_t index, mf_touch* out) {
  return guard("mf_dataset_touch", [&] {
    const mf::DataSet& d = data_arg(data);
    const mf::Touch t = d.touch(in_index(index, d.touch_count(), "touch index"));
    mf_touch& c = arg(out, "out");
    c = mf_touch{};
    c.record = t.record;
    c.time = t.time.micros();
    c.has_cost = t.cost ? 1 : 0;
    c.cost = t.cost ? t.cost->scaled() : 0;
    text(t.campaign, c.campaign, c.has_campaign);
    text(t.channel, c.channel, c.has_channel);
    text(t.interaction, c.interaction, c.has_interaction);
    text(t.utm_source, c.utm_source, c.has_utm_source);
    text(t.utm_medium, c.utm_medium, c.has_utm_medium);
    text(t.utm_campaign, c.utm_campaign, c.has_utm_campaign);
  });
}

int mf_dataset_record_touches(const mf_dataset* data, size_t record, size_t* first, size_t* last) {
  return guard("mf_dataset_record_touches", [&] {
    const mf::DataSet& d = data_arg(data);
    const auto r = static_cast<mf::RecordIndex>(in_index(record, d.record_count(), "record index"));
    size_t& f = arg(first, "first");
    size_t& l = arg(last, "last");
    const auto range = d.touches_of(r);
    f = range.first;
    l = range.second;
  });
}

size_t mf_dataset_campaign_count(const mf_dataset* data) { return data == nullptr ? 0 : data->data.campaign_count(); }

int mf_dataset_campaign(const mf_dataset* data, size_t index, mf_campaign* out) {
  return guard("mf_dataset_campaign", [&] {
    const mf::DataSet& d = data_arg(data);
    const mf::Campaign c = d.campaign(in_index(index, d.campaign_count(), "campaign index"));
    mf_campaign& o = arg(out, "out");
    o = mf_campaign{};
    o.id = view_of(c.id);
    text(c.name, o.name, o.has_name);
    text(c.type, o.type, o.has_type);
    o.has_cost = c.cost ? 1 : 0;
    o.cost = c.cost ? c.cost->scaled() : 0;
    o.has_start = c.start ? 1 : 0;
    o.start = c.start ? c.start->micros() : 0;
  });
}

int mf_load_report_file_skipped(const mf_load_report* report, size_t file, uint64_t* out) {
  return guard("mf_load_report_file_skipped", [&] {
    const mf::LoadReport& r = arg(report, "report").report;
    const mf::FileReport& f = r.files[in_index(file, r.files.size(), "file index")];
    arg(out, "out") = f.skipped;
  });
}

size_t mf_load_report_finding_count(const mf_load_report* report) {
  return report == nullptr ? 0 : report->report.findings.size();
}

int mf_load_report_finding(const mf_load_report* report, size_t index, mf_str* rule, uint64_t* count,
                           mf_str* example) {
  return guard("mf_load_report_finding", [&] {
    const mf::LoadReport& r = arg(report, "report").report;
    const mf::Finding& f = r.findings[in_index(index, r.findings.size(), "finding index")];
    mf_str& rule_out = arg(rule, "rule");
    std::uint64_t& count_out = arg(count, "count");
    mf_str& example_out = arg(example, "example");
    rule_out = view_of(f.rule);
    count_out = f.count;
    example_out = view_of(f.examples.empty() ? std::string_view("") : std::string_view(f.examples.front()));
  });
}

}  // extern "C"
