import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { useRequery } from '../live';
import { useStaffSession } from '../session';
import {
  type ArticleForm,
  articleInput,
  emptyForm,
  filterArticles,
  formOf,
  formProblems,
} from './KnowledgeModel';
import { KnowledgeTryIt } from './KnowledgeTryIt';
import { errorText } from './ReviewModel';
import './Knowledge.css';

const KnowledgeArticlesDocument = graphql(`
  query KnowledgeArticles {
    articles { id title body questions updatedAt }
  }
`);

const UpsertArticleDocument = graphql(`
  mutation UpsertArticle($input: ArticleInput!) {
    upsertArticle(input: $input) { id title body questions updatedAt }
  }
`);

const DeleteArticleDocument = graphql(`
  mutation DeleteArticle($id: ID!) {
    deleteArticle(id: $id)
  }
`);

interface Article {
  id: string;
  title: string;
  body: string;
  questions: string[];
  updatedAt: string;
}

export function Knowledge() {
  const session = useStaffSession();
  const canEdit = session?.role === 'MANAGER' || session?.role === 'ADMIN';
  const [articles, requery] = useQuery({ query: KnowledgeArticlesDocument });
  const refetch = useCallback(() => requery({ requestPolicy: 'network-only' }), [requery]);
  useRequery(refetch);

  const [search, setSearch] = useState('');
  // null: no form open; '' : creating; an id: editing that article.
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<string>();
  const [deleteError, setDeleteError] = useState<string>();
  const [deleteState, deleteArticle] = useMutation(DeleteArticleDocument);

  const list: Article[] = articles.data?.articles ?? [];
  const shown = useMemo(() => filterArticles(list, search), [list, search]);
  const current = editing ? list.find((a) => a.id === editing) : undefined;

  const onDelete = async (a: Article) => {
    setDeleteError(undefined);
    const r = await deleteArticle({ id: a.id });
    if (r.error) return setDeleteError(`Could not delete “${a.title}”: ${errorText(r.error)}`);
    setConfirming(null);
    if (editing === a.id) setEditing(null);
    setNotice(`Deleted “${a.title}”.`);
    refetch();
  };

  return (
    <section aria-labelledby="knowledge-title" className="knowledge">
      <h1 id="knowledge-title">Knowledge</h1>
      {!canEdit ? (
        <p className="knowledge-note">You can read the articles; a manager edits them.</p>
      ) : null}
      {notice ? <p role="status" className="knowledge-ok">{notice}</p> : null}

      {canEdit && editing !== null ? (
        <ArticleEditor
          key={editing || 'new'}
          initial={current ? formOf(current) : emptyForm}
          isNew={!current}
          onDone={(saved) => {
            setEditing(null);
            if (saved) {
              setNotice(`Saved “${saved.title}” (${saved.id}).`);
              refetch();
            }
          }}
        />
      ) : null}

      {canEdit ? <KnowledgeTryIt articles={list} /> : null}

      <section aria-labelledby="articles-title">
        <div className="knowledge-bar">
          <h2 id="articles-title">Articles</h2>
          <label className="knowledge-search">
            Search articles{' '}
            <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
          </label>
          {canEdit ? (
            <button
              type="button"
              onClick={() => {
                setEditing('');
                setNotice(undefined);
              }}
            >
              New article
            </button>
          ) : null}
        </div>
        {articles.error ? (
          <p role="alert" className="knowledge-error">
            Could not load articles: {errorText(articles.error)}
          </p>
        ) : null}
        <p role="status" aria-label="Articles shown" className="knowledge-count">
          {articles.fetching && !articles.data
            ? 'Loading…'
            : `${shown.length} of ${list.length} articles`}
        </p>
        {deleteError ? (
          <p role="alert" className="knowledge-error">
            {deleteError}
          </p>
        ) : null}
        <div className="table-wrap">
          <table aria-labelledby="articles-title" className="knowledge-table">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Example questions</th>
                <th scope="col">Updated</th>
                {canEdit ? (
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {shown.map((a) => (
                <tr key={a.id}>
                  <td>
                    <strong>{a.title}</strong>
                    <div className="knowledge-body">{a.body}</div>
                    <div className="knowledge-id">{a.id}</div>
                  </td>
                  <td>
                    <ul className="knowledge-questions">
                      {a.questions.map((q) => (
                        <li key={q}>{q}</li>
                      ))}
                    </ul>
                  </td>
                  <td>{new Date(a.updatedAt).toLocaleString()}</td>
                  {canEdit ? (
                    <td className="knowledge-actions">
                      {confirming === a.id ? (
                        <span role="group" aria-label={`Confirm deleting ${a.title}`}>
                          <button
                            type="button"
                            onClick={() => void onDelete(a)}
                            disabled={deleteState.fetching}
                            aria-label={`Confirm delete ${a.title}`}
                          >
                            Confirm delete
                          </button>{' '}
                          <button
                            type="button"
                            onClick={() => setConfirming(null)}
                            aria-label={`Keep ${a.title}`}
                          >
                            Keep
                          </button>
                        </span>
                      ) : (
                        <>
                          <button
                            type="button"
                            onClick={() => {
                              setEditing(a.id);
                              setNotice(undefined);
                            }}
                            aria-label={`Edit ${a.title}`}
                          >
                            Edit
                          </button>{' '}
                          <button
                            type="button"
                            onClick={() => {
                              setConfirming(a.id);
                              setDeleteError(undefined);
                            }}
                            aria-label={`Delete ${a.title}`}
                          >
                            Delete
                          </button>
                        </>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

    </section>
  );
}

function ArticleEditor({
  initial,
  isNew,
  onDone,
}: {
  initial: ArticleForm;
  isNew: boolean;
  onDone(saved?: { id: string; title: string }): void;
}) {
  const [form, setForm] = useState(initial);
  const [problems, setProblems] = useState<string[]>([]);
  const [state, upsert] = useMutation(UpsertArticleDocument);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const set = (k: keyof ArticleForm) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const p = formProblems(form);
    setProblems(p);
    if (p.length) return;
    const r = await upsert({ input: articleInput(form) });
    if (r.error) return setProblems([errorText(r.error) ?? 'Could not save.']);
    if (r.data) onDone(r.data.upsertArticle);
  };

  const title = isNew ? 'New article' : `Edit article ${initial.title}`;
  return (
    <section aria-labelledby="article-form-title" className="card knowledge-form">
      <h2 id="article-form-title">{title}</h2>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <label>
          ID {isNew ? '(optional; the server chooses one when blank)' : '(fixed)'}
          <input value={form.id} onChange={set('id')} readOnly={!isNew} name="id" />
        </label>
        <label>
          Title
          <input ref={first} value={form.title} onChange={set('title')} name="title" required />
        </label>
        <label>
          Body
          <textarea value={form.body} onChange={set('body')} rows={6} name="body" required />
        </label>
        <label>
          Example questions (one per line)
          <textarea value={form.questions} onChange={set('questions')} rows={4} name="questions" />
        </label>
        {problems.length ? (
          <div role="alert" className="knowledge-error" aria-label="Article errors">
            {problems.map((p) => (
              <p key={p}>{p}</p>
            ))}
          </div>
        ) : null}
        <div className="knowledge-form-actions">
          <button type="submit" disabled={state.fetching}>
            {isNew ? 'Create article' : 'Save article'}
          </button>
          <button type="button" onClick={() => onDone()}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
