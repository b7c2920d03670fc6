/**
 * A hand-made Windows-1258 encoder for test fixtures, written from the code page itself (not from
 * iconv-lite, whose encoder turns Vietnamese tones into "?"). It writes text the way legacy
 * Vietnamese files do: the letter (with its circumflex, breve or horn) as one byte, then the tone
 * as a separate combining byte. Only the characters the tests need are mapped.
 */
const LETTERS: Record<string, number> = {
  Â: 0xc2,
  Ă: 0xc3,
  Ê: 0xca,
  Ô: 0xd4,
  Ơ: 0xd5,
  Ư: 0xdd,
  Đ: 0xd0,
  â: 0xe2,
  ă: 0xe3,
  ê: 0xea,
  ô: 0xf4,
  ơ: 0xf5,
  ư: 0xfd,
  đ: 0xf0,
};

/** Combining tone marks of code page 1258. */
export const TONES: Record<string, number> = {
  '\u0300': 0xcc, // grave (huyền)
  '\u0309': 0xd2, // hook above (hỏi)
  '\u0303': 0xde, // tilde (ngã)
  '\u0301': 0xec, // acute (sắc)
  '\u0323': 0xf2, // dot below (nặng)
};

export function encodeWindows1258(text: string): Uint8Array {
  const bytes: number[] = [];
  // Each NFD cluster: a base letter, then marks; the tone is split off, the rest recomposed.
  for (const cluster of text.normalize('NFD').match(/\P{M}\p{M}*/gu) ?? []) {
    const marks = [...cluster].slice(1);
    const tones = marks.filter((mark) => mark in TONES);
    const letter = (cluster[0] + marks.filter((mark) => !(mark in TONES)).join('')).normalize('NFC');
    const code = letter.charCodeAt(0);
    if (letter.length === 1 && code < 0x80) bytes.push(code);
    else if (letter in LETTERS) bytes.push(LETTERS[letter] as number);
    else throw new Error(`no Windows-1258 byte for ${JSON.stringify(letter)} in this test helper`);
    for (const tone of tones) bytes.push(TONES[tone] as number);
  }
  return Uint8Array.from(bytes);
}
