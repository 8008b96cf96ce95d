#include <iostream>

int main() {
  std::cout << "retort " RETORT_VERSION "\n";
  return 0;
}
