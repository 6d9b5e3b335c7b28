/**
 * The manifest keeps the extension to reports: it activates where there are reports, contributes
 * its grammar, keybinding and menus to the report language only, and carries what the Marketplace
 * and Restricted Mode need.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function whenClauses(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) whenClauses(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'when' && typeof v === 'string') out.push(v);
      else whenClauses(v, out);
    }
  }
  return out;
}

describe('manifest: only reports', () => {
  it('does not activate on every plain-text or Markdown file', () => {
    const events: string[] = pkg.activationEvents;
    assert.ok(events.includes('onLanguage:ilacs-report'));
    assert.ok(!events.includes('onLanguage:plaintext') && !events.includes('onLanguage:markdown'), events.join(', '));
  });

  it('declares the report language, named as the product names reports', () => {
    const language = pkg.contributes.languages.find((l: { id: string }) => l.id === 'ilacs-report');
    assert.ok(language);
    assert.deepEqual(language.filenamePatterns, ['*__*.txt', '*__*.md', '*__*.markdown']);
    assert.equal(pkg.contributes.languages.length, 1, 'no other language is redefined');
  });

  it('scopes every editor menu, palette entry and keybinding to the report language', () => {
    for (const when of whenClauses(pkg.contributes)) {
      if (!when.includes('editorLangId')) continue;
      const mentions = [...when.matchAll(/editorLangId\s*(==|=~)\s*(\S+)/g)].map((m) => m[2]);
      const readAsReport = /plaintext|markdown/.test(when) && !when.includes('ilacs-report');
      assert.ok(mentions.every((m) => m === 'ilacs-report') || readAsReport, when);
    }
    const readAs = pkg.contributes.menus.commandPalette.find((m: { command: string }) => m.command === 'ilacs.readAsReport');
    assert.match(readAs.when, /plaintext/, 'Read as Ofsted Report is offered where a report has not been recognised');
  });

  it('wraps long report lines by default', () => {
    assert.equal(pkg.contributes.configurationDefaults['[ilacs-report]']['editor.wordWrap'], 'on');
  });
});

describe('manifest: Marketplace and Restricted Mode', () => {
  it('has a 128x128 PNG icon that the package includes', () => {
    const png = readFileSync(path.join(ROOT, pkg.icon));
    assert.deepEqual([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
    assert.equal(png.readUInt32BE(16), 128, 'width');
    assert.equal(png.readUInt32BE(20), 128, 'height');
    assert.match(readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8'), /^!media\/\*\*$/m);
  });

  it('declares what runs in an untrusted workspace', () => {
    const untrusted = pkg.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.match(untrusted.description, /git/);
  });

  it('binds no chord that desktops or VS Code already use', () => {
    const taken = new Set(['ctrl+alt+t', 'ctrl+alt+delete', 'ctrl+alt+l', 'ctrl+alt+d', 'ctrl+k ctrl+t', 'ctrl+shift+t', 'ctrl+t']);
    for (const k of pkg.contributes.keybindings) {
      assert.ok(!taken.has(k.key), `${k.command} is bound to ${k.key}`);
      assert.match(k.when, /editorLangId == ilacs-report/, `${k.command} is scoped to reports`);
    }
  });
});
