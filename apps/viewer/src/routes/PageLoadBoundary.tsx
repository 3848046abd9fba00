import { Component, type ReactNode } from 'react';

interface PageLoadBoundaryState {
  failed: boolean;
}

/**
 * Pages load as separate chunks (lazyRoutes.ts). If one cannot be fetched (network gone, a new
 * deployment replaced the files), say so and offer a reload, instead of an empty window.
 */
export class PageLoadBoundary extends Component<{ children: ReactNode }, PageLoadBoundaryState> {
  override state: PageLoadBoundaryState = { failed: false };

  static getDerivedStateFromError(): PageLoadBoundaryState {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="page-message" role="alert">
        <h1>This page could not be loaded</h1>
        <p>The viewer could not fetch part of itself from the server. Check the connection, then reload.</p>
        <button type="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
