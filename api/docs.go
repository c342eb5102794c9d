package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"github.com/creatormatch/creatormatch/api/spec"
)

// Docs implements GET /docs: a reference page rendered on the server from
// the embedded spec, so it needs no JavaScript bundle and cannot drift
// from the contract.
func (s *Server) Docs(c echo.Context) error {
	s.docsOnce.Do(func() {
		s.docsHTML, s.docsErr = renderDocs()
		if s.docsErr == nil {
			s.docsCSP, s.docsErr = docsPolicy(s.docsHTML)
		}
	})
	if s.docsErr != nil {
		return s.docsErr
	}
	c.Response().Header().Set("Content-Security-Policy", s.docsCSP)
	return c.HTMLBlob(http.StatusOK, s.docsHTML)
}

// docsPolicy is the page's Content-Security-Policy: no script at all, and
// only its own inline <style>, allowed by hash (the page has no style
// attribute, image or font). Links (to /openapi.yaml, to anchors) are
// navigation, which CSP does not restrict.
func docsPolicy(page []byte) (string, error) {
	_, rest, ok := bytes.Cut(page, []byte("<style>"))
	style, _, ok2 := bytes.Cut(rest, []byte("</style>"))
	if !ok || !ok2 {
		return "", errors.New("docs: the page has no <style> element to hash")
	}
	sum := sha256.Sum256(style)
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; " +
		"base-uri 'none'; form-action 'none'; frame-ancestors 'none'", nil
}

type docOp struct {
	Method, Path, ID, Summary, Description, Scope string
	Params                                        []docParam
	Body, BodyExample                             string
	Responses                                     []docResp
}

type docParam struct{ Name, In, Type, Description string }
type docResp struct{ Status, Description, Schema, Example string }

// exampleOf renders a media type's example (or its first named example)
// as indented JSON, for the page's example blocks; "" without one.
func exampleOf(mt *openapi3.MediaType) string {
	if mt == nil {
		return ""
	}
	ex := mt.Example
	if ex == nil && len(mt.Examples) > 0 {
		names := make([]string, 0, len(mt.Examples))
		for name := range mt.Examples {
			names = append(names, name)
		}
		sort.Strings(names)
		if e := mt.Examples[names[0]]; e != nil && e.Value != nil {
			ex = e.Value.Value
		}
	}
	if ex == nil {
		return ""
	}
	if str, ok := ex.(string); ok {
		return str
	}
	b, err := json.MarshalIndent(ex, "", "  ")
	if err != nil {
		return ""
	}
	return string(b)
}

type docSchema struct {
	Name, Description string
	Props             []docParam
}

func renderDocs() ([]byte, error) {
	sw, err := spec.GetSpec()
	if err != nil {
		return nil, err
	}
	var ops []docOp
	for path, item := range sw.Paths.Map() {
		for method, op := range item.Operations() {
			d := docOp{Method: method, Path: path, ID: op.OperationID, Summary: op.Summary, Description: op.Description}
			if sc, ok := op.Extensions["x-required-scope"].(string); ok {
				d.Scope = sc
			}
			for _, p := range append(item.Parameters, op.Parameters...) {
				if p.Value != nil {
					d.Params = append(d.Params, docParam{p.Value.Name, p.Value.In, schemaName(p.Value.Schema), p.Value.Description})
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				if mt := op.RequestBody.Value.Content.Get("application/json"); mt != nil {
					d.Body = schemaName(mt.Schema)
					d.BodyExample = exampleOf(mt)
				}
			}
			for status, r := range op.Responses.Map() {
				if r.Value == nil {
					continue
				}
				dr := docResp{Status: status}
				if r.Value.Description != nil {
					dr.Description = *r.Value.Description
				}
				cts := make([]string, 0, len(r.Value.Content))
				for ct := range r.Value.Content {
					cts = append(cts, ct)
				}
				sort.Strings(cts) // application/json before text/csv
				for i, ct := range cts {
					if i == 0 {
						dr.Schema = schemaName(r.Value.Content[ct].Schema)
					}
					if dr.Example == "" {
						dr.Example = exampleOf(r.Value.Content[ct])
					}
				}
				d.Responses = append(d.Responses, dr)
			}
			sort.Slice(d.Responses, func(i, j int) bool { return d.Responses[i].Status < d.Responses[j].Status })
			ops = append(ops, d)
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].Path != ops[j].Path {
			return ops[i].Path < ops[j].Path
		}
		return ops[i].Method < ops[j].Method
	})
	var schemas []docSchema
	for name, ref := range sw.Components.Schemas {
		ds := docSchema{Name: name, Description: ref.Value.Description}
		for p, pr := range ref.Value.Properties {
			desc := ""
			if pr.Value != nil {
				desc = pr.Value.Description
			}
			ds.Props = append(ds.Props, docParam{Name: p, Type: schemaName(pr), Description: desc})
		}
		sort.Slice(ds.Props, func(i, j int) bool { return ds.Props[i].Name < ds.Props[j].Name })
		schemas = append(schemas, ds)
	}
	sort.Slice(schemas, func(i, j int) bool { return schemas[i].Name < schemas[j].Name })
	var buf bytes.Buffer
	err = docsTemplate.Execute(&buf, map[string]any{"Info": sw.Info, "Ops": ops, "Schemas": schemas})
	return buf.Bytes(), err
}

// schemaName names a schema for a reader: its component name, or its type.
func schemaName(r *openapi3.SchemaRef) string {
	if r == nil {
		return ""
	}
	if r.Ref != "" {
		return r.Ref[strings.LastIndex(r.Ref, "/")+1:]
	}
	if r.Value == nil || r.Value.Type == nil {
		return "object"
	}
	t := strings.Join(r.Value.Type.Slice(), "|")
	if t == "array" && r.Value.Items != nil {
		return "[]" + schemaName(r.Value.Items)
	}
	if len(r.Value.Enum) > 0 {
		var vals []string
		for _, v := range r.Value.Enum {
			if s, ok := v.(string); ok {
				vals = append(vals, s)
			}
		}
		return t + " (" + strings.Join(vals, ", ") + ")"
	}
	return t
}

var docsTemplate = template.Must(template.New("docs").Funcs(template.FuncMap{
	"lower": strings.ToLower,
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Info.Title}} API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1a1a1a}
code,pre{font-family:ui-monospace,monospace}
.op{border:1px solid #ccc;border-radius:6px;padding:.75rem 1rem;margin:1rem 0}
.m{display:inline-block;min-width:4.5rem;font-weight:700}
.get{color:#0b5d1e}.post{color:#0a3d8f}.delete{color:#8f0a0a}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;text-align:left;padding:.25rem .5rem;vertical-align:top}
.scope{font-size:.85em;background:#eef;border-radius:4px;padding:0 .4rem}
.ex pre{background:#f6f8fa;border-radius:4px;padding:.5rem;overflow-x:auto;max-height:30rem}
</style></head><body>
<header><h1>{{.Info.Title}} <small>{{.Info.Version}}</small></h1>
<p>Rendered from <a href="/openapi.yaml">openapi.yaml</a>, the contract this server validates every request against.</p>
<pre>{{.Info.Description}}</pre></header>
<main><h2>Operations</h2>
{{range .Ops}}<section class="op" id="{{.ID}}"><h3><span class="m {{lower .Method}}">{{.Method}}</span> <code>{{.Path}}</code>
{{if .Scope}}<span class="scope">scope: {{.Scope}}</span>{{end}}</h3>
<p>{{.Summary}}</p>{{if .Description}}<pre>{{.Description}}</pre>{{end}}
{{if .Params}}<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>description</th></tr>
{{range .Params}}<tr><td><code>{{.Name}}</code></td><td>{{.In}}</td><td>{{.Type}}</td><td>{{.Description}}</td></tr>{{end}}</table>{{end}}
{{if .Body}}<h4>Body</h4><p><a href="#schema-{{.Body}}">{{.Body}}</a></p>{{end}}
{{if .BodyExample}}<details class="ex"><summary>Request example</summary><pre>{{.BodyExample}}</pre></details>{{end}}
<h4>Responses</h4><table>{{range .Responses}}<tr><td>{{.Status}}</td><td>{{.Description}}</td><td>{{if .Schema}}<a href="#schema-{{.Schema}}">{{.Schema}}</a>{{end}}</td></tr>{{end}}</table>
{{range .Responses}}{{if and .Example (lt .Status "300")}}<details class="ex"><summary>Response example ({{.Status}})</summary><pre>{{.Example}}</pre></details>{{end}}{{end}}
</section>{{end}}
<h2>Schemas</h2>
{{range .Schemas}}<section class="op" id="schema-{{.Name}}"><h3>{{.Name}}</h3>{{if .Description}}<p>{{.Description}}</p>{{end}}
{{if .Props}}<table><tr><th>field</th><th>type</th><th>description</th></tr>{{range .Props}}<tr><td><code>{{.Name}}</code></td><td>{{.Type}}</td><td>{{.Description}}</td></tr>{{end}}</table>{{end}}</section>{{end}}
</main></body></html>`))
