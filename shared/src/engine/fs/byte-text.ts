/**
 * Bytes as text and back without loss. The shell's streams are strings, but a pipe carries bytes
 * (`gzip -c f | md5sum`): a byte that is not part of valid UTF-8 becomes a lone low surrogate
 * U+DC80…U+DCFF (Python's "surrogateescape"), which valid UTF-8 can never produce, and turns back
 * into the same byte on the way out. Valid UTF-8 takes the platform's fast path both ways.
 */
const strictDecoder = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/** How many bytes a valid UTF-8 sequence starting with `lead` has at `index`, or 0 if invalid. */
function validSequenceLength(bytes: Uint8Array, index: number): number {
  const lead = bytes[index] as number;
  const continuation = (offset: number, low = 0x80, high = 0xbf) => {
    const byte = bytes[index + offset];
    return byte !== undefined && byte >= low && byte <= high;
  };
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return continuation(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const low = lead === 0xe0 ? 0xa0 : 0x80;
    const high = lead === 0xed ? 0x9f : 0xbf;
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const low = lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xf4 ? 0x8f : 0xbf;
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

/** Decodes UTF-8, keeping each invalid byte as U+DC80 + (byte - 0x80). */
export function bytesToText(bytes: Uint8Array): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    const parts: string[] = [];
    let start = 0;
    let index = 0;
    while (index < bytes.length) {
      const length = validSequenceLength(bytes, index);
      if (length > 0) {
        index += length;
        continue;
      }
      if (start < index) parts.push(strictDecoder.decode(bytes.subarray(start, index)));
      parts.push(String.fromCharCode(0xdc00 + (bytes[index] as number)));
      index += 1;
      start = index;
    }
    if (start < index) parts.push(strictDecoder.decode(bytes.subarray(start, index)));
    return parts.join("");
  }
}

/** Encodes text as UTF-8, turning the escapes of `bytesToText` back into their bytes. */
export function textToBytes(text: string): Uint8Array<ArrayBuffer> {
  if (!/[\uD800-\uDFFF]/.test(text)) return encoder.encode(text);
  const out: number[] = [];
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (character.length === 1 && code >= 0xdc80 && code <= 0xdcff) out.push(code - 0xdc00);
    else for (const byte of encoder.encode(character)) out.push(byte);
  }
  return Uint8Array.from(out);
}
