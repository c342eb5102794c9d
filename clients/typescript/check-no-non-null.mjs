// check-no-non-null: fail on any TypeScript non-null assertion (`x!`,
// `x!.y`) in the client and its example: a field the spec marks required
// is typed as present, and an optional one must be checked, never
// asserted. Uses the TypeScript compiler's parser, so strings and
// comments cannot fool it.
//
// Usage: node check-no-non-null.mjs FILE.ts...
import { readFileSync } from "node:fs";
import ts from "typescript";

let found = 0;
for (const file of process.argv.slice(2)) {
  const src = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isNonNullExpression(node)) {
      const { line, character } = src.getLineAndCharacterOfPosition(node.getStart());
      console.error(`${file}:${line + 1}:${character + 1}: non-null assertion ${node.getText()}`);
      found++;
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
}
if (found > 0) {
  console.error(`${found} non-null assertion(s): check the value instead`);
  process.exit(1);
}
