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

func getRate(baseURL, pair string) (Rate, error) {
	tr := &http.Transport{
		MaxIdleConns:    10,
		IdleConnTimeout: 30 * time.Second,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 5 * time.Second}

	resp, err := client.Get(baseURL + "/v1/rate?pair=" + url.QueryEscape(pair))
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
