package main

// Frame is a batch of sensor readings: Rows samples of Cols channels,
// stored row-major (all channels of sample 0, then sample 1, ...).
type Frame struct {
	Rows, Cols int
	Data       []uint16
}

// Range is the observed span of one channel.
type Range struct {
	Min, Max uint16
	Sum      uint64
}

// ChannelRanges returns the minimum, maximum and sum of every channel,
// used to calibrate the per-channel gain before the frame is stored.
func ChannelRanges(f *Frame) []Range {
	out := make([]Range, f.Cols)
	if f.Rows == 0 {
		return out
	}
	for c := 0; c < f.Cols; c++ {
		r := Range{Min: 0xFFFF}
		for row := 0; row < f.Rows; row++ {
			v := f.Data[row*f.Cols+c]
			if v < r.Min {
				r.Min = v
			}
			if v > r.Max {
				r.Max = v
			}
			r.Sum += uint64(v)
		}
		out[c] = r
	}
	return out
}
