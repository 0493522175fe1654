// The document around the sections: inline CSS (Okabe-Ito colours, dark
// mode, one column on a phone and a grid on a wide screen) and the one
// script the page has, which sorts tables. Nothing is fetched: the page
// opens from disk, from an e-mail, offline.
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dashboard/sections.hpp"

namespace modelfunnel::internal::dashboard {
namespace {

constexpr const char* kStyle = R"css(
:root{color-scheme:light dark;--bg:#fff;--fg:#1a1a1a;--muted:#555;--card:#f4f5f7;--line:#c9ced6;
--c0:#0072B2;--c1:#E69F00;--c2:#009E73;--c3:#CC79A7;--c4:#56B4E9;--c5:#D55E00;--hot:#D55E00;--good:#009E73;--bad:#D55E00}
@media (prefers-color-scheme:dark){:root{--bg:#111315;--fg:#e9e9e9;--muted:#a9aeb5;--card:#1c2024;--line:#3b424b;
--c0:#56B4E9;--c4:#0072B2;--hot:#E69F00;--bad:#E69F00}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:anywhere}
header{padding:16px 14px 4px}
h1{font-size:1.35rem;margin:0 0 4px}h2{font-size:1.1rem;margin:0 0 8px}h3{font-size:1rem;margin:12px 0 6px}
.sub,.note,.legend,figcaption{color:var(--muted);font-size:.85rem}
main{display:grid;grid-template-columns:minmax(0,1fr);gap:14px;padding:10px 10px 28px;max-width:1680px;margin:0 auto}
@media (min-width:1000px){main{grid-template-columns:repeat(2,minmax(0,1fr))}.wide{grid-column:1/-1}}
section{background:var(--card);border-radius:10px;padding:12px 14px;min-width:0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:10px}
.card{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:8px 10px}
.card h3{margin:0 0 4px}
dl{margin:0}.kpi{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:0 8px;padding:3px 0;border-top:1px solid var(--line)}
dt{color:var(--muted);font-size:.85rem}dd{margin:0;text-align:right}
.v{font-weight:600;font-variant-numeric:tabular-nums}
.delta,.chg{display:block;font-size:.75rem;color:var(--muted)}
.chg.sig{color:var(--fg);font-weight:600}
svg{display:block;width:100%;height:auto;max-width:560px}
svg text{fill:var(--fg);font-size:13px}svg .tick{fill:var(--muted);font-size:11px}svg .step{font-size:13px;font-weight:600}
.bar{fill:var(--c0)}.bar.hot{fill:var(--hot)}.axis{stroke:var(--line);stroke-width:1}
.whisker{stroke:var(--fg);stroke-width:1.5}.dot{fill:var(--fg)}
.bottleneck{border-left:4px solid var(--hot);padding:4px 8px;background:var(--bg)}
tr.hot th{color:var(--hot)}
.tw{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.85rem;font-variant-numeric:tabular-nums;margin:8px 0}
caption{text-align:left;color:var(--muted);font-size:.8rem;padding:2px 0}
th,td{padding:4px 5px;border-bottom:1px solid var(--line);text-align:right;vertical-align:top}
td{white-space:nowrap}table th{overflow-wrap:break-word}thead th{overflow-wrap:normal}
@media (max-width:480px){table{font-size:.78rem}th,td{padding:3px 3px}}
th[scope=row],td:first-child,thead th:first-child{text-align:left}
thead th{font-weight:600}
th button{font:inherit;color:inherit;background:none;border:0;padding:0;cursor:pointer;text-align:inherit}
th[aria-sort=ascending] button::after{content:" \25B2"}th[aria-sort=descending] button::after{content:" \25BC"}
.minis{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
figure{margin:0}.mini svg{max-width:none}
ul.hbars,ul.stacks{list-style:none;padding:0;margin:6px 0}
.hbars li,.stacks li{margin:5px 0}.hl{display:block;font-size:.85rem}
.hb{display:block;height:10px;background:var(--c1);border-radius:2px;min-width:2px}
.wf .hb.total{background:var(--c0)}.wf .hb.up{background:var(--good)}.wf .hb.down{background:var(--bad)}
.stack{display:flex;height:14px;border-radius:2px;overflow:hidden}
.seg,.key{display:inline-block;height:14px}.key{width:12px;height:10px;margin:0 3px 0 8px}
.d0{background:var(--c2)}.d1{background:var(--c1)}.d2{background:var(--c5)}.d3{background:var(--line)}
.node{stroke-width:1.5;fill:var(--bg)}
.t0{stroke:var(--c0)}.t1{stroke:var(--c1)}.t2{stroke:var(--c2)}.t3{stroke:var(--c3)}.t4{stroke:var(--c4)}.t5{stroke:var(--c5)}
.edge{stroke:var(--muted);stroke-width:1}.edge.recycle,.edge.reopen{stroke-dasharray:4 3}.arrowhead{fill:var(--muted)}
details{margin:6px 0}summary{cursor:pointer;color:var(--muted);font-size:.85rem}
footer{color:var(--muted);font-size:.8rem;padding:0 14px 20px}
)css";

// Sorts a table.sortable by the column whose heading button was pressed:
// numerically by data-value where both cells have one, else by text.
constexpr const char* kScript = R"js(
document.querySelectorAll('table.sortable').forEach(function(t){
  var heads=t.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads,function(th,i){
    var b=th.querySelector('button');if(!b)return;
    b.addEventListener('click',function(){
      var asc=th.getAttribute('aria-sort')!=='ascending';
      Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});
      th.setAttribute('aria-sort',asc?'ascending':'descending');
      var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=a.cells[i],y=b.cells[i],u=x.getAttribute('data-value'),v=y.getAttribute('data-value'),c;
        if(u!==null&&v!==null&&u!==''&&v!=='')c=parseFloat(u)-parseFloat(v);
        else c=x.textContent.localeCompare(y.textContent);
        return asc?c:-c;});
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
});
)js";

}  // namespace

std::string page(std::string_view title_view, std::string_view subtitle_view,
                 const std::vector<Section>& sections) {
  // absl::StrCat takes absl::string_view, which is not std::string_view here.
  const std::string title_escaped(title_view), subtitle_escaped(subtitle_view);
  std::string out = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<meta name=\"generator\" content=\"modelfunnel\"><title>",
      title_escaped, "</title><style>", kStyle, "</style></head><body><header><h1>", title_escaped,
      "</h1><p class=\"sub\">", subtitle_escaped, "</p></header><main>");
  for (const Section& s : sections)
    absl::StrAppend(&out, "<section id=\"", s.id, "\" aria-labelledby=\"", s.id, "-h\"",
                    s.wide ? " class=\"wide\"" : "", "><h2 id=\"", s.id, "-h\">", s.title, "</h2>",
                    s.body, "</section>\n");
  absl::StrAppend(&out, "</main><footer>Made by modelfunnel. docs/dashboard.md says how each figure "
                        "is computed.</footer><script>", kScript, "</script></body></html>\n");
  return out;
}

}  // namespace modelfunnel::internal::dashboard
