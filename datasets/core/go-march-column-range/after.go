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
	for c := range out {
		out[c].Min = 0xFFFF
	}
	// Walk the samples in storage order so every cache line is read once
	// and in sequence, updating all channels' accumulators per row.
	for row := 0; row < f.Rows; row++ {
		samples := f.Data[row*f.Cols : (row+1)*f.Cols]
		acc := out[:len(samples)]
		for c, v := range samples {
			r := &acc[c]
			if v < r.Min {
				r.Min = v
			}
			if v > r.Max {
				r.Max = v
			}
			r.Sum += uint64(v)
		}
	}
	return out
}
