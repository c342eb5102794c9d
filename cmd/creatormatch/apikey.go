package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/store"
	"github.com/creatormatch/creatormatch/store/memory"
)

const apikeyUsage = "usage: creatormatch apikey create|revoke|list [flags]"

// keyAdmin is where the apikey command manages keys: the store itself, or
// the API of a server that holds the store (the embedded store admits one
// process; revoking a leaked key must not need downtime).
type keyAdmin interface {
	create(ctx context.Context, workspace, name string, scopes []creatormatch.Scope) (creatormatch.APIKey, string, error)
	revoke(ctx context.Context, id string) error
	list(ctx context.Context) ([]creatormatch.APIKey, error)
	Close() error
}

// runAPIKey manages API keys: create prints the new secret alone on
// stdout (the only time it is ever shown), revoke disables a key, list
// shows ids, names, workspaces, prefixes and scopes — never secrets.
// create --workspace names the workspace the key acts in (default
// "default"). With --server, or
// when a running server holds the embedded store, it goes through that
// server's admin API with the key in $CREATORMATCH_API_KEY.
func runAPIKey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{apikeyUsage}
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("apikey "+sub, flag.ContinueOnError)
	cfg := registerConfig(fs, os.Getenv)
	server := fs.String("server", os.Getenv("CREATORMATCH_SERVER"), "manage keys through this running server's API (http://host:port) instead of the store; the admin key is read from $CREATORMATCH_API_KEY [$CREATORMATCH_SERVER]")
	var scopes, name, workspace string
	if sub == "create" {
		fs.StringVar(&scopes, "scope", "read", "comma-separated scopes: read, write, admin")
		fs.StringVar(&workspace, "workspace", creatormatch.DefaultWorkspace, "the workspace the key acts in (its feedback and blocklist): 1-64 characters of [a-z0-9_-]")
		fs.StringVar(&name, "name", "", "a label for the key")
	}
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	admin, err := openKeyAdmin(ctx, cfg, *server, stderr)
	if err != nil {
		return err
	}
	defer admin.Close()
	switch sub {
	case "create":
		if !creatormatch.ValidWorkspace(workspace) {
			return usageError{fmt.Sprintf("invalid workspace %q: 1-64 characters of [a-z0-9_-], starting with a letter or digit", workspace)}
		}
		var list []creatormatch.Scope
		for _, s := range strings.Split(scopes, ",") {
			sc := creatormatch.Scope(strings.TrimSpace(s))
			if !sc.Valid() {
				return usageError{fmt.Sprintf("unknown scope %q: read, write or admin", s)}
			}
			list = append(list, sc)
		}
		key, secret, err := admin.create(ctx, workspace, name, list)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "created key %s (%s) in workspace %s with scopes %s; the secret below is shown only once\n", key.ID, key.Prefix, key.Workspace, scopes)
		fmt.Fprintln(stdout, secret)
		return nil
	case "revoke":
		if fs.NArg() != 1 {
			return usageError{"usage: creatormatch apikey revoke KEY_ID"}
		}
		if err := admin.revoke(ctx, fs.Arg(0)); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "revoked %s\n", fs.Arg(0))
		return nil
	case "list":
		keys, err := admin.list(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tWORKSPACE\tPREFIX\tSCOPES\tCREATED\tREVOKED")
		for _, k := range keys {
			revoked := "-"
			if !k.Active() {
				revoked = k.RevokedAt.Format(time.RFC3339)
			}
			var sc []string
			for _, s := range k.Scopes {
				sc = append(sc, string(s))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Name, creatormatch.WorkspaceOrDefault(k.Workspace), k.Prefix, strings.Join(sc, ","), k.CreatedAt.Format(time.RFC3339), revoked)
		}
		return tw.Flush()
	}
	return usageError{apikeyUsage}
}

// openKeyAdmin opens the store, or the API of the server named by server,
// or — when the embedded store is held by a running server — the API of
// the server at the default address ($CREATORMATCH_ADDR or 127.0.0.1:8080).
func openKeyAdmin(ctx context.Context, cfg *config, server string, stderr io.Writer) (keyAdmin, error) {
	if server != "" {
		return newAPIKeyClient(server), nil
	}
	st, err := store.Open(ctx, cfg.storeConfig(true))
	if errors.Is(err, memory.ErrLocked) {
		server = "http://" + or(os.Getenv("CREATORMATCH_ADDR"), "127.0.0.1:8080")
		fmt.Fprintf(stderr, "a running server holds the store in %s; using its API at %s (set --server to name another)\n", cfg.DataDir, server)
		return newAPIKeyClient(server), nil
	}
	if err != nil {
		return nil, err
	}
	return storeKeys{st}, nil
}

type storeKeys struct{ st creatormatch.Store }

func (s storeKeys) create(ctx context.Context, workspace, name string, scopes []creatormatch.Scope) (creatormatch.APIKey, string, error) {
	key, secret := creatormatch.NewWorkspaceAPIKey(workspace, name, scopes, time.Now())
	return key, secret, s.st.CreateAPIKey(ctx, key)
}

func (s storeKeys) revoke(ctx context.Context, id string) error {
	return s.st.RevokeAPIKey(ctx, id, time.Now())
}

func (s storeKeys) list(ctx context.Context) ([]creatormatch.APIKey, error) {
	return s.st.ListAPIKeys(ctx)
}

func (s storeKeys) Close() error { return s.st.Close() }

// apiKeyClient calls a server's /v1/apikeys operations.
type apiKeyClient struct {
	base   string
	secret string // $CREATORMATCH_API_KEY; empty works only in loopback demo mode
	http   *http.Client
}

func newAPIKeyClient(server string) *apiKeyClient {
	return &apiKeyClient{base: strings.TrimRight(server, "/"), secret: os.Getenv("CREATORMATCH_API_KEY"), http: &http.Client{Timeout: 30 * time.Second}}
}

func (c *apiKeyClient) Close() error { return nil }

// do sends one request and decodes a 2xx answer into out; any other answer
// becomes an error carrying the server's problem detail and field errors.
func (c *apiKeyClient) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return usageError{fmt.Sprintf("--server %q: %v", c.base, err)}
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.secret != "" {
		req.Header.Set("Authorization", "Bearer "+c.secret)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("the server at %s did not answer: %w", c.base, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("read the server's answer: %w", err)
	}
	if resp.StatusCode/100 == 2 {
		if out == nil || resp.StatusCode == http.StatusNoContent {
			return nil
		}
		return json.Unmarshal(b, out)
	}
	var p struct {
		Detail string `json:"detail"`
		Errors []struct {
			Field, Reason string
		} `json:"errors"`
	}
	msg := strings.TrimSpace(string(b))
	if json.Unmarshal(b, &p) == nil && p.Detail != "" {
		msg = p.Detail
		for _, e := range p.Errors {
			msg += fmt.Sprintf("; %s: %s", e.Field, e.Reason)
		}
	}
	if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
		msg += " (set CREATORMATCH_API_KEY to an admin key)"
	}
	return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, msg)
}

func (c *apiKeyClient) create(ctx context.Context, workspace, name string, scopes []creatormatch.Scope) (creatormatch.APIKey, string, error) {
	var out struct {
		Key    creatormatch.APIKey `json:"key"`
		Secret string              `json:"secret"`
	}
	err := c.do(ctx, http.MethodPost, "/v1/apikeys", map[string]any{"name": name, "workspace": workspace, "scopes": scopes}, &out)
	return out.Key, out.Secret, err
}

func (c *apiKeyClient) revoke(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, "/v1/apikeys/"+url.PathEscape(id), nil, nil)
}

func (c *apiKeyClient) list(ctx context.Context) ([]creatormatch.APIKey, error) {
	var out struct {
		Keys []creatormatch.APIKey `json:"keys"`
	}
	err := c.do(ctx, http.MethodGet, "/v1/apikeys", nil, &out)
	return out.Keys, err
}
