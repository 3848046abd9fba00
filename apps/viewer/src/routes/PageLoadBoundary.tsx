import { Component, type ReactNode } from 'react';

interface PageLoadBoundaryState {
  failure: 'none' | 'chunk' | 'unexpected';
}

/**
 * Whether an error is a page chunk that could not be fetched (Chromium, Firefox and Safari word
 * a failed dynamic import differently), rather than a fault of the code that ran.
 */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(message);
}

/**
 * Pages load as separate chunks (lazyRoutes.ts). If one cannot be fetched (network gone, a new
 * deployment replaced the files), say so and offer a reload, instead of an empty window. Any
 * other error that reaches here is the viewer's own fault and is not blamed on the network.
 */
export class PageLoadBoundary extends Component<{ children: ReactNode }, PageLoadBoundaryState> {
  override state: PageLoadBoundaryState = { failure: 'none' };

  static getDerivedStateFromError(error: unknown): PageLoadBoundaryState {
    return { failure: isChunkLoadError(error) ? 'chunk' : 'unexpected' };
  }

  override render() {
    if (this.state.failure === 'none') return this.props.children;
    return (
      <div className="page-message" role="alert" data-testid="page-failure" data-failure={this.state.failure}>
        <h1>{this.state.failure === 'chunk' ? 'This page could not be loaded' : 'This page stopped working'}</h1>
        <p>
          {this.state.failure === 'chunk'
            ? 'The viewer could not fetch part of itself from the server. Check the connection, then reload.'
            : 'The viewer ran into an error of its own. Reload to start this page again; results already saved to the archive are kept.'}
        </p>
        <button type="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
