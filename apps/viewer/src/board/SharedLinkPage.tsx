import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { decodeSharedSession } from '@longview/shared-view';
import { useBoardStore } from './boardStore';
import { navigationToCase } from './sharedNavigation';

/**
 * `/board#<shared view>`: opens a shared link. The view is checked (format, integrity, every
 * field) before anything is asked of an archive; a damaged or newer link says so and stops.
 * A good one becomes the agenda and its active case opens exactly as it was shared.
 */
export function SharedLinkPage() {
  const navigate = useNavigate();
  const { hash } = useLocation();
  const [problem, setProblem] = useState<string | undefined>(undefined);
  useEffect(() => {
    const decoded = decodeSharedSession(hash.replace(/^#/, ''));
    setProblem(decoded.ok ? undefined : decoded.message);
    if (!decoded.ok) return;
    const { session } = decoded;
    const active = session.cases[session.activeCase];
    if (!active) return;
    useBoardStore.getState().setAgenda(session.cases.length > 1 ? session : undefined);
    const next = navigationToCase(active);
    navigate(next.path, { replace: true, state: next.state });
  }, [hash, navigate]);
  if (!problem) return <div className="page-message" role="status">Opening the shared view…</div>;
  return (
    <div className="page-message" role="alert" data-testid="shared-link-error">
      <h1>This shared view cannot be opened</h1>
      <p>{problem}</p>
      <p>
        <Link to="/">Go to the study list</Link>
      </p>
    </div>
  );
}
