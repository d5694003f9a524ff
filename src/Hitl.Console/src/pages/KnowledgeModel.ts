// Pure logic of the knowledge page: search, form parsing, the "try it" decision in words.

export interface ArticleLike {
  id: string;
  title: string;
  body: string;
  questions: readonly string[];
}

/** Client-side search over title, body and example questions; all words must match. */
export function filterArticles<A extends ArticleLike>(articles: readonly A[], query: string): A[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...articles];
  return articles.filter((a) => {
    const hay = [a.id, a.title, a.body, ...a.questions].join('\n').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** Example questions: one per line, trimmed, blanks and duplicates dropped. */
export function parseQuestions(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const q = line.trim();
    if (q && !seen.has(q)) {
      seen.add(q);
      out.push(q);
    }
  }
  return out;
}

export interface ArticleForm {
  id: string;
  title: string;
  body: string;
  questions: string;
}

export const emptyForm: ArticleForm = { id: '', title: '', body: '', questions: '' };

export function formOf(a: ArticleLike): ArticleForm {
  return { id: a.id, title: a.title, body: a.body, questions: a.questions.join('\n') };
}

/** The ArticleInput for the form; a blank id lets the server choose one. */
export function articleInput(form: ArticleForm): {
  id?: string;
  title: string;
  body: string;
  questions: string[];
} {
  const id = form.id.trim();
  return {
    ...(id ? { id } : {}),
    title: form.title.trim(),
    body: form.body.trim(),
    questions: parseQuestions(form.questions),
  };
}

/** Checks before sending (the server checks again and its errors are shown too). */
export function formProblems(form: ArticleForm): string[] {
  const problems: string[] = [];
  if (!form.title.trim()) problems.push('Title is required.');
  if (!form.body.trim()) problems.push('Body is required.');
  return problems;
}

/** The preview's decision in words. */
export function decisionText(decision: string, queue?: string | null): string {
  switch (decision) {
    case 'ANSWER':
      return 'The bot would answer at once.';
    case 'DRAFT':
      return 'The bot would hold its answer as a draft for a person to review first.';
    case 'ESCALATE':
      return queue
        ? `It would escalate to a person in the ${queue} queue.`
        : 'It would escalate to a person.';
    default:
      return `Decision: ${decision}`;
  }
}

/** Sentiment in [-1,1] in words with its value. */
export function sentimentText(s: number): string {
  const word = s <= -0.5 ? 'very negative' : s < -0.1 ? 'negative' : s > 0.1 ? 'positive' : 'neutral';
  return `${word} (${s.toFixed(2)})`;
}

/** "EXPLICIT_REQUEST" -> "Explicit request". */
export function reasonName(reason: string): string {
  const s = reason.toLowerCase().replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
