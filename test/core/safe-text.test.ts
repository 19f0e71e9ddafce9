import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  htmlText,
  isSafeText,
  jsonText,
  markdownText,
  safeStrings,
  terminalText,
} from '../../lambdas/core/safe-text.ts';

/** What must never reach a terminal raw: ESC/CSI, NUL, BEL, CR, bidi overrides and isolates, invisibles. */
function dangerous(text: string): boolean {
  return [...text].some((ch) => {
    const c = ch.codePointAt(0) ?? 0;
    return (
      c < 0x20 ||
      (c >= 0x7f && c <= 0x9f) ||
      [0x61c, 0x200b, 0x200e, 0x200f, 0xfeff].includes(c) ||
      (c >= 0x2028 && c <= 0x202e) ||
      (c >= 0x2060 && c <= 0x2064) ||
      (c >= 0x2066 && c <= 0x2069) ||
      (c >= 0xe0000 && c <= 0xe007f) ||
      (c >= 0xd800 && c <= 0xdfff) // a lone surrogate: [...text] splits pairs into code points
    );
  });
}

const hostile = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      '\u001b[31m',
      '\u001b]0;owned\u0007',
      '\u0000',
      '\r',
      '\n',
      '\u009b2J',
      '\u202e',
      '\u2066',
      '\u200f',
      '\ufeff',
      '\u{e0041}',
      '|',
      '<',
      '&',
      '`',
      '*',
      '\\',
      '\ud800',
    ),
    fc.string({ unit: 'grapheme', maxLength: 3 }),
    fc.string({ unit: 'binary', maxLength: 3 }),
    fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
  ),
  maxLength: 40,
});

describe('terminalText', () => {
  it('turns escape sequences, NUL and bidi overrides into visible escapes', () => {
    expect(terminalText('alice\u001b[2J\u001b]0;pwned\u0007')).toBe('alice\\x1b[2J\\x1b]0;pwned\\x07');
    expect(terminalText('evil\u0000user')).toBe('evil\\x00user');
    expect(terminalText('invoice\u202egpj.exe')).toBe('invoice\\u202egpj.exe');
    expect(terminalText('a\u2066b\u2069')).toBe('a\\u2066b\\u2069');
    expect(terminalText('line1\r\nline2')).toBe('line1\\x0d\\x0aline2');
    expect(terminalText('\u009b31m')).toBe('\\x9b31m');
    expect(terminalText('tag\u{e0041}')).toBe('tag\\u{e0041}');
  });

  it('leaves ordinary text, accents, CJK and emoji alone', () => {
    for (const text of ['alice@example.com', 'Zoë Ångström', '山田太郎', '👩‍💻 ops', 'CONTOSO\\bob', 'א ב']) {
      expect(terminalText(text)).toBe(text);
      expect(isSafeText(text)).toBe(true);
    }
  });

  it('never lets a dangerous character through (property)', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        for (const out of [terminalText(text), markdownText(text), htmlText(text)]) {
          expect(dangerous(out)).toBe(false);
        }
      }),
    );
  });
});

describe('markdownText', () => {
  it('keeps a table cell one cell and raw HTML inert', () => {
    expect(markdownText('a | b')).toBe('a \\| b');
    expect(markdownText('<img src=x onerror=alert(1)>')).toBe('\\<img src=x onerror=alert(1)\\>');
    expect(markdownText('&#x202e;')).toBe('\\&#x202e;');
    expect(markdownText('[click](http://evil)')).toBe('\\[click\\](http://evil)');
    expect(markdownText('**bold** `code` _x_ ~~s~~')).toBe(
      '\\*\\*bold\\*\\* \\`code\\` \\_x\\_ \\~\\~s\\~\\~',
    );
  });

  it('never leaves an unescaped pipe, angle bracket or backtick (property)', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        // Every syntax character is preceded by an odd run of backslashes, i.e. escaped.
        const out = markdownText(text);
        for (const m of out.matchAll(/(\\*)([|<>`[\]*_&~])/g)) expect((m[1] ?? '').length % 2).toBe(1);
      }),
    );
  });
});

describe('htmlText', () => {
  it('escapes markup and quotes', () => {
    expect(htmlText(`<script>alert("x")</script>'&`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;',
    );
  });
});

describe('jsonText', () => {
  it('parses back to the same value and shows no bidi or C1 character raw', () => {
    fc.assert(
      fc.property(fc.jsonValue(), hostile, (value, text) => {
        const doc = { value, text, [text]: text };
        for (const space of [undefined, 2]) {
          const out = jsonText(doc, space);
          expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(doc)));
          expect(dangerous(out.replaceAll('\n', ''))).toBe(false);
        }
      }),
    );
  });
});

describe('safeStrings', () => {
  it('neutralizes every string of a nested value, keys included, and keeps the rest', () => {
    const out = safeStrings({
      user: 'x\u001b[2J',
      list: ['\u202e', 3, null, true],
      nested: { 'k\u0000': 'v' },
    });
    expect(out).toEqual({ user: 'x\\x1b[2J', list: ['\\u202e', 3, null, true], nested: { 'k\\x00': 'v' } });
    expect(safeStrings({ cell: 'a|b' }, markdownText)).toEqual({ cell: 'a\\|b' });
  });
});

describe('markdownText backslashes', () => {
  it('keeps a Windows path readable and a trailing backslash from escaping what follows', () => {
    expect(markdownText('C:\\Program Files\\app.exe')).toBe('C:\\Program Files\\app.exe');
    expect(markdownText('CONTOSO\\')).toBe('CONTOSO\\\\');
    expect(markdownText('a\\|b')).toBe('a\\\\\\|b');
  });
});
