/**
 * Whether two secrets (passwords) are equal, comparing every character whatever the first difference, so the time
 * taken does not reveal how much of a guess was right.
 */
export function sameSecret(given: string, expected: string): boolean {
  let diff = expected.length ^ given.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ (given.charCodeAt(i) || 0);
  return diff === 0;
}
