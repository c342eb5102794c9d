package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/store"
)

// runAPIKey manages API keys: create prints the new secret alone on
// stdout (the only time it is ever shown), revoke disables a key, list
// shows ids, names, prefixes and scopes — never secrets.
func runAPIKey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"usage: creatormatch apikey create|revoke|list [flags]"}
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("apikey "+sub, flag.ContinueOnError)
	cfg := registerConfig(fs, os.Getenv)
	var scopes, name string
	if sub == "create" {
		fs.StringVar(&scopes, "scope", "read", "comma-separated scopes: read, write, admin")
		fs.StringVar(&name, "name", "", "a label for the key")
	}
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	st, err := store.Open(ctx, cfg.storeConfig(true))
	if err != nil {
		return err
	}
	defer st.Close()
	switch sub {
	case "create":
		var list []creatormatch.Scope
		for _, s := range strings.Split(scopes, ",") {
			sc := creatormatch.Scope(strings.TrimSpace(s))
			if !sc.Valid() {
				return usageError{fmt.Sprintf("unknown scope %q: read, write or admin", s)}
			}
			list = append(list, sc)
		}
		key, secret := creatormatch.NewAPIKey(name, list, time.Now())
		if err := st.CreateAPIKey(ctx, key); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "created key %s (%s) with scopes %s; the secret below is shown only once\n", key.ID, key.Prefix, scopes)
		fmt.Fprintln(stdout, secret)
		return nil
	case "revoke":
		if fs.NArg() != 1 {
			return usageError{"usage: creatormatch apikey revoke KEY_ID"}
		}
		if err := st.RevokeAPIKey(ctx, fs.Arg(0), time.Now()); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "revoked %s\n", fs.Arg(0))
		return nil
	case "list":
		keys, err := st.ListAPIKeys(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tPREFIX\tSCOPES\tCREATED\tREVOKED")
		for _, k := range keys {
			revoked := "-"
			if !k.Active() {
				revoked = k.RevokedAt.Format(time.RFC3339)
			}
			var sc []string
			for _, s := range k.Scopes {
				sc = append(sc, string(s))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Name, k.Prefix, strings.Join(sc, ","), k.CreatedAt.Format(time.RFC3339), revoked)
		}
		return tw.Flush()
	}
	return usageError{"usage: creatormatch apikey create|revoke|list [flags]"}
}
