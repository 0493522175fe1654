// text.cpp — mf_text: an owned text (JSON, DOT) handed to the caller.
#include "errors.hpp"
#include "handles.hpp"

extern "C" {

mf_str mf_text_view(const mf_text* text) {
  if (text == nullptr) return modelfunnel::capi::view_of("");
  return mf_str{text->text.c_str(), text->text.size()};
}

void mf_text_free(mf_text* text) { delete text; }

}  // extern "C"
