import { useParams } from 'react-router-dom';

/** A page that is reachable by URL but not built yet. */
export function ComingNext({ title }: { title: string }) {
  const { id } = useParams();
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{title}</h1>
      {id ? <p>Conversation {id}</p> : null}
      <p>This page is coming next.</p>
    </section>
  );
}
