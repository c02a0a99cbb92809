// The JavaScript half of the shared tokenizer table (the Rust half is in src/search/shared_table.rs).
// Run with: node --test tests/search/
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const statics = path.join(__dirname, '..', '..', 'templates', 'static');
for (const name of ['russian', 'swedish', 'english']) {
  vm.runInThisContext(fs.readFileSync(path.join(statics, 'stemmers', name + '.js'), 'utf8'));
}
const kbsearch = require(path.join(statics, 'search.js'));
const table = JSON.parse(fs.readFileSync(path.join(__dirname, 'tokens.json'), 'utf8'));

test('words are split and lowercased as in Rust', () => {
  for (const row of table.words) {
    assert.deepStrictEqual(kbsearch.words(row.text), row.words, row.text);
  }
});

test('terms are stemmed and folded as in Rust', () => {
  for (const row of table.terms) {
    assert.strictEqual(kbsearch.term(row.word, row.lang), row.term, `${row.lang} ${row.word}`);
  }
});

test('queries in every code notation become the index terms', () => {
  for (const row of table.queries) {
    const groups = kbsearch.parse(row.query, row.lang).map((g) => g.terms);
    assert.deepStrictEqual(groups, row.groups, row.query);
  }
});

test('a term lives in the shard of its longest key prefix', () => {
  const keys = new Set(['c', 'co', 'con', '4.4']);
  assert.strictEqual(kbsearch.shardKey(keys, 'connect'), 'con');
  assert.strictEqual(kbsearch.shardKey(keys, 'cod'), 'co');
  assert.strictEqual(kbsearch.shardKey(keys, 'cat'), 'c');
  assert.strictEqual(kbsearch.shardKey(keys, '4.4.316'), '4.4');
  assert.strictEqual(kbsearch.shardKey(keys, 'dns'), null);
  assert.strictEqual(kbsearch.hex('сб'), 'd181d0b1');
});
