package client

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Options configure New. The zero value is a keyless client (the server's
// loopback demo mode) that retries a 429 or 503 up to 3 times, waiting at
// most 30 s each time.
type Options struct {
	// APIKey is sent as Authorization: Bearer <key> when set.
	APIKey string
	// HTTPClient does the requests (http.DefaultClient when nil).
	HTTPClient *http.Client
	// MaxRetries is how many times a 429 or 503 is retried (default 3;
	// negative disables retries).
	MaxRetries int
	// MaxRetryWait bounds one wait: a longer Retry-After is not waited
	// for, the response is returned instead (default 30 s).
	MaxRetryWait time.Duration
}

// New returns a client of the API at baseURL (e.g. http://localhost:8080)
// whose methods decode responses into the generated types:
//
//	c, err := client.New("http://localhost:8080", client.Options{APIKey: key})
//	res, err := c.MatchWithResponse(ctx, client.MatchRequest{Brief: &client.Brief{Text: &text}})
//	if res.JSON200 != nil { ... }
//
// Every write (any method but GET and HEAD) carries an Idempotency-Key,
// generated unless the request already has one, so a retry after a 429, a
// 503 or a lost response cannot apply the write twice.
func New(baseURL string, o Options) (*ClientWithResponses, error) {
	return NewClientWithResponses(baseURL, WithHTTPClient(NewDoer(o)))
}

// NewDoer is the HttpRequestDoer New uses: the key, Idempotency-Keys and
// retries, for callers who build the generated Client themselves.
func NewDoer(o Options) HttpRequestDoer {
	if o.HTTPClient == nil {
		o.HTTPClient = http.DefaultClient
	}
	if o.MaxRetries == 0 {
		o.MaxRetries = 3
	}
	if o.MaxRetryWait <= 0 {
		o.MaxRetryWait = 30 * time.Second
	}
	return &doer{o: o}
}

type doer struct{ o Options }

func (d *doer) Do(req *http.Request) (*http.Response, error) {
	if d.o.APIKey != "" && req.Header.Get("Authorization") == "" {
		req.Header.Set("Authorization", "Bearer "+d.o.APIKey)
	}
	if req.Method != http.MethodGet && req.Method != http.MethodHead && req.Header.Get("Idempotency-Key") == "" {
		req.Header.Set("Idempotency-Key", NewIdempotencyKey())
	}
	for attempt := 0; ; attempt++ {
		resp, err := d.o.HTTPClient.Do(req)
		if err != nil || attempt >= d.o.MaxRetries ||
			(resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable) {
			return resp, err
		}
		wait, ok := retryAfter(resp.Header.Get("Retry-After"), attempt)
		if !ok || wait > d.o.MaxRetryWait || (req.Body != nil && req.GetBody == nil) {
			return resp, nil
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		if err := sleep(req.Context(), wait); err != nil {
			return nil, err
		}
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req.Body = body
		}
	}
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date.
// Without one it backs off 1, 2, 4... seconds by attempt.
func retryAfter(h string, attempt int) (time.Duration, bool) {
	if h == "" {
		return time.Second << attempt, true
	}
	if s, err := strconv.Atoi(h); err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// NewIdempotencyKey returns a random key for the Idempotency-Key header.
func NewIdempotencyKey() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(errors.Join(errors.New("crypto/rand"), err))
	}
	return hex.EncodeToString(b[:])
}
