/** Words too common to say what a sentence is about (a short English stop list). */
const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'the and for are but not you your with this that from have has had was were will would can ' +
    'could should may might must its our their them they then than there these those what when ' +
    'where which who whom why how all any each other some such only own same too very just also ' +
    'into onto out over under again once here more most about above below after before between ' +
    'both does did doing being been because while until off per'
  ).split(' '),
);

interface Sentence {
  readonly index: number;
  readonly text: string;
  readonly words: number;
  readonly score: number;
}

/**
 * A deterministic extractive summary of `text` in at most `maxWords` words: a sentence scores
 * by how often its terms occur in the other sentences (normalised by the square root of its
 * length, so long sentences do not win by size alone); the best are kept while they fit, those
 * sharing no term are left out unless nothing else is, and the kept ones are given in their
 * original order. When no sentence fits, the best one is cut at `maxWords` words.
 */
export function extractiveSummary(text: string, maxWords: number): string {
  const sentences = splitSentences(text);
  if (sentences.length === 0) return '';
  const frequency = new Map<string, number>();
  for (const sentence of sentences) {
    for (const term of termsOf(sentence)) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  }
  const scored: Sentence[] = sentences.map((sentence, index) => {
    const terms = new Set(termsOf(sentence));
    let sum = 0;
    for (const term of terms) sum += (frequency.get(term) ?? 1) - 1;
    const words = countWords(sentence);
    return { index, text: sentence, words, score: sum / Math.sqrt(Math.max(words, 1)) };
  });
  const sorted = [...scored].sort((a, b) => b.score - a.score || a.index - b.index);
  const related = sorted.filter((sentence) => sentence.score > 0);
  const ranked = related.length > 0 ? related : sorted;
  const kept: Sentence[] = [];
  let total = 0;
  for (const sentence of ranked) {
    if (total + sentence.words > maxWords) continue;
    kept.push(sentence);
    total += sentence.words;
  }
  if (kept.length === 0) {
    const best = (ranked[0] as Sentence).text.split(/\s+/).slice(0, maxWords).join(' ');
    return `${best} …`;
  }
  return kept
    .sort((a, b) => a.index - b.index)
    .map((sentence) => sentence.text)
    .join(' ');
}

/**
 * Sentences of Markdown-ish text. Lines of one paragraph are joined first (Markdown wraps a
 * sentence over lines); a blank line, a list item, a heading, a quote or a table row starts a
 * new block. Their markers, table bars, code ticks and emphasis marks are dropped; an underscore
 * inside a word (`pg_restore`) stays.
 */
function splitSentences(text: string): string[] {
  const blocks: string[] = [];
  let paragraph: string[] = [];
  const endParagraph = (): void => {
    if (paragraph.length > 0) blocks.push(paragraph.join(' '));
    paragraph = [];
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '' || /^[-: |]+$/.test(line.trim())) {
      endParagraph();
    } else if (/^\s*(?:[-*+]|\d+\.|#+|>)\s+|^\s*\|/.test(line)) {
      endParagraph();
      paragraph.push(line);
    } else {
      paragraph.push(line);
    }
  }
  endParagraph();
  return blocks
    .map((block) =>
      block
        .replace(/^\s*(?:[-*+]|\d+\.|#+|>)\s+/, '')
        .replace(/[|`*]|(?<!\w)_+|_+(?!\w)/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((block) => block !== '')
    .flatMap((block) => block.split(/(?<=[.!?])\s+(?=[A-Z0-9"'(])/))
    .filter((sentence) => countWords(sentence) > 0);
}

/** Lower-case words outside the stop list; a plural `s` is dropped so `claims` counts as `claim`. */
function termsOf(sentence: string): string[] {
  return (sentence.toLowerCase().match(/[a-z0-9]+/g) ?? [])
    .filter((term) => term.length > 2 && !STOP_WORDS.has(term))
    .map((term) =>
      term.length > 3 && term.endsWith('s') && !term.endsWith('ss') ? term.slice(0, -1) : term,
    );
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}
