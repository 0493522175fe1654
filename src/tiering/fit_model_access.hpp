// The engine's way into FitModel's data (a friend of FitModel).
#pragma once

#include <memory>
#include <utility>

#include "modelfunnel/tiering.hpp"
#include "tiering/fit_model.hpp"

namespace modelfunnel {

struct FitModelAccess {
  static FitModel make(std::shared_ptr<const internal::tiering::FitModelData> data) {
    return FitModel(std::move(data));
  }
  static const internal::tiering::FitModelData& data(const FitModel& model) { return *model.data_; }
};

}  // namespace modelfunnel
