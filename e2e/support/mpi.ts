import type { Page } from '@playwright/test';

/** The test EHR's admin endpoint that takes its master patient index (only) down or up. */
const MPI_ADMIN = 'http://127.0.0.1:18100/ehr/admin/mpi';

export async function setMpi(state: 'down' | 'up'): Promise<void> {
  const response = await fetch(MPI_ADMIN, { method: 'POST', body: new URLSearchParams({ state }) });
  if (!response.ok) throw new Error(`The test EHR did not take its MPI ${state} (HTTP ${response.status})`);
}

/**
 * The deployment's config.json without a master patient index (identity.pixm), as an
 * administrator would run it: records are joined only by links in the data.
 */
export async function withoutMpi(page: Page): Promise<void> {
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    const config = (await response.json()) as { identity?: Record<string, unknown> };
    const identity = { ...config.identity };
    delete identity.pixm;
    await route.fulfill({ response, json: { ...config, identity } });
  });
}
