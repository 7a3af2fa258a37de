const hangulLetter = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;

/** Whether the text has Hangul in it (syllables or jamo). */
export function hasHangul(text: string): boolean {
  return hangulLetter.test(text);
}
