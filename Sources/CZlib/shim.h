// System library shim: zlib (apt: zlib1g-dev), for deflated .npz entries and CRC-32.
#include <zlib.h>
