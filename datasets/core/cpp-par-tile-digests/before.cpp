#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

// Digest of one tile of an 8-bit image, used to find the tiles that
// changed between two frames.
static uint64_t tile_digest(const std::vector<uint8_t>& img, size_t width,
                            size_t x0, size_t y0, size_t w, size_t h) {
    uint64_t d = 0x84222325cbf29ce4ULL ^ (x0 << 20) ^ y0;
    for (size_t y = y0; y < y0 + h; ++y) {
        const uint8_t* row = img.data() + y * width;
        for (size_t x = x0; x < x0 + w; ++x)
            d = (d ^ row[x]) * 0x100000001b3ULL;
    }
    return d;
}

// Returns the digest of every tile x tile block, row-major over tiles.
// Edge tiles are clipped to the image.
std::vector<uint64_t> tile_digests(const std::vector<uint8_t>& img,
                                   size_t width, size_t height, size_t tile) {
    const size_t tiles_x = (width + tile - 1) / tile;
    const size_t tiles_y = (height + tile - 1) / tile;
    std::vector<uint64_t> out(tiles_x * tiles_y);
    for (size_t t = 0; t < out.size(); ++t) {
        size_t x0 = (t % tiles_x) * tile;
        size_t y0 = (t / tiles_x) * tile;
        size_t w = std::min(tile, width - x0);
        size_t h = std::min(tile, height - y0);
        out[t] = tile_digest(img, width, x0, y0, w, h);
    }
    return out;
}
