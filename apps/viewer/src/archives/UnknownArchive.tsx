import { Link } from 'react-router-dom';

/** A link that names an archive this deployment does not know: say so, never guess another. */
export function UnknownArchive() {
  return (
    <div className="page-message" role="alert">
      <p>This link names an archive that is not configured here.</p>
      <Link to="/">Back to the study list</Link>
    </div>
  );
}
