import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import * as herald from '../src/herald.js';

// herald.d.ts is written by hand: this keeps it and herald.js naming the same things. (What the types
// say is checked by tsc in npm test: tsconfig.json and test/types/tsconfig.json.)
const source = ts.createSourceFile('herald.d.ts',
  readFileSync(new URL('../src/herald.d.ts', import.meta.url), 'utf8'), ts.ScriptTarget.ES2022);

const exported = (node) => node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Runtime exports herald.d.ts declares (classes, functions, constants; types have no runtime side). */
function declaredValues() {
  const names = new Set();
  for (const node of source.statements) {
    if (!exported(node)) {
      continue;
    }
    if (ts.isClassDeclaration(node) || ts.isFunctionDeclaration(node)) {
      names.add(node.name.text);
    } else if (ts.isVariableStatement(node)) {
      node.declarationList.declarations.forEach((d) => names.add(d.name.text));
    }
  }
  return names;
}

/** Public instance members herald.d.ts declares on class `name` (constructor excluded). */
function declaredMembers(name) {
  const node = source.statements.find((s) => ts.isClassDeclaration(s) && s.name?.text === name);
  return new Set(node.members.filter((m) => m.name && !ts.isConstructorDeclaration(m)
    && !m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)).map((m) => m.name.text));
}

/** Public instance members of a JS class: own prototype methods and getters, not inherited ones. */
function runtimeMembers(cls) {
  return new Set(Object.getOwnPropertyNames(cls.prototype).filter((n) => n !== 'constructor'));
}

test('herald.d.ts declares exactly the values herald.js exports', () => {
  const runtime = new Set(Object.keys(herald).filter((n) => n !== 'default'));
  assert.deepEqual([...declaredValues()].sort(), [...runtime].sort());
  assert.equal(herald.default, herald.Herald);
});

for (const name of ['Herald', 'Subscription', 'Emitter']) {
  test(`herald.d.ts declares exactly the public members of ${name}`, () => {
    const declared = declaredMembers(name);
    const runtime = runtimeMembers(herald[name]);
    // emit() is the client's own business: listeners are what pages attach
    if (name === 'Emitter') {
      runtime.delete('emit');
    }
    assert.deepEqual([...declared].sort(), [...runtime].sort());
  });
}
