/**
 * What the page shows instead of the app when it cannot start: what went wrong, in words the
 * administrator can act on, and a Retry that starts the app again from the top (the boot
 * script's early requests included).
 */
export function ConfigErrorPage({ title, problems, advice }: { title: string; problems: readonly string[]; advice: string }) {
  return (
    <div className="page-message" role="alert">
      <h1>{title}</h1>
      <ul>
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
      <p>{advice}</p>
      <button type="button" onClick={() => window.location.reload()}>
        Retry
      </button>
    </div>
  );
}
