// Prints the main path of The Model funnel using an installed modelfunnel.
#include <modelfunnel/modelfunnel.hpp>

#include <iostream>

int main() {
  const auto& graph = modelfunnel::StageGraph::the_model();
  std::cout << "modelfunnel " << MF_VERSION_MAJOR << ".x main path: ";
  const char* separator = "";
  for (const auto stage : graph.main_path()) {
    std::cout << separator << stage;
    separator = " -> ";
  }
  std::cout << '\n';
}
