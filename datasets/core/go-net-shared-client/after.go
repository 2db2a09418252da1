package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// Rate is one currency conversion rate as served by the rates service.
type Rate struct {
	Pair  string `json:"pair"`
	Micro int64  `json:"micro"` // rate * 1e6
}

// ratesClient is shared by all lookups so that connections to the rates
// service are kept alive and reused.
var ratesClient = &http.Client{
	Transport: &http.Transport{
		MaxIdleConns:        10,
		MaxIdleConnsPerHost: 10,
		IdleConnTimeout:     30 * time.Second,
	},
	Timeout: 5 * time.Second,
}

func getRate(baseURL, pair string) (Rate, error) {
	resp, err := ratesClient.Get(baseURL + "/v1/rate?pair=" + url.QueryEscape(pair))
	if err != nil {
		return Rate{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		return Rate{}, fmt.Errorf("rate %s: %s", pair, resp.Status)
	}
	var r Rate
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return Rate{}, err
	}
	// Drain what the decoder left behind so the connection can go back
	// to the idle pool.
	io.Copy(io.Discard, resp.Body)
	return r, nil
}

// FetchRates looks up the conversion rate of every pair, in order.
func FetchRates(baseURL string, pairs []string) ([]Rate, error) {
	out := make([]Rate, 0, len(pairs))
	for _, p := range pairs {
		r, err := getRate(baseURL, p)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
